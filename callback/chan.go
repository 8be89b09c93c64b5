package callback

import (
	"context"
	"sync/atomic"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// FromChan returns a Future that succeeds with the first value received
// from ch, or fails with [ErrChanClosed] if ch is closed first, or with
// [context.Cause](ctx) if ctx is done first. It takes at most one value
// from ch, and never one that the future does not deliver.
//
// If ch already holds a value or is closed, FromChan settles the future at
// once, even if ctx is done. Otherwise it starts one goroutine to wait,
// which ends when ch delivers or is closed, when ctx is done, or when the
// future is canceled with [future.Future.Cancel]. A nil ch fails the future
// with [ErrNilChan].
func FromChan[T any](ctx context.Context, ch <-chan T) *future.Future[T] {
	switch {
	case ctx == nil:
		return future.Rejected[T](future.ErrNilContext)
	case ch == nil:
		return future.Rejected[T](ErrNilChan)
	}
	select {
	case v, ok := <-ch:
		if !ok {
			return future.Rejected[T](ErrChanClosed)
		}
		return future.Resolved(v)
	default:
	}
	return future.Go(ctx, func(ctx context.Context) (T, error) {
		var zero T
		select {
		case v, ok := <-ch:
			if !ok {
				return zero, ErrChanClosed
			}
			return v, nil
		case <-ctx.Done():
			return zero, context.Cause(ctx)
		}
	})
}

// ToChan returns a channel that receives f's result once f settles, and is
// then closed. The channel has room for the result, so ToChan starts no
// goroutine and the goroutine that settles f never waits for a reader. A
// nil f delivers [future.ErrNilFuture].
func ToChan[T any](f *future.Future[T]) <-chan future.Result[T] {
	ch := make(chan future.Result[T], 1)
	if r, ok := f.Peek(); ok { // a nil f has settled with ErrNilFuture
		ch <- r
		close(ch)
		return ch
	}
	t := &toChan[T]{in: (*core.Cell[T])(f), ch: ch}
	core.Run(t.in.Add(t.node.Bind(t)))
	return ch
}

// A toChan is the continuation of ToChan.
type toChan[T any] struct {
	node core.Node
	in   *core.Cell[T]
	ch   chan future.Result[T]
}

func (t *toChan[T]) Settled() *core.Node {
	v, err := t.in.Result()
	t.in = nil
	t.ch <- future.Result[T]{Value: v, Err: err}
	close(t.ch)
	return nil
}

// An Indexed is the result of one of the futures given to [FanIn], with its
// index among them.
type Indexed[T any] struct {
	Index int
	future.Result[T]
}

// FanIn returns a channel that receives the result of each future in fs,
// with its index, in the order they settle, and is closed after the last.
// Futures that have already settled come first, in input order. A nil
// future delivers [future.ErrNilFuture]; with no futures the channel is
// closed at once.
//
// The channel has room for every result, so FanIn starts no goroutine, the
// goroutine that settles a future never waits for a reader, and a reader
// that stops early leaves nothing blocked. FanIn never cancels the futures,
// which may have other consumers.
func FanIn[T any](fs ...*future.Future[T]) <-chan Indexed[T] {
	fan := &fanIn[T]{ch: make(chan Indexed[T], len(fs))}
	if len(fs) == 0 {
		close(fan.ch)
		return fan.ch
	}
	fan.left.Store(int64(len(fs)))
	inputs := make([]fanInput[T], len(fs))
	for i, f := range fs {
		if f == nil {
			fan.deliver(i, *new(T), future.ErrNilFuture)
			continue
		}
		n := &inputs[i]
		n.in, n.i, n.fan = (*core.Cell[T])(f), i, fan
		core.Run(n.in.Add(n.node.Bind(n)))
	}
	return fan.ch
}

// A fanIn is the channel of FanIn and the count of results still to come.
type fanIn[T any] struct {
	ch   chan Indexed[T]
	left atomic.Int64
}

// deliver sends the result of input i, and closes the channel after the
// last. The channel has room for every result, so it never blocks.
func (fan *fanIn[T]) deliver(i int, v T, err error) {
	fan.ch <- Indexed[T]{Index: i, Result: future.Result[T]{Value: v, Err: err}}
	if fan.left.Add(-1) == 0 {
		close(fan.ch)
	}
}

// A fanInput is the continuation FanIn registers on one future.
type fanInput[T any] struct {
	node core.Node
	in   *core.Cell[T]
	i    int
	fan  *fanIn[T]
}

func (n *fanInput[T]) Settled() *core.Node {
	v, err := n.in.Result()
	n.in = nil
	n.fan.deliver(n.i, v, err)
	return nil
}
