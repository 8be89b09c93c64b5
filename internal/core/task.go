package core

import (
	"context"
	"errors"
)

// ErrGoexit is the error of a future whose task or continuation called
// runtime.Goexit. Package future exports it.
var ErrGoexit = errors.New("future: runtime.Goexit was called")

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

// Run calls fn and settles t's cell with its results, on the calling
// goroutine. Then it cancels t's context, as a deferred cancel would, and
// runs the cell's continuations.
//
// If fn panics, the cell fails with panicErr(value), which is called in the
// deferred function so it can capture the panicking stack. If fn calls
// runtime.Goexit, the cell fails with [ErrGoexit] before the goroutine ends.
func (t *Task[T]) Run(panicErr func(any) error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		err := ErrGoexit
		if r := recover(); r != nil {
			err = panicErr(r)
		}
		t.finish(*new(T), err)
	}()
	v, err := t.fn(&t.Ctx)
	returned = true
	t.finish(v, err)
}

func (t *Task[T]) finish(v T, err error) {
	t.fn = nil
	t.Ctx.Cancel(nil)
	t.Cell.Settle(v, err)
}
