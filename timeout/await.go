package timeout

import (
	"context"
	"time"

	"github.com/eventual-go/eventual/future"
)

// Await waits up to d for f to settle and returns f's results. If d passes
// first, it fails with an [*Error] for d; if ctx is done first, with
// ctx.Err(), as [future.Future.Await] does. A result that is there when
// either happens wins.
//
// Await never cancels f, which others may be waiting for too: a later Await
// still sees f's result. Use [AwaitCancel] for a future you own. Await
// starts no goroutine; it waits on one timer.
func Await[T any](ctx context.Context, f *future.Future[T], d time.Duration) (T, error) {
	v, err, _ := await(ctx, f, d)
	return v, err
}

// AwaitCancel waits for f as [Await] does and, if it gives up, cancels f:
// with the [*Error] for d as the cause when d passed, or with
// [context.Cause](ctx) when ctx ended. It returns without waiting for f's
// work to stop; await f again to wait for that. Use it only for a future
// that no one else needs.
func AwaitCancel[T any](ctx context.Context, f *future.Future[T], d time.Duration) (T, error) {
	v, err, settled := await(ctx, f, d)
	switch {
	case settled || err == future.ErrNilContext:
	case ctx.Err() != nil:
		f.Cancel(context.Cause(ctx))
	default:
		f.Cancel(err)
	}
	return v, err
}

// await waits for f as Await describes, and reports whether f had settled.
func await[T any](ctx context.Context, f *future.Future[T], d time.Duration) (T, error, bool) {
	var zero T
	if ctx == nil {
		return zero, future.ErrNilContext, false
	}
	if r, ok := f.Peek(); ok {
		return r.Value, r.Err, true
	}
	if ctx.Err() == nil && d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-f.Done():
		case <-t.C:
		case <-ctx.Done():
		}
		if r, ok := f.Peek(); ok {
			return r.Value, r.Err, true
		}
	}
	if err := ctx.Err(); err != nil {
		return zero, err, false
	}
	return zero, &Error{After: d}, false
}
