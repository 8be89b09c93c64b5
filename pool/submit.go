package pool

import (
	"context"

	"github.com/eventual-go/eventual/future"
)

// Submit runs fn on p with a context derived from ctx, and returns a
// Future that settles with fn's results when fn returns. It costs one
// allocation: the future, the task's context and its place in the queue
// are one object.
//
// If no worker is free, the task waits in the queue; if the queue is full,
// Submit does what the pool's [FullPolicy] says: by default it blocks
// until there is room or ctx is done. It never leaves the future pending
// for a reason of its own: if ctx is done first, the future fails with
// [context.Cause](ctx); if the pool is closed or full, with [ErrClosed]
// or [ErrFull]; for a nil ctx or fn, with [future.ErrNilContext] or
// [future.ErrNilFunc].
//
// fn runs on one of the pool's workers, or, by [CallerRuns], on the
// calling goroutine. Its context is canceled when ctx is, when
// [future.Future.Cancel] is called, when the pool aborts, when the pool's
// task timeout passes, and once fn returns. A task whose context is done
// before it starts never runs: when its turn comes, or at once if the pool
// aborts, its future fails with the cause. If fn panics, the future fails
// with a [*future.PanicError] that holds the value and the stack; if it
// calls [runtime.Goexit], with [future.ErrGoexit]. The worker carries on
// either way.
//
// A task that submits to its own pool, with its context or one derived
// from it, never waits in the queue behind itself: if no worker is free,
// its submit runs the new task at once on its own goroutine, or, under
// [Reject], fails with [ErrFull]. So a task can await the futures of the
// tasks it submits without deadlocking the pool.
func Submit[T any](ctx context.Context, p *Pool, fn func(context.Context) (T, error)) *future.Future[T] {
	if err := p.check(ctx, fn == nil); err != nil {
		return future.Rejected[T](err)
	}
	t := newTask(ctx, p, fn)
	if err := p.submit(ctx, item{job: t}, false); err != nil {
		t.fail(err)
	}
	return t.future()
}

// TrySubmit is like [Submit], but never blocks and never runs fn on the
// calling goroutine: if no worker is free and the queue is full, it fails
// with [ErrFull]. It returns the same error that the future then holds, if
// the task was refused, so a caller can tell at once; the future is never
// nil.
func TrySubmit[T any](ctx context.Context, p *Pool, fn func(context.Context) (T, error)) (*future.Future[T], error) {
	if err := p.check(ctx, fn == nil); err != nil {
		return future.Rejected[T](err), err
	}
	t := newTask(ctx, p, fn)
	err := p.submit(ctx, item{job: t}, true)
	if err != nil {
		t.fail(err)
	}
	return t.future(), err
}

// Go runs fn on p with a context derived from ctx, and returns without
// waiting for it. Once warm, it costs no allocation. It returns nil if p
// accepted the task, and otherwise the reason, as [Submit]'s future would
// hold it; it waits for room, or not, as [Submit] does.
//
// fn runs on one of the pool's workers, or, by [CallerRuns], on the
// calling goroutine. Its context is done when ctx is, when the pool
// aborts, or when the pool's task timeout passes; it may also be canceled
// once fn returns, so work that outlives fn needs a context of its own. A
// task whose context is done before it starts never runs. If fn panics or
// calls [runtime.Goexit], the worker carries on and the pool's unhandled
// hook (see [WithUnhandled]) gets a [*future.PanicError] with the value
// and the stack, or [future.ErrGoexit].
//
// A task that submits to its own pool is handled as by [Submit].
func (p *Pool) Go(ctx context.Context, fn func(context.Context)) error {
	if err := p.check(ctx, fn == nil); err != nil {
		return err
	}
	return p.submit(ctx, item{ctx: ctx, job: goFunc(fn)}, false)
}

// TryGo is like [Pool.Go], but never blocks and never runs fn on the
// calling goroutine: if no worker is free and the queue is full, it
// returns [ErrFull].
func (p *Pool) TryGo(ctx context.Context, fn func(context.Context)) error {
	if err := p.check(ctx, fn == nil); err != nil {
		return err
	}
	return p.submit(ctx, item{ctx: ctx, job: goFunc(fn)}, true)
}

// check returns the error of a submit with bad input, counting it as
// rejected, or nil.
func (p *Pool) check(ctx context.Context, nilFunc bool) error {
	var err error
	switch {
	case p == nil:
		return ErrNilPool
	case ctx == nil:
		err = future.ErrNilContext
	case nilFunc:
		err = future.ErrNilFunc
	case p.cfg.err != nil:
		err = p.cfg.err
	default:
		return nil
	}
	p.mu.Lock()
	p.counts.submitted++
	p.counts.n[rejected]++
	p.mu.Unlock()
	return err
}

// submit hands it to a worker, queues it, or applies the full policy, and
// returns nil once the pool has accepted it (or, by CallerRuns, run it),
// or the reason it did not. With try it never blocks and never runs it.
//
// A task from inside one of p's own tasks never goes into the queue when
// no worker is free: the submitter may be what the queue is waiting for.
func (p *Pool) submit(ctx context.Context, it item, try bool) error {
	done := ctx.Err() != nil
	nested := !done && ctx.Value(poolKey{}) == p
	p.mu.Lock()
	p.counts.submitted++
	switch {
	case done:
		p.counts.n[canceled]++
		p.mu.Unlock()
		return context.Cause(ctx)
	case p.closed:
		p.counts.n[rejected]++
		p.mu.Unlock()
		return ErrClosed
	}
	if w, fresh := p.claim(); w != nil {
		p.mu.Unlock()
		w.give(it, fresh)
		return nil
	}
	if !nested && p.queue.len() < p.cfg.queue {
		p.queue.push(it)
		p.mu.Unlock()
		return nil
	}
	switch {
	case try || p.cfg.policy == Reject:
		p.counts.n[rejected]++
		p.mu.Unlock()
		return ErrFull
	case nested || p.cfg.policy == CallerRuns:
		p.running++
		p.mu.Unlock()
		p.inline(it)
		return nil
	}
	return p.block(ctx, it)
}

// block waits, in the list of blocked submitters, until it is accepted or
// refused, or ctx is done. It is called with p.mu held, and releases it.
func (p *Pool) block(ctx context.Context, it item) error {
	w := p.newWaiter(it)
	p.blocked.push(w)
	p.mu.Unlock()
	select {
	case <-w.ready:
	case <-ctx.Done():
		p.mu.Lock()
		if w.state == waiting {
			p.blocked.remove(w)
			p.counts.n[canceled]++
			p.settle()
			p.mu.Unlock()
			p.freeWaiter(w)
			return context.Cause(ctx)
		}
		p.mu.Unlock() // decided meanwhile: the decision stands
		<-w.ready
	}
	state := w.state // written before the wake that ready delivered
	p.freeWaiter(w)
	if state == refused {
		return ErrClosed
	}
	return nil
}

// inline runs it on the calling goroutine, for CallerRuns or a nested
// submit. The task is already counted as running.
func (p *Pool) inline(it item) {
	w := &worker{p: p}
	defer p.inlineDone(w)
	it.job.run(w, it.ctx)
}

// inlineDone records how an inline task ended. It is deferred, so that it
// runs even if the task called runtime.Goexit.
func (p *Pool) inlineDone(w *worker) {
	w.exit()
	p.mu.Lock()
	p.counts.add(w.outcome)
	p.running--
	p.settle()
	p.mu.Unlock()
}
