package pool

import (
	"context"
	"sync"

	"github.com/eventual-go/eventual/future"
)

// A Pool runs tasks on at most a fixed number of worker goroutines at once,
// and holds those that wait for a worker in a bounded queue.
//
// A Pool starts no goroutine until its first task and keeps none once
// [Pool.Close] has returned; a worker with nothing to do exits after an idle
// timeout. Submit work with [Submit] or [TrySubmit], which return a future
// for each task, or with [Pool.Go] and [Pool.TryGo], which do not.
//
// A Pool is safe for simultaneous use by multiple goroutines. The zero Pool
// is not usable; create one with [New].
type Pool struct {
	mu      sync.Mutex
	size    int       // most workers that run tasks at once
	workers int       // worker goroutines, busy or idle
	helpers int       // goroutines of the pool's own still on their way
	running int       // tasks running, on workers or on submitters
	queue   ring      // tasks accepted and waiting for a worker
	blocked waitList  // submitters waiting for room
	spares  sync.Pool // of *waiter
	idle    idleList  // workers waiting for a task
	counts  counts
	closed  bool          // Close or Abort was called
	aborted bool          // Abort was called
	over    bool          // closed, and the last task and worker are gone
	done    chan struct{} // made when closed, closed when over
	quiet   chan struct{} // made by Wait, closed when nothing runs or waits

	// Set by New, and read-only after.
	cfg    config
	ctx    context.Context // canceled by Abort, or once the pool is over
	stop   <-chan struct{} // ctx.Done()
	cancel context.CancelCauseFunc
	unlink func() bool // stops watching cfg.parent; nil once it cannot run
}

// New returns a Pool that runs at most size tasks at once, configured by
// opts. It starts no goroutine.
//
// A size below one, or a bad option, makes a pool that fails every submit
// with an error that wraps [ErrInvalid] and says what was wrong.
func New(size int, opts ...Option) *Pool {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if size < 1 {
		cfg.err = nil
		cfg.invalid("size %d is less than one", size)
	}
	if cfg.queue < 0 {
		cfg.queue = defaultQueue(size)
	}
	p := &Pool{size: size, cfg: cfg}
	p.ctx, p.cancel = context.WithCancelCause(context.Background())
	p.stop = p.ctx.Done()
	if parent := cfg.parent; parent != nil && cfg.err == nil {
		if parent.Err() != nil {
			p.Abort(context.Cause(parent))
		} else {
			p.unlink = context.AfterFunc(parent, func() { p.watch(parent) })
		}
	}
	return p
}

// Close stops the pool accepting tasks, lets the queued tasks run, and
// waits until every task has returned and every worker has exited, or
// until ctx is done, in which case it returns ctx.Err() and the pool goes
// on draining. Submitters blocked waiting for room fail with [ErrClosed].
//
// Close may be called any number of times, from any goroutines, and
// together with [Pool.Abort]; each call waits as the first does. To stop
// waiting for tasks that take too long, call Abort and then Close again.
func (p *Pool) Close(ctx context.Context) error {
	switch {
	case p == nil:
		return ErrNilPool
	case ctx == nil:
		return future.ErrNilContext
	}
	p.mu.Lock()
	p.shutdown()
	done := p.done
	p.mu.Unlock()
	select {
	case <-done:
		return nil
	default:
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Abort stops the pool now: it stops accepting tasks, fails the queued
// ones without running them, and cancels the context of the running ones,
// all with cause, or with [ErrClosed] if cause is nil. It does not wait;
// call [Pool.Close] to wait for the running tasks to return.
//
// The futures of the queued tasks fail with their context's cause, which
// is cause unless their own context was canceled first; their
// continuations run on the calling goroutine before Abort returns. Only
// the first call has an effect.
func (p *Pool) Abort(cause error) {
	if p == nil {
		return
	}
	if cause == nil {
		cause = ErrClosed
	}
	p.cancel(cause) // before closing, so that the cause is not ErrClosed
	p.mu.Lock()
	if p.aborted {
		p.mu.Unlock()
		return
	}
	p.aborted = true
	dropped := p.queue.drain()
	p.counts.n[canceled] += uint64(len(dropped))
	p.shutdown()
	p.mu.Unlock()
	for _, it := range dropped {
		it.job.drop()
	}
}

// Wait blocks until no task is running, queued or blocked waiting for
// room, or until ctx is done, in which case it returns ctx.Err(). Unlike
// [Pool.Close] it leaves the pool open: tasks submitted meanwhile are
// waited for too, and the pool can be used again afterwards.
func (p *Pool) Wait(ctx context.Context) error {
	switch {
	case p == nil:
		return ErrNilPool
	case ctx == nil:
		return future.ErrNilContext
	}
	p.mu.Lock()
	if p.isQuiet() {
		p.mu.Unlock()
		return nil
	}
	if p.quiet == nil {
		p.quiet = make(chan struct{})
	}
	quiet := p.quiet
	p.mu.Unlock()
	select {
	case <-quiet:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Resize sets the most tasks the pool runs at once to size. Growing starts
// workers for the queued tasks at once, which lets blocked submitters in;
// shrinking stops idle workers at once and busy ones as their tasks
// return, without interrupting any; Resize does not wait for them. The
// queue keeps its size. Resize returns an error that wraps [ErrInvalid]
// for a size below one, and [ErrClosed] once the pool is closed.
func (p *Pool) Resize(size int) error {
	switch {
	case p == nil:
		return ErrNilPool
	case p.cfg.err != nil:
		return p.cfg.err
	case size < 1:
		var c config
		c.invalid("size %d is less than one", size)
		return c.err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.size = size
	for p.queue.len() > 0 || p.blocked.len() > 0 {
		w, fresh := p.claim()
		if w == nil {
			break
		}
		it, admitted, _ := p.take()
		w.give(it, fresh)
		admitted.wake()
	}
	for p.workers > p.size {
		w := p.idle.pop()
		if w == nil {
			break
		}
		p.retire(w)
		w.wake <- item{}
	}
	return nil
}

// shutdown closes p, if it is not closed yet: it refuses the blocked
// submitters and tells the idle workers to exit. It is called with p.mu
// held.
func (p *Pool) shutdown() {
	if p.closed {
		return
	}
	p.closed = true
	p.done = make(chan struct{})
	for w := p.blocked.pop(); w != nil; w = p.blocked.pop() {
		p.counts.n[rejected]++
		w.decide(refused)
		w.wake()
	}
	for w := p.idle.pop(); w != nil; w = p.idle.pop() {
		p.retire(w)
		w.wake <- item{}
	}
	p.settle()
}

// settle notes a change that may have left p quiet, or over. It is called
// with p.mu held.
func (p *Pool) settle() {
	if p.quiet != nil && p.isQuiet() {
		close(p.quiet)
		p.quiet = nil
	}
	if !p.closed || p.over || p.workers > 0 || p.running > 0 {
		return
	}
	if p.unlink != nil {
		if !p.unlink() { // the watcher of the parent context is running
			p.helpers++
		}
		p.unlink = nil
	}
	if p.helpers == 0 {
		p.over = true
		close(p.done)
		p.cancel(ErrClosed)
	}
}

// watch aborts p when parent is done. It runs in a goroutine of its own,
// which settle waits for if p closes meanwhile.
func (p *Pool) watch(parent context.Context) {
	p.Abort(context.Cause(parent))
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.unlink == nil { // settle counted this goroutine
		p.helpers--
		p.settle()
	}
	p.unlink = nil
}

// isQuiet reports whether no task is running, queued or blocked.
func (p *Pool) isQuiet() bool {
	return p.running == 0 && p.queue.len() == 0 && p.blocked.len() == 0
}
