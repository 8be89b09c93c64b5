package callback

import (
	"context"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// OnSuccess registers fn to be called with f's value once f succeeds; fn is
// not called if f fails. It returns a future that settles once fn has
// returned, or at once when f fails: with no error, or with a
// [*future.PanicError] if fn panicked, or [future.ErrGoexit] if it called
// runtime.Goexit. That future is how a panic in fn is reported; the program
// and the other handlers on f go on either way. A nil f or fn fails it with
// [future.ErrNilFuture] or [future.ErrNilFunc], and fn is never called.
//
// fn runs once, on the goroutine that settles f, or on the caller's
// goroutine if f has already settled; OnSuccess starts no goroutine and
// costs one allocation. Handlers on one future run in the order they were
// registered. fn should be quick, since the goroutine that settles f waits
// for it; run slow handlers on a [Runner] with [OnSuccessAsync].
func OnSuccess[T any](f *future.Future[T], fn func(T)) *future.Future[struct{}] {
	return register(f, fn == nil, &handler[T]{act: onSuccess[T](fn)})
}

// OnFailure registers fn to be called with f's error once f fails; fn is
// not called if f succeeds. Everything else is as for [OnSuccess].
func OnFailure[T any](f *future.Future[T], fn func(error)) *future.Future[struct{}] {
	return register(f, fn == nil, &handler[T]{act: onFailure[T](fn)})
}

// OnComplete registers fn to be called with f's value and error once f
// settles, either way. Everything else is as for [OnSuccess].
func OnComplete[T any](f *future.Future[T], fn func(T, error)) *future.Future[struct{}] {
	return register(f, fn == nil, &handler[T]{act: onComplete[T](fn)})
}

// A Runner runs functions on goroutines of its own, such as a pool's
// workers; a *pool.Pool is one. Go must call fn exactly once, with a
// context, if it returns nil, and never if it returns an error. It may
// block until it has room for fn, but should stop waiting when ctx is done.
type Runner interface {
	Go(ctx context.Context, fn func(context.Context)) error
}

// RunnerFunc adapts a function to a [Runner].
type RunnerFunc func(ctx context.Context, fn func(context.Context)) error

// Go calls r(ctx, fn).
func (r RunnerFunc) Go(ctx context.Context, fn func(context.Context)) error { return r(ctx, fn) }

// OnSuccessAsync is [OnSuccess] for a slow handler: once f succeeds, it
// hands fn to r with ctx, and r calls fn with a context of its own on a
// goroutine of its own. The goroutine that settles f only waits for r.Go.
//
// The returned future settles once fn has returned, or at once when f
// fails. It fails with r.Go's error, and fn is not called, if r refuses fn;
// with [context.Cause](ctx) if ctx is done by the time f succeeds; with
// [ErrNilRunner] for a nil r and [future.ErrNilContext] for a nil ctx; and,
// as for OnSuccess, with a [*future.PanicError] if fn or r.Go panics. The
// runner's goroutine never sees the panic.
func OnSuccessAsync[T any](ctx context.Context, r Runner, f *future.Future[T], fn func(context.Context, T)) *future.Future[struct{}] {
	return registerAsync(ctx, r, f, fn == nil, onSuccessCtx[T](fn))
}

// OnFailureAsync is [OnFailure] for a slow handler: once f fails, it hands
// fn to r as [OnSuccessAsync] does.
func OnFailureAsync[T any](ctx context.Context, r Runner, f *future.Future[T], fn func(context.Context, error)) *future.Future[struct{}] {
	return registerAsync(ctx, r, f, fn == nil, onFailureCtx[T](fn))
}

// OnCompleteAsync is [OnComplete] for a slow handler: once f settles, it
// hands fn to r as [OnSuccessAsync] does.
func OnCompleteAsync[T any](ctx context.Context, r Runner, f *future.Future[T], fn func(context.Context, T, error)) *future.Future[struct{}] {
	return registerAsync(ctx, r, f, fn == nil, onCompleteCtx[T](fn))
}

// An action is a handler's function, whatever its shape.
type action[T any] interface {
	// wants reports whether the handler runs for a future that settled
	// with err.
	wants(err error) bool
	run(ctx context.Context, v T, err error)
}

type (
	onSuccess[T any]     func(T)
	onFailure[T any]     func(error)
	onComplete[T any]    func(T, error)
	onSuccessCtx[T any]  func(context.Context, T)
	onFailureCtx[T any]  func(context.Context, error)
	onCompleteCtx[T any] func(context.Context, T, error)
)

func (fn onSuccess[T]) wants(err error) bool                        { return err == nil }
func (fn onSuccess[T]) run(_ context.Context, v T, _ error)         { fn(v) }
func (fn onFailure[T]) wants(err error) bool                        { return err != nil }
func (fn onFailure[T]) run(_ context.Context, _ T, err error)       { fn(err) }
func (fn onComplete[T]) wants(error) bool                           { return true }
func (fn onComplete[T]) run(_ context.Context, v T, err error)      { fn(v, err) }
func (fn onSuccessCtx[T]) wants(err error) bool                     { return err == nil }
func (fn onSuccessCtx[T]) run(ctx context.Context, v T, _ error)    { fn(ctx, v) }
func (fn onFailureCtx[T]) wants(err error) bool                     { return err != nil }
func (fn onFailureCtx[T]) run(ctx context.Context, _ T, err error)  { fn(ctx, err) }
func (fn onCompleteCtx[T]) wants(error) bool                        { return true }
func (fn onCompleteCtx[T]) run(ctx context.Context, v T, err error) { fn(ctx, v, err) }

// A handler is a continuation on a future that runs an action, inline or
// on a runner, and settles out, the handler's own future, when it is done.
type handler[T any] struct {
	out  core.Cell[struct{}]
	node core.Node
	in   *core.Cell[T]
	act  action[T]
	ctx  context.Context // for the runner; nil inline
	r    Runner          // nil inline
}

// registerAsync adds a handler that runs act with r and ctx once f settles,
// and returns its future.
func registerAsync[T any](ctx context.Context, r Runner, f *future.Future[T], nilFunc bool, act action[T]) *future.Future[struct{}] {
	switch {
	case ctx == nil:
		return future.Rejected[struct{}](future.ErrNilContext)
	case r == nil:
		return future.Rejected[struct{}](ErrNilRunner)
	}
	return register(f, nilFunc, &handler[T]{act: act, ctx: ctx, r: r})
}

// register adds h to run once f settles, and returns h's future.
func register[T any](f *future.Future[T], nilFunc bool, h *handler[T]) *future.Future[struct{}] {
	switch {
	case f == nil:
		return future.Rejected[struct{}](future.ErrNilFuture)
	case nilFunc:
		return future.Rejected[struct{}](future.ErrNilFunc)
	}
	h.in = (*core.Cell[T])(f)
	core.Run(h.in.Add(h.node.Bind(h)))
	return (*future.Future[struct{}])(&h.out)
}

// Settled runs the action, or hands it to the runner, once h's input has
// settled, and returns the continuations of h's future if that settled it.
// It drops what h holds first, so that h's future, which may be kept,
// keeps nothing of the user's alive.
func (h *handler[T]) Settled() *core.Node {
	v, err := h.in.Result()
	act, ctx, r := h.act, h.ctx, h.r
	h.in, h.act, h.ctx, h.r = nil, nil, nil, nil
	switch {
	case !act.wants(err):
		return h.complete(nil)
	case r == nil:
		return h.complete(h.call(context.Background(), act, v, err))
	}
	if refused := h.dispatch(ctx, r, act, v, err); refused != nil {
		return h.complete(refused)
	}
	return nil // the runner's job settles h's future
}

// dispatch hands act to r and returns nil if r took it, and otherwise the
// error h's future fails with.
func (h *handler[T]) dispatch(ctx context.Context, r Runner, act action[T], v T, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	job := func(ctx context.Context) {
		h.out.Settle(struct{}{}, h.call(ctx, act, v, err))
	}
	var refused error
	if perr := core.Guard(func() { refused = r.Go(ctx, job) }, h.goexit); perr != nil {
		return perr
	}
	return refused
}

// call runs act and returns nil, or the *future.PanicError it panicked
// with. If it calls runtime.Goexit, which ends the goroutine whatever we
// do, h fails with future.ErrGoexit on a new goroutine.
func (h *handler[T]) call(ctx context.Context, act action[T], v T, err error) error {
	return core.Guard(func() { act.run(ctx, v, err) }, h.goexit)
}

func (h *handler[T]) goexit() { go h.out.Settle(struct{}{}, future.ErrGoexit) }

// complete settles h's future with err and returns its continuations.
func (h *handler[T]) complete(err error) *core.Node {
	list, _ := h.out.Complete(struct{}{}, err)
	return list
}
