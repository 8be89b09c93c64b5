package pool

import (
	"context"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// A job is a task the pool runs.
type job interface {
	// run runs the job on w's goroutine, or skips it if its context is
	// already done, and sets w.outcome. ctx is the context it was
	// submitted with, for a job that does not hold its own.
	run(w *worker, ctx context.Context)
	// drop fails the job without running it, once the pool has aborted.
	drop()
}

// A task is a job with a future: the future, the task's context and the
// function, in one allocation. The cell comes first, so the future's
// address is the task's.
type task[T any] struct {
	cell core.Cell[T]
	ctx  core.TaskCtx
	join join
	fn   func(context.Context) (T, error)
}

func newTask[T any](ctx context.Context, p *Pool, fn func(context.Context) (T, error)) *task[T] {
	t := &task[T]{fn: fn}
	t.join.sub, t.join.p = ctx, p
	t.ctx.Init(&t.join)
	t.cell.SetTask(&t.ctx)
	return t
}

func (t *task[T]) future() *future.Future[T] { return (*future.Future[T])(&t.cell) }

func (t *task[T]) run(w *worker, _ context.Context) {
	if t.ctx.Err() != nil {
		w.outcome = canceled
		t.drop()
		return
	}
	t.join.start(w.p.cfg.timeout)
	t.call(w)
}

// call calls fn under core.Guard and settles the future with its results,
// or with a *future.PanicError or future.ErrGoexit.
func (t *task[T]) call(w *worker) {
	var v T
	var err error
	goexit := func() {
		w.outcome = goexited
		t.finish(*new(T), future.ErrGoexit)
	}
	if perr := core.Guard(func() { v, err = t.fn(&t.ctx) }, goexit); perr != nil {
		w.outcome = panicked
		t.finish(*new(T), perr)
		return
	}
	w.outcome = succeeded
	if err != nil {
		w.outcome = failed
	}
	t.finish(v, err)
}

// drop fails the task, which never ran, with its context's cause.
func (t *task[T]) drop() { t.finish(*new(T), context.Cause(&t.ctx)) }

// fail fails the task, which never reached the pool, with err.
func (t *task[T]) fail(err error) { t.finish(*new(T), err) }

// finish cancels the task's context, as a deferred cancel would, drops the
// function, and settles the future, which runs its continuations.
func (t *task[T]) finish(v T, err error) {
	t.fn = nil
	t.ctx.Finish()
	t.join.release()
	t.cell.Settle(v, err)
}

// A goFunc is a fire-and-forget job. A func is a pointer, so making a job
// of one costs no allocation.
type goFunc func(context.Context)

func (f goFunc) run(w *worker, sub context.Context) {
	j := w.contextFor(sub)
	if j.Err() != nil {
		w.outcome = canceled
		w.doneWith(j)
		return
	}
	f.call(w, j)
}

// call calls f under core.Guard, and reports a panic or Goexit to the
// pool's hook.
func (f goFunc) call(w *worker, j *join) {
	goexit := func() { w.failed(j, goexited, future.ErrGoexit) }
	if err := core.Guard(func() { f(j) }, goexit); err != nil {
		w.failed(j, panicked, err)
		return
	}
	w.outcome = succeeded
	w.doneWith(j)
}

// failed records that a fire-and-forget task ended with err, which only
// the pool's hook can receive.
func (w *worker) failed(j *join, o outcome, err error) {
	w.outcome = o
	w.doneWith(j)
	w.p.cfg.unhandled(err)
}

func (goFunc) drop() {}

// contextFor returns the context for a fire-and-forget task submitted with
// sub. A worker keeps the last one it made and gives it to the next task
// submitted with the same context, so a stream of tasks costs nothing; it
// makes a new one when the context differs, when the old one has built a
// real context, which may be canceled, or when the task has a deadline.
func (w *worker) contextFor(sub context.Context) *join {
	timeout := w.p.cfg.timeout
	if j := w.join; j != nil && timeout == 0 && j.built.Load() == nil && sameContext(j.sub, sub) {
		return j
	}
	j := &join{sub: sub, p: w.p}
	j.start(timeout)
	if timeout == 0 {
		w.join = j
	}
	return j
}

// doneWith lets go of j once its task has returned, if it built a real
// context: the context is canceled, as a deferred cancel would, and the
// worker makes a new one for its next task.
func (w *worker) doneWith(j *join) {
	if j.built.Load() == nil {
		return
	}
	j.release()
	if w.join == j {
		w.join = nil
	}
}
