package retry

import (
	"context"
	"math/rand/v2"
	"time"
)

// Forever, as a Policy's MaxAttempts, retries until the calls succeed, stop
// for another reason, or their context ends.
const Forever = -1

// The defaults a zero Policy field stands for.
const (
	defaultAttempts = 3
	defaultMaxHint  = time.Minute
	defaultBase     = 100 * time.Millisecond
	defaultCap      = 10 * time.Second
)

var defaultBackoff = FullJitter(defaultBase, defaultCap)

// A Policy says how to retry a call. Its zero value is useful: three
// attempts in all, waits drawn by [FullJitter] from 100ms up to 10s, no time
// limit beyond the context's, server hints honored up to a minute, every
// error retried but those marked [Permanent], and no budget.
//
// A Policy is a plain value: copy it, share it between goroutines, or load
// its numbers from configuration. It keeps no state between calls; each
// call keeps its own on its own stack. Its functions (Backoff, RetryIf,
// OnRetry, Rand) and its Budget must therefore be safe for simultaneous
// use when the Policy is shared. They run on the goroutine that runs the
// calls, and a panic in one reaches the caller as a panic in the retried
// function would.
type Policy struct {
	// MaxAttempts is the number of attempts in all, the first included:
	// 1 means no retry. 0 means 3, and [Forever], or any negative number,
	// means no limit.
	MaxAttempts int

	// Backoff gives the wait before each retry. nil means
	// FullJitter(100*time.Millisecond, 10*time.Second).
	Backoff Backoff

	// MaxElapsed, if positive, stops the calls with [ErrMaxElapsed] when
	// the next attempt would start at or after MaxElapsed from the first
	// one. It counts the attempts' own time, but never interrupts one: use
	// AttemptTimeout or the context for that. 0 means no limit.
	MaxElapsed time.Duration

	// AttemptTimeout, if positive, limits each attempt: its context ends
	// after AttemptTimeout with cause [ErrAttemptTimeout], or at the
	// caller's deadline if that comes first. An attempt that times out is
	// retried. 0 means no limit.
	AttemptTimeout time.Duration

	// MaxHint caps the wait an error may ask for with [After]: a longer
	// hint stops the calls with [ErrHintTooLong] rather than sleep on it.
	// 0, or less, means one minute.
	MaxHint time.Duration

	// RetryIf reports whether an attempt's error is worth retrying. It is
	// not asked about errors marked [Permanent], panics, or errors that
	// come after the caller's context ended: none of those is retried.
	// nil retries every other error.
	RetryIf func(error) bool

	// Budget, if not nil, is asked before every retry and told of every
	// attempt's outcome; see [Budget]. Share one between the calls to a
	// service to stop retries from piling on when it is down.
	Budget Budget

	// OnRetry, if not nil, is called each time a retry is scheduled, just
	// before the wait; never after the last attempt. It may cancel the
	// context to stop the calls.
	OnRetry func(ctx context.Context, e Event)

	// Rand returns a random number in [0, 1) for the Backoff. nil means
	// [rand.Float64]. Tests set it to return fixed numbers.
	Rand func() float64
}

// An Event describes a retry that is about to wait, for [Policy.OnRetry].
type Event struct {
	Attempt int           // the number of the attempt that failed, from 1
	Err     error         // the error it failed with
	Delay   time.Duration // the wait before the next attempt
	Elapsed time.Duration // the time since the first attempt started
}

// attempts returns the attempts p allows, or 0 for no limit.
func (p *Policy) attempts() int {
	switch {
	case p.MaxAttempts == 0:
		return defaultAttempts
	case p.MaxAttempts < 0:
		return 0
	}
	return p.MaxAttempts
}

// backoff returns the wait before retry n and p's random draw for it.
func (p *Policy) backoff(n int, prev time.Duration) time.Duration {
	b, r := p.Backoff, p.Rand
	if b == nil {
		b = defaultBackoff
	}
	if r == nil {
		r = rand.Float64
	}
	return b(n, prev, r())
}

// maxHint returns the longest hint p honors.
func (p *Policy) maxHint() time.Duration {
	if p.MaxHint <= 0 {
		return defaultMaxHint
	}
	return p.MaxHint
}
