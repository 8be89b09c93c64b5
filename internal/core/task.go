package core

import (
	"context"
	"errors"
)

// ErrGoexit is the error of a future whose task or continuation called
// runtime.Goexit. Package future exports it.
var ErrGoexit = errors.New("future: runtime.Goexit was called")

// A Finisher receives the results of a function run by [Call].
type Finisher[T any] interface {
	Finish(v T, err error)
}

// Call calls fn(ctx) on the calling goroutine and passes its results to
// done. If fn panics, done gets panicErr(value), called from the deferred
// function that recovered the panic so it can capture the panicking stack;
// if fn calls runtime.Goexit, done gets [ErrGoexit] before the goroutine
// ends.
func Call[T any](ctx context.Context, fn func(context.Context) (T, error), panicErr func(any) error, done Finisher[T]) {
	returned := false
	defer func() {
		if returned {
			return
		}
		err := ErrGoexit
		if r := recover(); r != nil {
			err = panicErr(r)
		}
		done.Finish(*new(T), err)
	}()
	v, err := fn(ctx)
	returned = true
	done.Finish(v, err)
}

// A Task is a function together with the cell it settles and the context it
// runs with, in one allocation.
type Task[T any] struct {
	Cell     Cell[T]
	Ctx      TaskCtx
	fn       func(context.Context) (T, error)
	panicErr func(any) error
}

// Init prepares t to run fn with a child of parent. A panic in fn will fail
// t's cell with panicErr(value).
func (t *Task[T]) Init(parent context.Context, fn func(context.Context) (T, error), panicErr func(any) error) {
	t.fn, t.panicErr = fn, panicErr
	t.Ctx.Init(parent)
	t.Cell.SetTask(&t.Ctx)
}

// Run calls fn with [Call] and settles t's cell with its results, on the
// calling goroutine, after canceling t's context as a deferred cancel would.
// The cell's continuations run before Run returns.
func (t *Task[T]) Run() { Call(&t.Ctx, t.fn, t.panicErr, t) }

// Finish settles t with fn's results; it is for [Call].
func (t *Task[T]) Finish(v T, err error) {
	t.fn = nil
	t.Ctx.Finish()
	t.Cell.Settle(v, err)
}
