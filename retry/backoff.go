package retry

import (
	"math"
	"time"
)

// A Backoff returns the wait before retry n, where n is 1 before the second
// attempt, 2 before the third, and so on. prev is the value it returned
// for retry n-1 (0 for the first), and r is a random number in [0, 1)
// from the policy's Rand.
//
// A Backoff must be a pure function of its arguments: it keeps no state, so
// a [Policy] that holds one is safe to share. The backoffs of this package
// never return less than 0 or more than their cap, never overflow and never
// panic, whatever their arguments; a cap of zero or less makes every wait
// zero.
type Backoff func(n int, prev time.Duration, r float64) time.Duration

// Constant returns a Backoff that waits d before every retry, or nothing if
// d is zero or less.
func Constant(d time.Duration) Backoff {
	d = max(d, 0)
	return func(int, time.Duration, float64) time.Duration { return d }
}

// Linear returns a Backoff that waits base×n before retry n, up to cap:
// base, 2×base, 3×base, and so on.
func Linear(base, cap time.Duration) Backoff {
	return func(n int, _ time.Duration, _ float64) time.Duration {
		return linear(base, cap, n)
	}
}

// Exponential returns a Backoff that waits base×2ⁿ⁻¹ before retry n, up to
// cap: base, 2×base, 4×base, and so on, with no jitter. Clients that fail
// together retry together with it; prefer [FullJitter] for calls to a
// shared service.
func Exponential(base, cap time.Duration) Backoff {
	return func(n int, _ time.Duration, _ float64) time.Duration {
		return exponential(base, cap, n)
	}
}

// FullJitter returns a Backoff that waits a random time between 0 and the
// wait of [Exponential](base, cap). It spreads clients the most and is the
// policy's default, with a base of 100ms and a cap of 10s.
func FullJitter(base, cap time.Duration) Backoff {
	return func(n int, _ time.Duration, r float64) time.Duration {
		return scale(exponential(base, cap, n), r)
	}
}

// EqualJitter returns a Backoff that waits half the wait of
// [Exponential](base, cap) plus a random time up to the other half: it
// keeps a floor under each wait at the price of less spread.
func EqualJitter(base, cap time.Duration) Backoff {
	return func(n int, _ time.Duration, r float64) time.Duration {
		e := exponential(base, cap, n)
		half := e / 2
		return e - half + scale(half, r)
	}
}

// Decorrelated returns a Backoff that waits a random time between base and
// three times its previous wait (three times base for the first), up to
// cap. Unlike the formula it comes from, it draws below the cap rather than
// clamping to it, so clients that have reached the cap stay spread out.
func Decorrelated(base, cap time.Duration) Backoff {
	return func(_ int, prev time.Duration, r float64) time.Duration {
		if base <= 0 || cap <= 0 {
			return 0
		}
		lo := min(base, cap)
		hi := min(triple(max(prev, base)), cap)
		return lo + scale(hi-lo, r)
	}
}

// linear returns min(base×n, cap), saturating, and 0 for a non-positive
// base or cap. An n below 1 counts as 1.
func linear(base, cap time.Duration, n int) time.Duration {
	if base <= 0 || cap <= 0 {
		return 0
	}
	n = max(n, 1)
	if base > cap/time.Duration(n) {
		return cap
	}
	return min(base*time.Duration(n), cap)
}

// exponential returns min(base×2ⁿ⁻¹, cap), saturating, and 0 for a
// non-positive base or cap. An n below 1 counts as 1.
func exponential(base, cap time.Duration, n int) time.Duration {
	if base <= 0 || cap <= 0 {
		return 0
	}
	shift := max(n, 1) - 1
	if shift >= 63 || base > cap>>shift {
		return cap
	}
	return base << shift
}

// triple returns 3×d, saturating at the largest Duration.
func triple(d time.Duration) time.Duration {
	if d > math.MaxInt64/3 {
		return math.MaxInt64
	}
	return 3 * d
}

// scale returns d×r for d ≥ 0, within [0, d] for any r: a NaN or negative r
// counts as 0, and one of 1 or more as 1.
func scale(d time.Duration, r float64) time.Duration {
	if !(r > 0) || d <= 0 {
		return 0
	}
	f := float64(d) * r
	if f >= float64(d) {
		return d
	}
	return time.Duration(f)
}
