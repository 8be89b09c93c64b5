package future

import "github.com/eventual-go/eventual/internal/core"

// Then returns a Future that settles with fn's results once f succeeds, or
// with f's error, without calling fn, once f fails.
//
// fn runs on the goroutine that settles f, or on the caller's goroutine if f
// has already settled; it should not block (use [FlatMap] and [Go] for slow
// work). Then starts no goroutine. If fn panics, the future fails with a
// [*PanicError]; the program keeps running.
func Then[T, U any](f *Future[T], fn func(T) (U, error)) *Future[U] {
	if fn == nil {
		return Rejected[U](ErrNilFunc)
	}
	t := &then[T, U]{in: f, fn: fn}
	core.Run(f.add(t.node.Bind(t)))
	return &t.out
}

type then[T, U any] struct {
	out  Future[U]
	node core.Node
	in   *Future[T]
	fn   func(T) (U, error)
}

func (t *then[T, U]) Settled() *core.Node {
	v, err := t.in.result()
	fn := t.fn
	t.in, t.fn = nil, nil
	if err != nil || t.out.settled() {
		var zero U
		return t.out.complete(zero, err)
	}
	u, err := call(&t.out, fn, v)
	return t.out.complete(u, err)
}

// Catch returns a Future that settles with fn's results once f fails, or
// with f's value, without calling fn, once f succeeds. fn can turn the error
// into a value by returning a nil error.
//
// fn runs as a [Then] function does. If fn panics, the future fails with a
// [*PanicError]; the program keeps running.
func Catch[T any](f *Future[T], fn func(error) (T, error)) *Future[T] {
	if fn == nil {
		return Rejected[T](ErrNilFunc)
	}
	c := &catch[T]{in: f, fn: fn}
	core.Run(f.add(c.node.Bind(c)))
	return &c.out
}

type catch[T any] struct {
	out  Future[T]
	node core.Node
	in   *Future[T]
	fn   func(error) (T, error)
}

func (c *catch[T]) Settled() *core.Node {
	v, err := c.in.result()
	fn := c.fn
	c.in, c.fn = nil, nil
	if err == nil || c.out.settled() {
		return c.out.complete(v, err)
	}
	v, err = call(&c.out, fn, err)
	return c.out.complete(v, err)
}

// Finally returns a Future that settles with f's result after calling fn,
// once f settles either way. fn is called even if the returned future has
// been canceled, since it cleans up after f.
//
// fn runs as a [Then] function does. If fn panics, the future fails with a
// [*PanicError] instead of f's result; the program keeps running.
func Finally[T any](f *Future[T], fn func()) *Future[T] {
	if fn == nil {
		return Rejected[T](ErrNilFunc)
	}
	l := &finally[T]{in: f, fn: fn}
	core.Run(f.add(l.node.Bind(l)))
	return &l.out
}

type finally[T any] struct {
	out  Future[T]
	node core.Node
	in   *Future[T]
	fn   func()
}

func (l *finally[T]) Settled() *core.Node {
	v, err := l.in.result()
	fn := l.fn
	l.in, l.fn = nil, nil
	if _, perr := call(&l.out, func(struct{}) (struct{}, error) { fn(); return struct{}{}, nil }, struct{}{}); perr != nil {
		var zero T
		return l.out.complete(zero, perr)
	}
	return l.out.complete(v, err)
}

// FlatMap returns a Future that settles with the result of the future fn
// returns, once f succeeds; or with f's error, without calling fn, once f
// fails. It chains work that is itself asynchronous.
//
// fn runs as a [Then] function does. If fn returns nil, the future fails
// with [ErrNilFuture]; if fn panics, with a [*PanicError]; the program keeps
// running. Canceling the returned future does not cancel the future fn
// returned, which may be shared; cancel the context its work runs with.
func FlatMap[T, U any](f *Future[T], fn func(T) *Future[U]) *Future[U] {
	if fn == nil {
		return Rejected[U](ErrNilFunc)
	}
	m := &flatMap[T, U]{in: f, fn: fn}
	core.Run(f.add(m.node.Bind(m)))
	return &m.fwd.out
}

type flatMap[T, U any] struct {
	fwd  forward[U]
	node core.Node
	in   *Future[T]
	fn   func(T) *Future[U]
}

func (m *flatMap[T, U]) Settled() *core.Node {
	v, err := m.in.result()
	fn := m.fn
	m.in, m.fn = nil, nil
	out := &m.fwd.out
	if err != nil || out.settled() {
		var zero U
		return out.complete(zero, err)
	}
	next, err := call(out, func(v T) (*Future[U], error) { return fn(v), nil }, v)
	if err != nil {
		var zero U
		return out.complete(zero, err)
	}
	m.fwd.in = next
	return next.add(m.fwd.node.Bind(&m.fwd))
}

// A forward settles out with the result of in.
type forward[U any] struct {
	out  Future[U]
	node core.Node
	in   *Future[U]
}

func (w *forward[U]) Settled() *core.Node {
	v, err := w.in.result()
	w.in = nil
	return w.out.complete(v, err)
}

// call returns fn(v) for a continuation that settles out, under
// core.Guard: a panic in fn is returned as a *PanicError, and if fn calls
// runtime.Goexit, which ends the goroutine, out fails with ErrGoexit on a
// new goroutine.
func call[T, U, R any](out *Future[R], fn func(T) (U, error), v T) (u U, err error) {
	goexit := func() { go out.cell().Settle(*new(R), ErrGoexit) }
	if perr := core.Guard(func() { u, err = fn(v) }, goexit); perr != nil {
		var zero U
		return zero, perr
	}
	return u, err
}
