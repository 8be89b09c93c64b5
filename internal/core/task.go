package core

import "context"

// A Finisher receives the results of a function run by [Call].
type Finisher[T any] interface {
	Finish(v T, err error)
}

// Call calls fn(ctx) under [Guard] on the calling goroutine and passes its
// results to done: fn's own, or a panic as PanicError(value), or
// [ErrGoexit], which done gets before the goroutine ends.
func Call[T any](ctx context.Context, fn func(context.Context) (T, error), done Finisher[T]) {
	var v T
	var err error
	goexit := func() { done.Finish(*new(T), ErrGoexit) }
	if perr := Guard(func() { v, err = fn(ctx) }, goexit); perr != nil {
		v, err = *new(T), perr
	}
	done.Finish(v, err)
}

// A Task is a function together with the cell it settles and the context it
// runs with, in one allocation.
type Task[T any] struct {
	Cell Cell[T]
	Ctx  TaskCtx
	fn   func(context.Context) (T, error)
}

// Init prepares t to run fn with a child of parent.
func (t *Task[T]) Init(parent context.Context, fn func(context.Context) (T, error)) {
	t.fn = fn
	t.Ctx.Init(parent)
	t.Cell.SetTask(&t.Ctx)
}

// Run calls fn with [Call] and settles t's cell with its results, on the
// calling goroutine, after canceling t's context as a deferred cancel would.
// The cell's continuations run before Run returns.
func (t *Task[T]) Run() { Call(&t.Ctx, t.fn, t) }

// Finish settles t with fn's results; it is for [Call].
func (t *Task[T]) Finish(v T, err error) {
	t.fn = nil
	t.Ctx.Finish()
	t.Cell.Settle(v, err)
}
