package callback

import (
	"context"
	"sync/atomic"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// Next returns a Future that succeeds with the next event emitted after
// Next is called. Every future from Next that is pending when an event is
// emitted succeeds with that event; [Emitter.Emit] settles them on its
// goroutine once the synchronous subscribers have handled it. Next is for
// one event: events emitted between two calls of Next are not seen by
// either, so subscribe to see every event.
//
// The future fails with [context.Cause](ctx) if ctx ends first, with
// [ErrClosed] if the emitter is closed first or already was, and with the
// cause given to [future.Future.Cancel]. However it settles, e drops it
// right after. Next starts no goroutine; if ctx can end, it watches ctx
// with [context.AfterFunc] until the future settles.
func (e *Emitter[T]) Next(ctx context.Context) *future.Future[T] {
	if err := check(ctx, false); err != nil {
		return future.Rejected[T](err)
	}
	w := &waiter[T]{e: e, ctx: ctx}
	w.out.Add(w.node.Bind(w)) // w.out is pending, so this only registers
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return future.Rejected[T](ErrClosed)
	}
	w.i, w.gen = len(e.waiters), e.gen
	e.waiters = append(e.waiters, w)
	e.mu.Unlock()

	if ctx.Done() != nil && !w.out.Settled() {
		w.stop = context.AfterFunc(ctx, w.expire)
		if !w.phase.CompareAndSwap(unset, published) {
			w.stop() // w settled meanwhile, and its continuation ran
		}
	}
	return (*future.Future[T])(&w.out)
}

// A waiter is a future from Next. Its continuation on its own future takes
// it out of the emitter's list, and stops the watch on ctx, with the same
// hand-off as a call's clean-up.
type waiter[T any] struct {
	out   core.Cell[T]
	node  core.Node
	e     *Emitter[T]
	ctx   context.Context
	i     int    // index in e.waiters; guarded by e.mu
	gen   uint64 // e.gen when added; guarded by e.mu
	phase atomic.Int32
	stop  func() bool
}

func (w *waiter[T]) expire() {
	var zero T
	w.out.Settle(zero, context.Cause(w.ctx))
}

func (w *waiter[T]) Settled() *core.Node {
	w.e.forget(w)
	if w.phase.Swap(ran) == published {
		w.stop()
	}
	return nil
}

// forget takes w out of e's pending futures, if it is still there.
func (e *Emitter[T]) forget(w *waiter[T]) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if w.gen != e.gen {
		return // handed off by Emit or Close
	}
	last := len(e.waiters) - 1
	moved := e.waiters[last]
	e.waiters[w.i], moved.i = moved, w.i
	e.waiters[last] = nil
	e.waiters = e.waiters[:last]
}
