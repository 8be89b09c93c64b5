package core

import (
	"context"
	"sync/atomic"
	"time"
)

// A TaskCtx is the context a task runs with: a child of the context the task
// was started with that [TaskCtx.Cancel] cancels with a cause, and that
// [TaskCtx.Finish] cancels when the task returns, as a deferred cancel
// would.
//
// Most tasks never look at their context's Done channel, so a TaskCtx builds
// the real child, with [context.WithCancelCause], only when it is first asked
// for one (Done, or Value after a cancel). Until then it answers from its
// parent and from the cancel it has recorded, which saves two allocations
// and a registration with the parent on every task. Once built, the child
// answers everything, so the stdlib's rules hold exactly: Cause, AfterFunc
// and contexts derived from a TaskCtx all see the child.
//
// The zero TaskCtx is not usable; call [TaskCtx.Init] first.
//
// Every change of state is one compare-and-swap, so a TaskCtx takes no lock;
// two goroutines building the child at once may build two, and the one that
// loses cancels its own.
type TaskCtx struct {
	parent context.Context
	state  atomic.Pointer[ctxState]
}

// A ctxState is what a TaskCtx knows beyond its parent: the real child once
// built, or else the cause of a cancel recorded before it was built.
type ctxState struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	cause  error
}

// returned is the state of a TaskCtx whose task returned before anyone
// built its child: canceled, unless the parent was done first.
var returned = new(ctxState)

// Init makes c a child of parent.
func (c *TaskCtx) Init(parent context.Context) { c.parent = parent }

// Deadline returns the parent's deadline: canceling c sets none.
func (c *TaskCtx) Deadline() (time.Time, bool) { return c.parent.Deadline() }

// Done returns a channel that is closed when c is canceled or its parent is
// done.
func (c *TaskCtx) Done() <-chan struct{} { return c.real().Done() }

// Err returns nil until c is canceled or its parent is done, and then the
// reason, as the stdlib's contexts do.
func (c *TaskCtx) Err() error {
	s := c.state.Load()
	switch {
	case s == nil:
		return c.parent.Err()
	case s.ctx != nil:
		return s.ctx.Err()
	case s == returned:
		if err := c.parent.Err(); err != nil {
			return err
		}
	}
	return context.Canceled
}

// Value returns the value for key. Once c is canceled it answers from the
// real child, so that [context.Cause] finds the cause c was canceled with.
func (c *TaskCtx) Value(key any) any {
	s := c.state.Load()
	switch {
	case s == nil:
		return c.parent.Value(key)
	case s.ctx != nil:
		return s.ctx.Value(key)
	}
	return c.real().Value(key)
}

// String names c as the stdlib's contexts do.
func (c *TaskCtx) String() string { return contextName(c.parent) + ".WithCancelCause" }

// Cancel cancels c with cause, or with [context.Canceled] if cause is nil.
// Like a [context.CancelCauseFunc], only the first cancel counts, and a
// parent that is already done has counted first.
func (c *TaskCtx) Cancel(cause error) {
	s := c.state.Load()
	if s == nil && c.parent.Err() == nil {
		if c.state.CompareAndSwap(nil, &ctxState{cause: cause}) {
			return
		}
		s = c.state.Load() // built, returned or canceled meanwhile
	}
	if s != nil && s.ctx != nil {
		s.cancel(cause)
	}
}

// Finish cancels c because its task has returned. It is cheap when the
// child was never built: it records the fact, without a lock.
func (c *TaskCtx) Finish() {
	if c.state.CompareAndSwap(nil, returned) {
		return
	}
	if s := c.state.Load(); s.ctx != nil {
		s.cancel(nil)
	}
}

// real returns the real child, building it on the first call. A cancel that
// was recorded first is applied to a child that the parent cannot cancel
// any more, so that the recorded cause stays the one reported.
func (c *TaskCtx) real() context.Context {
	for {
		s := c.state.Load()
		if s != nil && s.ctx != nil {
			return s.ctx
		}
		parent := c.parent
		canceled := s != nil && (s != returned || parent.Err() == nil)
		if canceled {
			parent = context.WithoutCancel(parent)
		}
		ctx, cancel := context.WithCancelCause(parent)
		if canceled {
			cancel(s.cause)
		}
		if c.state.CompareAndSwap(s, &ctxState{ctx: ctx, cancel: cancel}) {
			return ctx
		}
		cancel(nil) // the state changed meanwhile: build again from it
	}
}

type stringer interface{ String() string }

// contextName returns the name the stdlib's contexts print for ctx.
func contextName(ctx context.Context) string {
	if s, ok := ctx.(stringer); ok {
		return s.String()
	}
	return "context"
}
