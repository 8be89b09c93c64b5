package future

import (
	"sync/atomic"

	"github.com/eventual-go/eventual/internal/core"
)

// All returns a Future that succeeds with the values of fs, in input order,
// once all of them have succeeded, or fails with the first error as soon as
// any of them fails, without waiting for the others. With no inputs it
// succeeds at once with an empty slice.
//
// All starts no goroutine and never cancels its inputs, which may have other
// consumers; use [GoAll] to run tasks that are canceled when one fails.
// A nil input fails with [ErrNilFuture].
func All[T any](fs ...*Future[T]) *Future[[]T] {
	if len(fs) == 0 {
		return Resolved([]T{})
	}
	a := &all[T]{vals: make([]T, len(fs))}
	a.left.Store(int64(len(fs)))
	watch(a, fs)
	return &a.out
}

type all[T any] struct {
	out  Future[[]T]
	vals []T
	left atomic.Int64
}

func (a *all[T]) settled(i int, v T, err error) *core.Node {
	if err != nil {
		return a.out.complete(nil, err)
	}
	a.vals[i] = v
	if a.left.Add(-1) == 0 {
		return a.out.complete(a.vals, nil)
	}
	return nil
}

// AllSettled returns a Future that succeeds, once every future in fs has
// settled, with the outcome of each, in input order. It never fails. With no
// inputs it succeeds at once with an empty slice.
//
// AllSettled starts no goroutine. A nil input is reported with
// [ErrNilFuture].
func AllSettled[T any](fs ...*Future[T]) *Future[[]Result[T]] {
	if len(fs) == 0 {
		return Resolved([]Result[T]{})
	}
	a := &allSettled[T]{rs: make([]Result[T], len(fs))}
	a.left.Store(int64(len(fs)))
	watch(a, fs)
	return &a.out
}

type allSettled[T any] struct {
	out  Future[[]Result[T]]
	rs   []Result[T]
	left atomic.Int64
}

func (a *allSettled[T]) settled(i int, v T, err error) *core.Node {
	a.rs[i] = Result[T]{Value: v, Err: err}
	if a.left.Add(-1) == 0 {
		return a.out.complete(a.rs, nil)
	}
	return nil
}

// Any returns a Future that succeeds with the value of the first future in
// fs to succeed, or, once all of them have failed, fails with an
// [*AggregateError] that holds every input's error in input order. With no
// inputs it fails at once with [ErrEmpty].
//
// Any starts no goroutine and never cancels its inputs; use [GoAny] to run
// tasks that are canceled once one succeeds. A nil input counts as failed
// with [ErrNilFuture].
func Any[T any](fs ...*Future[T]) *Future[T] {
	if len(fs) == 0 {
		return Rejected[T](ErrEmpty)
	}
	a := &anyOf[T]{errs: make([]error, len(fs))}
	a.left.Store(int64(len(fs)))
	watch(a, fs)
	return &a.out
}

type anyOf[T any] struct {
	out  Future[T]
	errs []error
	left atomic.Int64
}

func (a *anyOf[T]) settled(i int, v T, err error) *core.Node {
	if err == nil {
		return a.out.complete(v, nil)
	}
	a.errs[i] = err
	if a.left.Add(-1) == 0 {
		var zero T
		return a.out.complete(zero, &AggregateError{Errs: a.errs})
	}
	return nil
}

// Race returns a Future that settles with the result of the first future in
// fs to settle, value or error. With no inputs it fails at once with
// [ErrEmpty].
//
// Race starts no goroutine and never cancels its inputs; use [GoRace] to run
// tasks whose losers are canceled. A nil input counts as failed with
// [ErrNilFuture].
func Race[T any](fs ...*Future[T]) *Future[T] {
	if len(fs) == 0 {
		return Rejected[T](ErrEmpty)
	}
	r := new(race[T])
	watch(r, fs)
	return &r.out
}

type race[T any] struct {
	out Future[T]
}

func (r *race[T]) settled(_ int, v T, err error) *core.Node {
	return r.out.complete(v, err)
}

// A gather collects the results of a set of futures.
type gather[T any] interface {
	// settled records that input i settled with v and err, and returns the
	// continuations to run if that settled a future.
	settled(i int, v T, err error) *core.Node
}

// An input is the continuation a gather registers on each of its futures.
type input[T any] struct {
	node core.Node
	in   *Future[T]
	i    int
	g    gather[T]
}

func (n *input[T]) Settled() *core.Node {
	v, err := n.in.result()
	n.in = nil
	return n.g.settled(n.i, v, err)
}

// watch registers g on every future in fs, in one allocation.
func watch[T any](g gather[T], fs []*Future[T]) {
	nodes := make([]input[T], len(fs))
	for i, f := range fs {
		n := &nodes[i]
		n.in, n.i, n.g = f, i, g
		core.Run(f.add(n.node.Bind(n)))
	}
}
