package future

import (
	"context"
	"sync/atomic"

	"github.com/eventual-go/eventual/internal/core"
)

// GoAll calls each of fns in its own goroutine, with a context derived from
// ctx that they share, and returns a Future that succeeds with their values,
// in order, once all have succeeded. When one fails, the shared context is
// canceled with its error as the cause, and the future fails with that
// error. It is [All] for tasks it owns, in the manner of errgroup.
//
// The future settles only once every task has returned, so no task outlives
// it. [Future.Cancel] cancels the shared context. Panics and Goexit in a
// task are handled as by [Go]. If ctx is already done, or a function is
// nil, no task is started and the future fails with [context.Cause](ctx) or
// [ErrNilFunc].
func GoAll[T any](ctx context.Context, fns ...func(context.Context) (T, error)) *Future[[]T] {
	return goCrew(ctx, fns, &allVerdict[T]{vals: make([]T, len(fns))})
}

// GoAny calls each of fns in its own goroutine, with a context derived from
// ctx that they share, and returns a Future that succeeds with the value of
// the first task to succeed, which cancels the shared context with cause
// [ErrLost]. If every task fails, the future fails with an [*AggregateError]
// that holds their errors in order. It is [Any] for tasks it owns.
//
// The future settles only once every task has returned, so no task outlives
// it; the others stop early if they heed their context. It is otherwise like
// [GoAll]. With no functions it fails with [ErrEmpty].
func GoAny[T any](ctx context.Context, fns ...func(context.Context) (T, error)) *Future[T] {
	if len(fns) == 0 {
		return Rejected[T](ErrEmpty)
	}
	return goCrew(ctx, fns, &anyVerdict[T]{errs: make([]error, len(fns))})
}

// GoRace calls each of fns in its own goroutine, with a context derived from
// ctx that they share, and returns a Future that settles with the result of
// the first task to return, value or error, which cancels the shared context
// with cause [ErrLost]. It is [Race] for tasks it owns.
//
// The future settles only once every task has returned, so no task outlives
// it; the losers stop early if they heed their context. It is otherwise like
// [GoAll]. With no functions it fails with [ErrEmpty].
func GoRace[T any](ctx context.Context, fns ...func(context.Context) (T, error)) *Future[T] {
	if len(fns) == 0 {
		return Rejected[T](ErrEmpty)
	}
	return goCrew(ctx, fns, new(raceVerdict[T]))
}

// A verdict decides the outcome of a crew from its tasks' results.
type verdict[T, R any] interface {
	// record takes task i's results, and returns the cause to cancel the
	// other tasks with if they decide the outcome.
	record(i int, v T, err error) (cancel error)
	// result returns the outcome, once every task has been recorded.
	result() (R, error)
}

// A crew runs a set of tasks under one context, which is canceled once the
// verdict is decided; it settles out once every task has returned. Its
// tasks have no futures of their own, so they share the crew's context.
type crew[T, R any] struct {
	out     Future[R]
	ctx     core.TaskCtx
	verdict verdict[T, R]
	left    atomic.Int64
	members []member[T, R]
}

// A member is one task of a crew.
type member[T, R any] struct {
	c  *crew[T, R]
	fn func(context.Context) (T, error)
	i  int
}

func goCrew[T, R any](ctx context.Context, fns []func(context.Context) (T, error), v verdict[T, R]) *Future[R] {
	if err := checkCrew(ctx, fns); err != nil {
		return Rejected[R](err)
	}
	c := &crew[T, R]{verdict: v, members: make([]member[T, R], len(fns))}
	c.ctx.Init(ctx)
	c.out.cell().SetTask(&c.ctx)
	c.left.Store(int64(len(fns)))
	if len(fns) == 0 {
		c.out.cell().Settle(v.result())
	}
	for i, fn := range fns {
		c.members[i] = member[T, R]{c: c, fn: fn, i: i}
	}
	for i := range c.members {
		go c.members[i].run()
	}
	return &c.out
}

func checkCrew[T any](ctx context.Context, fns []func(context.Context) (T, error)) error {
	if ctx == nil {
		return ErrNilContext
	}
	for _, fn := range fns {
		if fn == nil {
			return ErrNilFunc
		}
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

func (m *member[T, R]) run() { core.Call(&m.c.ctx, m.fn, m) }

// Finish records the member's results, and settles the crew's future after
// the last member.
func (m *member[T, R]) Finish(v T, err error) {
	c := m.c
	m.fn = nil
	if cause := c.verdict.record(m.i, v, err); cause != nil {
		c.ctx.Cancel(cause)
	}
	if c.left.Add(-1) == 0 {
		c.ctx.Finish()
		c.out.cell().Settle(c.verdict.result())
	}
}

// allVerdict fails with the first error, or succeeds with every value.
type allVerdict[T any] struct {
	vals   []T
	failed atomic.Bool
	err    error
}

func (a *allVerdict[T]) record(i int, v T, err error) error {
	if err == nil {
		a.vals[i] = v
		return nil
	}
	if a.failed.CompareAndSwap(false, true) {
		a.err = err
		return err
	}
	return nil
}

func (a *allVerdict[T]) result() ([]T, error) {
	if a.err != nil {
		return nil, a.err
	}
	return a.vals, nil
}

// anyVerdict succeeds with the first value, or fails with every error.
type anyVerdict[T any] struct {
	won  atomic.Bool
	val  T
	errs []error
}

func (a *anyVerdict[T]) record(i int, v T, err error) error {
	if err != nil {
		a.errs[i] = err
		return nil
	}
	if a.won.CompareAndSwap(false, true) {
		a.val = v
		return ErrLost
	}
	return nil
}

func (a *anyVerdict[T]) result() (T, error) {
	if a.won.Load() {
		return a.val, nil
	}
	var zero T
	return zero, &AggregateError{Errs: a.errs}
}

// raceVerdict settles with the first result.
type raceVerdict[T any] struct {
	won atomic.Bool
	res Result[T]
}

func (r *raceVerdict[T]) record(_ int, v T, err error) error {
	if r.won.CompareAndSwap(false, true) {
		r.res = Result[T]{Value: v, Err: err}
		return ErrLost
	}
	return nil
}

func (r *raceVerdict[T]) result() (T, error) { return r.res.Value, r.res.Err }
