// Package core holds the machinery that futures, promises and pools share:
// the settle-once [Cell], the list of continuations it runs when it settles,
// and [TaskCtx], the context a task runs with.
//
// The public types future.Future and promise.Promise are defined types whose
// underlying type is Cell's, so a Promise and its Future are one object and
// converting between them costs nothing.
package core

import (
	"context"
	"sync"
	"sync/atomic"
)

// closed is the Done channel of cells that settled before anyone asked for one.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// Closed returns a channel that is already closed.
func Closed() <-chan struct{} { return closed }

// settled marks the head of a settled cell's list.
var settled = new(Node)

// A Cell holds a result that is set once. The zero Cell is pending.
//
// The head of the list of continuations doubles as the state: it is
// [settled] once the cell has settled. It is written under mu but read
// atomically, so readers that see settled may read val and err without the
// lock: they are written before head is stored and never again.
type Cell[T any] struct {
	mu   sync.Mutex
	head atomic.Pointer[Node] // continuations, newest first, or settled
	val  T
	err  error
	done chan struct{} // made on demand, closed when the cell settles
	task *TaskCtx      // the context of the work behind the cell, if any
}

// SetTask records the context of the work that will settle c, so that
// [Cell.Cancel] cancels it. It must be called before c is shared, and the
// task is never changed after.
func (c *Cell[T]) SetTask(t *TaskCtx) { c.task = t }

// Settle sets c's result if c is pending and then runs c's continuations on
// the calling goroutine. It reports whether this call set the result.
func (c *Cell[T]) Settle(v T, err error) bool {
	list, ok := c.Complete(v, err)
	Run(list)
	return ok
}

// Complete sets c's result if c is pending, and returns the continuations
// the caller must run (with [Run], or by returning them from
// [Handler.Settled]) and whether this call set the result.
func (c *Cell[T]) Complete(v T, err error) (*Node, bool) {
	c.mu.Lock()
	list := c.head.Load()
	if list == settled {
		c.mu.Unlock()
		return nil, false
	}
	c.val, c.err = v, err
	c.head.Store(settled)
	done := c.done
	c.mu.Unlock()
	if done != nil {
		close(done)
	}
	return reverse(list), true
}

// Settled reports whether c has settled.
func (c *Cell[T]) Settled() bool { return c.head.Load() == settled }

// Result returns c's result. It must only be called once c has settled.
func (c *Cell[T]) Result() (T, error) { return c.val, c.err }

// Peek returns c's result and true if c has settled; otherwise it returns
// the zero value, nil and false.
func (c *Cell[T]) Peek() (T, error, bool) {
	if c.head.Load() != settled {
		var zero T
		return zero, nil, false
	}
	return c.val, c.err, true
}

// Done returns a channel that is closed when c settles.
func (c *Cell[T]) Done() <-chan struct{} {
	if c.head.Load() == settled {
		return c.doneSettled()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		if c.head.Load() == settled {
			return closed
		}
		c.done = make(chan struct{})
	}
	return c.done
}

// doneSettled returns the Done channel of a settled cell. The done field is
// written only while the cell is pending, before head is stored.
func (c *Cell[T]) doneSettled() <-chan struct{} {
	if c.done != nil {
		return c.done
	}
	return closed
}

// Await blocks until c settles or ctx is done. A result that is there wins
// over a done ctx; otherwise a done ctx returns ctx.Err() and leaves c as it
// is.
func (c *Cell[T]) Await(ctx context.Context) (T, error) {
	if c.head.Load() != settled {
		stop := ctx.Done()
		if stop == nil {
			<-c.Done()
		} else {
			select {
			case <-c.Done():
			case <-stop:
				if c.head.Load() != settled {
					var zero T
					return zero, ctx.Err()
				}
			}
		}
	}
	return c.val, c.err
}

// Add registers n to run once c settles. If c has already settled, Add
// returns n and the caller must run it (with [Run], or by returning it from
// [Handler.Settled]); otherwise it returns nil.
func (c *Cell[T]) Add(n *Node) *Node {
	if c.head.Load() != settled {
		c.mu.Lock()
		if head := c.head.Load(); head != settled {
			n.next = head
			c.head.Store(n)
			c.mu.Unlock()
			return nil
		}
		c.mu.Unlock()
	}
	return n
}

// Cancel cancels the work behind c with cause. If c has a task, its context
// is canceled and c settles when the task returns; otherwise c fails with
// cause at once, or with [context.Canceled] if cause is nil. Cancel does
// nothing once c has settled.
func (c *Cell[T]) Cancel(cause error) {
	switch {
	case c.head.Load() == settled:
		return
	case c.task != nil:
		c.task.Cancel(cause)
		return
	}
	if cause == nil {
		cause = context.Canceled
	}
	var zero T
	c.Settle(zero, cause)
}
