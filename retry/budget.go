package retry

import (
	"math"
	"sync/atomic"
)

// A Budget limits retries and hedges across calls, so that clients stop
// adding load to a service that is failing: one [Policy] or [HedgePolicy]
// value, or many, may share it.
//
// Allow is asked before every retry and every hedge, never before a first
// attempt; a Budget that says no stops the calls with [ErrThrottled] and
// never cancels an attempt already running. Record is told of every
// attempt that succeeded (err is nil) and of every failure that would have
// been retried; failures the calls stop on at once (errors marked
// [Permanent] or rejected by RetryIf, and errors after the caller's context
// ended) are not the service's fault and are not recorded. attempt numbers
// the attempts of one call from 1.
//
// A Budget is used by many goroutines at once. It must not block, and it
// should start no goroutines or timers: a Budget made outside a
// testing/synctest bubble and used inside one (or the other way round)
// works only if it keeps nothing but plain memory.
type Budget interface {
	Allow() bool
	Record(attempt int, err error)
}

// A TokenBucket is a [Budget] with the semantics of gRPC's retry
// throttling: it holds up to maxTokens tokens and starts full; every
// recorded failure takes one token away, every recorded success adds
// ratio tokens, and retries are allowed only while more than half the
// tokens are left.
//
// A TokenBucket is safe for simultaneous use by multiple goroutines. It
// takes no lock and starts no goroutine or timer. The zero TokenBucket has
// no tokens and denies every retry; create one with [NewTokenBucket].
type TokenBucket struct {
	max    int64        // capacity, in thousandths of a token
	ratio  int64        // added per success, in thousandths of a token
	tokens atomic.Int64 // left, in thousandths of a token
}

// milli is one token, in the thousandths a TokenBucket counts in.
const milli = 1000

// NewTokenBucket returns a full TokenBucket. As gRPC does, it clamps
// maxTokens to [1, 1000] and keeps ratio to three decimal places; a
// negative or NaN ratio counts as 0, and a ratio above maxTokens as
// maxTokens.
func NewTokenBucket(maxTokens int, ratio float64) *TokenBucket {
	maxTokens = min(max(maxTokens, 1), 1000)
	if !(ratio > 0) {
		ratio = 0
	}
	b := &TokenBucket{
		max:   int64(maxTokens) * milli,
		ratio: int64(math.Round(min(ratio, float64(maxTokens)) * milli)),
	}
	b.tokens.Store(b.max)
	return b
}

// Allow reports whether more than half of b's tokens are left.
func (b *TokenBucket) Allow() bool { return b.tokens.Load() > b.max/2 }

// Record adds the bucket's ratio of a token to b for a success (a nil
// err), and takes one token away for a failure, staying between zero and
// the bucket's capacity.
func (b *TokenBucket) Record(_ int, err error) {
	for {
		old := b.tokens.Load()
		next := max(old-milli, 0)
		if err == nil {
			next = min(old+b.ratio, b.max)
		}
		if next == old || b.tokens.CompareAndSwap(old, next) {
			return
		}
	}
}

// Tokens returns the number of tokens left in b.
func (b *TokenBucket) Tokens() float64 { return float64(b.tokens.Load()) / milli }
