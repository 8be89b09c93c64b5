package future

import (
	"context"

	"github.com/eventual-go/eventual/internal/core"
)

type cell[T any] = core.Cell[T]

// A Future is a value of type T, or an error, that becomes available when
// some work finishes. It settles once; every [Future.Await], now or later,
// sees the same result.
//
// Create futures with [Go], [Resolved], [Rejected], the combinators of this
// package, or a promise.Promise. The zero Future is a pending future that
// nothing will settle; a nil *Future behaves as a future that failed with
// [ErrNilFuture].
type Future[T any] cell[T]

// A Result is the outcome of a future: its value, or the error it failed
// with.
type Result[T any] struct {
	Value T
	Err   error
}

func (f *Future[T]) cell() *core.Cell[T] { return (*core.Cell[T])(f) }

// Go calls fn in a new goroutine with a context derived from ctx and returns
// a Future that settles with fn's results when fn returns.
//
// Canceling ctx, or calling [Future.Cancel], cancels the context fn sees;
// that context is also canceled when fn returns. If ctx is already done, fn
// is not called and the future fails with [context.Cause](ctx). If fn
// panics, the future fails with a [*PanicError] that holds the panic value
// and the stack; if fn calls [runtime.Goexit], it fails with [ErrGoexit].
// The program keeps running either way.
func Go[T any](ctx context.Context, fn func(context.Context) (T, error)) *Future[T] {
	switch {
	case ctx == nil:
		return Rejected[T](ErrNilContext)
	case fn == nil:
		return Rejected[T](ErrNilFunc)
	case ctx.Err() != nil:
		return Rejected[T](context.Cause(ctx))
	}
	t := new(core.Task[T])
	t.Init(ctx, fn)
	go t.Run()
	return (*Future[T])(&t.Cell)
}

// Resolved returns a Future that has already succeeded with v.
func Resolved[T any](v T) *Future[T] {
	f := new(Future[T])
	f.cell().Settle(v, nil)
	return f
}

// Rejected returns a Future that has already failed with err, or with
// [ErrNilError] if err is nil.
func Rejected[T any](err error) *Future[T] {
	if err == nil {
		err = ErrNilError
	}
	f := new(Future[T])
	var zero T
	f.cell().Settle(zero, err)
	return f
}

// Await blocks until f settles or ctx is done, and returns f's value and
// error. If ctx is done first, Await returns ctx.Err() and leaves f as it
// is: a later Await still sees f's result. A result that is there when ctx
// is done wins.
func (f *Future[T]) Await(ctx context.Context) (T, error) {
	switch {
	case f == nil:
		var zero T
		return zero, ErrNilFuture
	case ctx == nil:
		var zero T
		return zero, ErrNilContext
	}
	return f.cell().Await(ctx)
}

// Done returns a channel that is closed when f settles, for use in a select
// statement. Successive calls return the same channel.
func (f *Future[T]) Done() <-chan struct{} {
	if f == nil {
		return core.Closed()
	}
	return f.cell().Done()
}

// Peek returns f's result and true if f has settled, or the zero Result and
// false if it is still pending. It never blocks.
func (f *Future[T]) Peek() (Result[T], bool) {
	if f == nil {
		return Result[T]{Err: ErrNilFuture}, true
	}
	v, err, ok := f.cell().Peek()
	return Result[T]{Value: v, Err: err}, ok
}

// Cancel cancels the work behind f with cause, or with [context.Canceled] if
// cause is nil, and returns at once.
//
// If f runs a task (from [Go], [GoAll], [GoAny] or [GoRace]), the
// task's context is canceled with cause and f settles when the task returns,
// usually with the error the task returns for a canceled context; f never
// settles while its task is still running. Any other future (from a promise
// or a combinator) has no work of its own: it fails with cause at once.
//
// Cancel never reaches the inputs of a combinator, which may have other
// consumers: cancel them, or the context they were started with, instead.
// Cancel does nothing once f has settled.
func (f *Future[T]) Cancel(cause error) {
	if f != nil {
		f.cell().Cancel(cause)
	}
}

// result returns f's result once f has settled; a nil f failed with
// ErrNilFuture.
func (f *Future[T]) result() (T, error) {
	if f == nil {
		var zero T
		return zero, ErrNilFuture
	}
	return f.cell().Result()
}

// add registers n to run once f settles and returns n if f has already
// settled (see core.Cell.Add). A nil f counts as settled.
func (f *Future[T]) add(n *core.Node) *core.Node {
	if f == nil {
		return n
	}
	return f.cell().Add(n)
}

// complete settles f and returns the continuations to run next.
func (f *Future[T]) complete(v T, err error) *core.Node {
	list, _ := f.cell().Complete(v, err)
	return list
}

// settled reports whether f has settled.
func (f *Future[T]) settled() bool { return f.cell().Settled() }
