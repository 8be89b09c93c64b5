package timeout

import (
	"context"
	"time"

	"github.com/eventual-go/eventual/future"
)

// Do calls fn on the calling goroutine with a context that ends after d,
// built by [context.WithTimeoutCause], and returns fn's results.
//
// If d passes before fn returns an error, Do fails with an [*Error] for d;
// it holds fn's error unless that was just the context's. A value fn
// returns with a nil error wins even if d has passed. An error that comes
// from ctx, its deadline or its cancellation, is returned as fn returned
// it, since it is not this timeout. If ctx is already done, or d is zero or
// less, fn is not called: Do fails with [context.Cause](ctx), or with an
// [*Error] for d.
//
// Do waits for fn to return. A panic in fn reaches the caller of Do
// unchanged. A nil ctx or fn fails with [future.ErrNilContext] or
// [future.ErrNilFunc].
func Do[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error)) (T, error) {
	v, err, _ := do(ctx, d, &Error{After: d}, fn)
	return v, err
}

// Wrap returns a function that calls fn with [Do] and a limit of d: fn with
// a time limit, of the same type, to pass wherever fn would go. Wrap
// allocates the timeout's cause once, so each call costs one allocation
// less than Do.
//
// It nests with retry.Wrap: timeout.Wrap(total, retry.Wrap(p,
// timeout.Wrap(perTry, call))) limits each attempt and all of them.
func Wrap[T any](d time.Duration, fn func(context.Context) (T, error)) func(context.Context) (T, error) {
	cause := &Error{After: d}
	return func(ctx context.Context) (T, error) {
		v, err, _ := do(ctx, d, cause, fn)
		return v, err
	}
}

// Fallback calls fn as [Do] does, but succeeds with fallback instead of
// failing when d passes. Other errors, including a parent context's end,
// are returned as Do returns them.
func Fallback[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error), fallback T) (T, error) {
	v, err, timedOut := do(ctx, d, &Error{After: d}, fn)
	if timedOut {
		return fallback, nil
	}
	return v, err
}

// do runs fn as Do describes, with cause as its context's cause, and
// reports whether this timeout is what failed it.
func do[T any](ctx context.Context, d time.Duration, cause *Error, fn func(context.Context) (T, error)) (T, error, bool) {
	var zero T
	switch {
	case ctx == nil:
		return zero, future.ErrNilContext, false
	case fn == nil:
		return zero, future.ErrNilFunc, false
	case ctx.Err() != nil:
		return zero, context.Cause(ctx), false
	case d <= 0:
		return zero, cause, true
	}
	tctx, cancel := context.WithTimeoutCause(ctx, d, cause)
	defer cancel()
	v, err := fn(tctx)
	if err == nil || context.Cause(tctx) != error(cause) {
		return v, err, false
	}
	if err == context.DeadlineExceeded || err == error(cause) {
		return zero, cause, true
	}
	return zero, &Error{After: d, Err: err}, true
}
