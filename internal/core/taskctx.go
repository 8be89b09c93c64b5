package core

import (
	"context"
	"sync"
	"time"
)

// A TaskCtx is the context a task runs with: a child of the context the task
// was started with that [TaskCtx.Cancel] cancels with a cause.
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
type TaskCtx struct {
	parent context.Context
	mu     sync.Mutex
	ctx    context.Context // the real child, once built
	cancel context.CancelCauseFunc
	err    error // recorded by a cancel before the child was built
	cause  error
}

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
	c.mu.Lock()
	ctx, err := c.ctx, c.err
	c.mu.Unlock()
	switch {
	case ctx != nil:
		return ctx.Err()
	case err != nil:
		return err
	}
	return c.parent.Err()
}

// Value returns the value for key. Once c is canceled it answers from the
// real child, so that [context.Cause] finds the cause c was canceled with.
func (c *TaskCtx) Value(key any) any {
	c.mu.Lock()
	ctx, err := c.ctx, c.err
	c.mu.Unlock()
	switch {
	case ctx != nil:
		return ctx.Value(key)
	case err != nil:
		return c.real().Value(key)
	}
	return c.parent.Value(key)
}

// String names c as the stdlib's contexts do.
func (c *TaskCtx) String() string { return contextName(c.parent) + ".WithCancelCause" }

// Cancel cancels c with cause, or with [context.Canceled] if cause is nil.
// Like a [context.CancelCauseFunc], only the first cancel counts, and a
// parent that is already done has counted first.
func (c *TaskCtx) Cancel(cause error) {
	c.mu.Lock()
	if c.ctx != nil {
		cancel := c.cancel
		c.mu.Unlock()
		cancel(cause)
		return
	}
	if c.err == nil && c.parent.Err() == nil {
		c.err, c.cause = context.Canceled, cause
	}
	c.mu.Unlock()
}

// real returns the real child, building it on the first call. A cancel that
// was recorded first is applied to a child that the parent cannot cancel
// any more, so that the recorded cause stays the one reported.
func (c *TaskCtx) real() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx == nil {
		parent := c.parent
		if c.err != nil {
			parent = context.WithoutCancel(parent)
		}
		c.ctx, c.cancel = context.WithCancelCause(parent)
		if c.err != nil {
			c.cancel(c.cause)
		}
	}
	return c.ctx
}

type stringer interface{ String() string }

// contextName returns the name the stdlib's contexts print for ctx.
func contextName(ctx context.Context) string {
	if s, ok := ctx.(stringer); ok {
		return s.String()
	}
	return "context"
}
