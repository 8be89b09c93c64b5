package retry

import (
	"context"
	"time"

	"github.com/eventual-go/eventual/future"
)

// maxHedges is the most extra attempts a HedgePolicy may ask for.
const maxHedges = 10

// A HedgePolicy says how to hedge a call: when the first attempt has not
// answered after Delay, start another beside it, and take whichever
// succeeds first. Hedging trades a little extra load for a shorter tail of
// latency; set Delay near the call's 95th percentile to send about 5% more
// requests.
//
// Its zero value starts two attempts at once. Like a [Policy], a
// HedgePolicy is a plain value that is safe to share, and so must its
// functions and Budget be.
type HedgePolicy struct {
	// Delay is the wait before each extra attempt, from the start of the
	// attempt before it. 0 or less starts every attempt at once.
	Delay time.Duration

	// MaxHedges is the number of attempts beyond the first. 0 or less
	// means 1; more than 10 means 10.
	MaxHedges int

	// RetryIf reports whether an attempt's error is worth another attempt,
	// which then starts at once instead of after Delay. An error it
	// rejects, an error marked [Permanent], a panic, or the end of the
	// caller's context cancels every attempt and stops the call. nil
	// accepts every other error.
	RetryIf func(error) bool

	// Budget, if not nil, is asked before each extra attempt and told of
	// each outcome, as for a Policy. A denial starts no new attempt; the
	// ones already running go on and may still win.
	Budget Budget

	// OnHedge, if not nil, is called on the caller's goroutine just before
	// each extra attempt starts, with its number (2 for the first hedge).
	// A panic in it cancels the attempts and reaches the caller.
	OnHedge func(ctx context.Context, attempt int)
}

// attempts returns the number of attempts h allows in all.
func (h *HedgePolicy) attempts() int {
	n := h.MaxHedges
	if n <= 0 {
		n = 1
	}
	return 1 + min(n, maxHedges)
}

// Hedge calls fn, and again each time h's Delay passes without a success,
// up to h's limit, each attempt in its own goroutine with its own context;
// the first success wins. It returns as soon as the call is decided, and
// cancels the other attempts with cause [future.ErrLost] without waiting
// for them.
//
// The winner's context is canceled too when Hedge returns, so fn must
// finish with its result before returning it: read a response body inside
// fn, not after. When every attempt has failed, Hedge fails with an
// [*Error] whose Last is the last failure it saw. If ctx is already done,
// fn is not called.
//
// A panic in fn stops the call as a permanent error: it fails with an
// [*Error] whose Last is a [*future.PanicError]; the program keeps running.
func Hedge[T any](ctx context.Context, h HedgePolicy, fn func(context.Context) (T, error)) (T, error) {
	return HedgeRelease(ctx, h, fn, nil)
}

// HedgeRelease is [Hedge] for results that hold resources: release is
// called, on the loser's goroutine, with every result that succeeded after
// the call was decided, so it can be closed. It is never called with the
// winner's result. A panic in release is recovered and logged with its
// stack, since no caller is left to receive it.
func HedgeRelease[T any](ctx context.Context, h HedgePolicy, fn func(context.Context) (T, error), release func(T)) (T, error) {
	var zero T
	switch {
	case ctx == nil:
		return zero, future.ErrNilContext
	case fn == nil:
		return zero, future.ErrNilFunc
	case ctx.Err() != nil:
		return zero, &Error{Cause: context.Cause(ctx)}
	}
	total := h.attempts()
	o := &hedger[T]{
		ctx:     ctx,
		h:       &h,
		total:   total,
		start:   time.Now(),
		winner:  -1,
		cancels: make([]context.CancelCauseFunc, 0, total),
		shared:  &hedgeShared[T]{fn: fn, release: release, results: make(chan outcome[T], total)},
	}
	defer o.close()
	return o.run()
}

// HedgeWrap returns a function that calls fn with [Hedge] under h: a
// hedging fn of the same type, to pass wherever fn would go. Wrap each
// attempt with timeout.Wrap to limit it, and the hedged call to limit the
// whole.
func HedgeWrap[T any](h HedgePolicy, fn func(context.Context) (T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) { return Hedge(ctx, h, fn) }
}
