package retry

import (
	"context"
	"time"

	"github.com/eventual-go/eventual/future"
)

// Do calls fn until it succeeds or p says to stop, and returns fn's value.
// It runs fn on the calling goroutine and waits between attempts on one
// timer, starting no goroutine.
//
// fn is not called once ctx is done. Do never waits after the last attempt,
// and never starts a wait that would end at or after ctx's deadline: it
// stops at once with [ErrDeadline]. Every failure is an [*Error] that holds
// why Do stopped and the last attempt's error, and Do then returns the zero
// value; the success path allocates nothing.
//
// A panic in fn, or in p's functions, reaches the caller of Do unchanged,
// as if it had called fn itself. A nil ctx or fn fails with
// [future.ErrNilContext] or [future.ErrNilFunc].
func Do[T any](ctx context.Context, p Policy, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	switch {
	case ctx == nil:
		return zero, future.ErrNilContext
	case fn == nil:
		return zero, future.ErrNilFunc
	}
	r := run{p: p, start: clock()}
	for {
		if ctx.Err() != nil {
			return zero, r.stop(context.Cause(ctx))
		}
		r.attempts++
		v, err := call(ctx, p.AttemptTimeout, fn)
		if err == nil {
			r.record(nil)
			return v, nil
		}
		if err := r.failed(ctx, err); err != nil {
			return zero, err
		}
	}
}

// Go calls [Do] in a new goroutine and returns a Future that settles with
// its results. Canceling ctx, or calling [future.Future.Cancel], stops the
// calls: at once during a wait, or when the running attempt returns.
//
// If ctx is already done, fn is not called and the future fails with an
// [*Error] whose Cause is [context.Cause](ctx). A panic in fn fails the
// future with a [*future.PanicError], as for [future.Go].
func Go[T any](ctx context.Context, p Policy, fn func(context.Context) (T, error)) *future.Future[T] {
	if ctx != nil && ctx.Err() != nil {
		return future.Rejected[T](&Error{Cause: context.Cause(ctx)})
	}
	if fn == nil {
		return future.Rejected[T](future.ErrNilFunc)
	}
	return future.Go(ctx, Wrap(p, fn))
}

// Wrap returns a function that calls fn with [Do] under p: a retrying fn of
// the same type, to pass wherever fn would go. It nests with
// timeout.Wrap, inside (a limit on each attempt) or outside (a limit on
// all of them).
func Wrap[T any](p Policy, fn func(context.Context) (T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) { return Do(ctx, p, fn) }
}

// DoFuture retries work that comes as a future, which settles only once:
// it calls mk for a fresh future on each attempt, awaits it, and retries
// as [Do] does. mk's context is the attempt's: pass it to the work.
//
// If the attempt's context ends before the future settles, DoFuture
// cancels the future with the context's cause and goes on without waiting
// for it to settle. A nil future from mk stops the calls, as
// [Permanent]([future.ErrNilFuture]). mk runs on the calling goroutine,
// and a panic in it reaches the caller; a future that failed with a
// [*future.PanicError] is not retried.
func DoFuture[T any](ctx context.Context, p Policy, mk func(context.Context) *future.Future[T]) (T, error) {
	if mk == nil {
		var zero T
		return zero, future.ErrNilFunc
	}
	return Do(ctx, p, func(ctx context.Context) (T, error) {
		f := mk(ctx)
		if f == nil {
			var zero T
			return zero, Permanent(future.ErrNilFuture)
		}
		v, err := f.Await(ctx)
		if _, settled := f.Peek(); !settled {
			f.Cancel(context.Cause(ctx))
		}
		return v, err
	})
}

// call calls fn with ctx, limited to d if d is positive. An attempt that
// returns the bare context.DeadlineExceeded of its own timeout fails with
// ErrAttemptTimeout, which says which limit ran out.
func call[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error)) (T, error) {
	if d <= 0 {
		return fn(ctx)
	}
	actx, cancel := context.WithTimeoutCause(ctx, d, ErrAttemptTimeout)
	defer cancel()
	v, err := fn(actx)
	if err == context.DeadlineExceeded && context.Cause(actx) == ErrAttemptTimeout {
		err = ErrAttemptTimeout
	}
	return v, err
}

// A run is the state of one call of Do. It lives on Do's stack, which is
// what makes a Policy safe to share.
type run struct {
	p        Policy        // a copy: a pointer to Do's own would move it to the heap
	start    time.Duration // the clock when Do was called
	attempts int           // attempts started
	last     error         // the last attempt's error
	hint     time.Duration // the wait it asked for
	prev     time.Duration // the backoff's last wait
	timer    *time.Timer   // made at the first wait, reset for the others
}

// failed handles the failure of the attempt that just ran: it returns nil
// once it has waited for the next attempt, or the error to stop with.
func (r *run) failed(ctx context.Context, err error) error {
	permanent, hint := inspect(err)
	r.last, r.hint = err, hint
	if cause := stopCause(ctx, err, permanent, r.p.RetryIf); cause != nil {
		return r.stop(cause)
	}
	r.record(err)
	delay, cause := r.schedule(ctx)
	if cause != nil {
		return r.stop(cause)
	}
	if r.p.OnRetry != nil {
		r.p.OnRetry(ctx, Event{Attempt: r.attempts, Err: err, Delay: delay, Elapsed: r.elapsed()})
	}
	r.wait(ctx, delay)
	return nil
}

// stopCause returns why an attempt's error err, permanent or not, stops
// the calls at once, or nil if it may be retried. The caller's ctx is
// asked, not err, so that an attempt's own timeout is retried and the
// caller's end is not.
func stopCause(ctx context.Context, err error, permanent bool, retryIf func(error) bool) error {
	switch {
	case permanent:
		return ErrPermanent
	case ctx.Err() != nil:
		return context.Cause(ctx)
	case retryIf != nil && !retryIf(err):
		return ErrNotRetryable
	}
	return nil
}

// schedule returns the wait before the next attempt, or the cause to stop
// on instead. Its gates never wait: a stop is decided now.
func (r *run) schedule(ctx context.Context) (time.Duration, error) {
	if n := r.p.attempts(); n > 0 && r.attempts >= n {
		return 0, ErrExhausted
	}
	if r.hint > r.p.maxHint() {
		return 0, ErrHintTooLong
	}
	r.prev = r.p.backoff(r.attempts, r.prev)
	delay := max(r.prev, r.hint)
	if cause := r.late(ctx, delay); cause != nil {
		return 0, cause
	}
	if b := r.p.Budget; b != nil && !b.Allow() {
		return 0, ErrThrottled
	}
	return delay, nil
}

// late returns ErrMaxElapsed or ErrDeadline if the next attempt, after
// delay, would start at or after the limit. It reads the clock only if
// there is a limit: on some machines that costs more than the rest of a
// retry.
func (r *run) late(ctx context.Context, delay time.Duration) error {
	deadline, hasDeadline := ctx.Deadline()
	if r.p.MaxElapsed <= 0 && !hasDeadline {
		return nil
	}
	if m := r.p.MaxElapsed; m > 0 && delay >= m-r.elapsed() {
		return ErrMaxElapsed
	}
	if hasDeadline && delay >= time.Until(deadline) {
		return ErrDeadline
	}
	return nil
}

// wait blocks for d, or until ctx is done.
func (r *run) wait(ctx context.Context, d time.Duration) {
	if d <= 0 || ctx.Err() != nil {
		return
	}
	if r.timer == nil {
		r.timer = time.NewTimer(d)
	} else {
		r.timer.Reset(d)
	}
	select {
	case <-r.timer.C:
	case <-ctx.Done():
		r.timer.Stop()
	}
}

// record tells the policy's budget of an attempt's outcome.
func (r *run) record(err error) {
	if b := r.p.Budget; b != nil {
		b.Record(r.attempts, err)
	}
}

// stop returns the error of a run that stopped with cause.
func (r *run) stop(cause error) error {
	return &Error{
		Cause:    cause,
		Last:     unmark(r.last),
		Attempts: r.attempts,
		Elapsed:  r.elapsed(),
		Hint:     r.hint,
	}
}

// elapsed returns the time since Do was called.
func (r *run) elapsed() time.Duration { return clock() - r.start }

// epoch is the instant the package's clock counts from.
var epoch = time.Now()

// clock returns the time since epoch. Outside a testing/synctest bubble
// it reads only the monotonic clock, which costs half what time.Now does;
// inside one it follows the bubble's fake time like time.Now. Only
// differences of its readings mean anything.
func clock() time.Duration { return time.Since(epoch) }
