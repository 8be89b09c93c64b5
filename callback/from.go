package callback

import (
	"context"
	"sync/atomic"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// From calls start with a callback, done, and returns a Future that settles
// with the results done is first called with. It adapts an API that reports
// through a func(T, error) completion callback.
//
// start runs on the caller's goroutine; done may be called on any
// goroutine, before or after start returns. Only the first call of done
// counts: it settles the future and runs the future's continuations, such
// as handlers from [OnComplete], on the goroutine that called it. Later
// calls are ignored and reported to the [Trace] that ctx carries, if any,
// and so is a call that comes after the future has settled otherwise.
//
// If ctx ends before done is called, the future fails with
// [context.Cause](ctx); [future.Future.Cancel] fails it with its cause. In
// both cases the function start returned, cancel, if not nil, is called
// once to tell the API to stop: when ctx ends, before the future fails,
// so anyone who sees the failure knows cancel has returned; on Cancel, on
// the canceling goroutine, once the future has failed. cancel is never
// called if done was called first. If ctx is already done, start is not
// called and the future fails with context.Cause(ctx).
//
// From parks no goroutine while it waits: if ctx can end, it watches ctx
// with [context.AfterFunc], which calls cancel on a goroutine of its own
// when ctx ends, and it stops watching once the future settles. If start
// panics before done is called, or cancel panics when ctx ends, the future
// fails with a [*future.PanicError]; the program keeps running. A panic in
// start after done was called, or in cancel after a Cancel, comes when the
// future has settled: it is reported to the [Trace], or logged.
func From[T any](ctx context.Context, start func(done func(T, error)) (cancel func())) *future.Future[T] {
	if err := check(ctx, start == nil); err != nil {
		return future.Rejected[T](err)
	}
	c := newCall[T](ctx)
	return begin(c, start, c.done)
}

// FromValue calls start with a callback, done, and returns a Future that
// succeeds with the value done is first called with. It adapts an API that
// reports through a func(T) callback and cannot fail, except by never
// calling back: for that, the future fails when ctx ends.
//
// Everything else is as for [From]: where start and done run, what a
// second call does, how ctx and cancel work, and what a panic does.
func FromValue[T any](ctx context.Context, start func(done func(T)) (cancel func())) *future.Future[T] {
	if err := check(ctx, start == nil); err != nil {
		return future.Rejected[T](err)
	}
	c := newCall[T](ctx)
	return begin(c, start, c.value)
}

// FromError calls start with a callback, done, and returns a Future that
// succeeds if done is first called with a nil error, and fails with the
// error otherwise. It adapts an API that reports through a func(error)
// completion callback, such as a write or a flush.
//
// Everything else is as for [From]: where start and done run, what a
// second call does, how ctx and cancel work, and what a panic does.
func FromError(ctx context.Context, start func(done func(error)) (cancel func())) *future.Future[struct{}] {
	if err := check(ctx, start == nil); err != nil {
		return future.Rejected[struct{}](err)
	}
	c := newCall[struct{}](ctx)
	return begin(c, start, c.fail)
}

// check returns the error of a From future given ctx and a function that
// may be nil.
func check(ctx context.Context, nilFunc bool) error {
	switch {
	case ctx == nil:
		return future.ErrNilContext
	case nilFunc:
		return future.ErrNilFunc
	case ctx.Err() != nil:
		return context.Cause(ctx)
	}
	return nil
}

// A call is a future that a callback settles, together with what it takes
// to stop waiting for the callback: the watch on ctx and the API's cancel.
//
// claim decides who ends the wait, once: the callback, which settles the
// future; the end of ctx, which calls cancel and then fails the future, so
// that the API has been told to stop by the time anyone sees the failure;
// or a cancel of the future, which settles it first and is seen by the
// continuation call registers on its own future, which then calls cancel.
//
// The continuation is registered only if there is a cancel to call or a
// watch to stop. The watch on ctx must be stopped once the future
// settles, by whichever comes second of From, which sets it up after start
// returns, and that continuation. phase decides: From publishes stop and
// moves phase from unset to published; the continuation moves it to ran.
type call[T any] struct {
	out    core.Cell[T]
	node   core.Node // call's own continuation on out
	ctx    context.Context
	calls  atomic.Int32 // calls of the callback so far
	claim  atomic.Int32
	phase  atomic.Int32
	stop   func() bool // stops the watch on ctx; nil if there is none
	cancel func()      // tells the API to stop; may be nil
}

// Who ends the wait for the callback.
const (
	open       = iota // nobody yet
	byCallback        // the callback
	byContext         // the end of ctx
	byCancel          // a cancel of the future, or a panic in start
)

// The phases of the hand-off of stop.
const (
	unset     = iota // not yet published
	published        // published; the continuation calls it
	ran              // the continuation has run; the publisher calls it
)

func newCall[T any](ctx context.Context) *call[T] { return &call[T]{ctx: ctx} }

// begin calls start with done and returns c's future once it has set up
// what ends the wait.
func begin[T, D any](c *call[T], start func(D) func(), done D) *future.Future[T] {
	var cancel func()
	if err := core.Guard(func() { cancel = start(done) }, c.goexit); err != nil {
		c.startPanicked(err)
		return c.future()
	}
	// Until From returns, only the callback can have settled out: ctx is
	// not watched yet and nobody else has the future. Then there is
	// nothing to stop and no reason to cancel.
	if c.out.Settled() {
		return c.future()
	}
	watch := c.ctx.Done() != nil
	if cancel == nil && !watch {
		return c.future() // nothing to stop when the future settles
	}
	c.cancel = cancel
	core.Run(c.out.Add(c.node.Bind(c))) // runs it now if out has settled
	if watch {
		c.stop = context.AfterFunc(c.ctx, c.expire)
		if !c.phase.CompareAndSwap(unset, published) {
			c.stop() // out settled meanwhile, and the continuation ran
		}
	}
	return c.future()
}

func (c *call[T]) future() *future.Future[T] { return (*future.Future[T])(&c.out) }

// done is the callback of From.
func (c *call[T]) done(v T, err error) {
	n := c.calls.Add(1)
	if n == 1 && c.claim.CompareAndSwap(open, byCallback) && c.out.Settle(v, err) {
		return
	}
	ignored(c.ctx, int(n), v, err)
}

// value is the callback of FromValue.
func (c *call[T]) value(v T) { c.done(v, nil) }

// fail is the callback of FromError.
func (c *call[T]) fail(err error) {
	var zero T
	c.done(zero, err)
}

// expire tells the API to stop and fails c with ctx's cause once ctx is
// done, unless the callback came first. A panic in cancel fails c instead.
func (c *call[T]) expire() {
	if !c.claim.CompareAndSwap(open, byContext) {
		return
	}
	var zero T
	err := context.Cause(c.ctx)
	if cancel := c.takeCancel(); cancel != nil {
		goexit := func() { c.out.Settle(zero, future.ErrGoexit) }
		if perr := core.Guard(cancel, goexit); perr != nil {
			err = perr
		}
	}
	c.out.Settle(zero, err)
}

// takeCancel returns cancel and drops it, so that the future, which may be
// kept, does not keep the API's request alive. Only the holder of the
// claim calls it: expire, or the continuation once the claim is decided.
func (c *call[T]) takeCancel() func() {
	cancel := c.cancel
	c.cancel = nil
	return cancel
}

// startPanicked fails c with err, a panic in start, or reports err if the
// callback has already settled c.
func (c *call[T]) startPanicked(err error) {
	var zero T
	if !c.out.Settle(zero, err) {
		unreported(c.ctx, err)
	}
}

// goexit fails c, whose start called runtime.Goexit.
func (c *call[T]) goexit() { c.startPanicked(future.ErrGoexit) }

// Settled is c's continuation on its own future. If nobody claimed the wait,
// the future was canceled: it tells the API to stop. It then stops the
// watch on ctx, if From has published it, and otherwise leaves that to
// From.
func (c *call[T]) Settled() *core.Node {
	switch {
	case c.claim.CompareAndSwap(open, byCancel):
		if cancel := c.takeCancel(); cancel != nil {
			goexit := func() { unreported(c.ctx, future.ErrGoexit) }
			if err := core.Guard(cancel, goexit); err != nil {
				unreported(c.ctx, err)
			}
		}
	case c.claim.Load() == byCallback:
		c.takeCancel() // not needed: drop it
	}
	if c.phase.Swap(ran) == published {
		c.stop()
	}
	return nil
}
