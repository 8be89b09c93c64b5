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
	return goCrew(ctx, fns, All[T], nil)
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
	return goCrew(ctx, fns, Any[T], ErrLost)
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
	return goCrew(ctx, fns, Race[T], ErrLost)
}

// A crew runs a set of tasks under one context. judge decides the outcome
// from the tasks' futures; once it has, the context is canceled with lost
// (or with judge's error if lost is nil), and once every task has also
// returned, out settles with judge's result.
type crew[T, R any] struct {
	out     Future[R]
	ctx     core.TaskCtx
	tasks   []core.Task[T]
	verdict *Future[R]
	node    core.Node
	lost    error
	left    atomic.Int64 // tasks still running, plus one for the verdict
}

func goCrew[T, R any](ctx context.Context, fns []func(context.Context) (T, error), judge func(...*Future[T]) *Future[R], lost error) *Future[R] {
	if err := checkCrew(ctx, fns); err != nil {
		return Rejected[R](err)
	}
	c := &crew[T, R]{tasks: make([]core.Task[T], len(fns)), lost: lost}
	c.ctx.Init(ctx)
	c.out.cell().SetTask(&c.ctx)
	c.left.Store(int64(len(fns)) + 1)
	fs := make([]*Future[T], len(fns))
	for i, fn := range fns {
		c.tasks[i].Init(&c.ctx, fn)
		fs[i] = (*Future[T])(&c.tasks[i].Cell)
	}
	c.verdict = judge(fs...)
	core.Run(c.verdict.add(c.node.Bind(c)))
	watch(c, fs)
	for i := range c.tasks {
		go c.tasks[i].Run(newPanicError)
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

// Settled runs when the verdict is in: it cancels the tasks still running.
func (c *crew[T, R]) Settled() *core.Node {
	cause := c.lost
	if cause == nil {
		_, cause = c.verdict.result()
	}
	if cause != nil {
		c.ctx.Cancel(cause)
	}
	return c.arrive()
}

// settled runs when a task has returned.
func (c *crew[T, R]) settled(int, T, error) *core.Node { return c.arrive() }

// arrive counts the verdict or a task in, and settles out after the last.
func (c *crew[T, R]) arrive() *core.Node {
	if c.left.Add(-1) != 0 {
		return nil
	}
	c.ctx.Cancel(nil)
	return c.out.complete(c.verdict.result())
}
