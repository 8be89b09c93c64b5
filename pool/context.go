package pool

import (
	"context"
	"sync/atomic"
	"time"
	"unsafe"
)

// poolKey is the context key under which a task's context holds the pool
// that runs it, so that a submit from inside a task can tell.
type poolKey struct{}

// A join is the context a task runs with: the context it was submitted
// with, which gives its values, joined with the pool, whose abort cancels
// it, and with the task's deadline, if the pool sets one.
//
// A join builds nothing until it must. Most tasks never look at their
// context's Done channel, so a join answers Err from its parts, and Done
// from the pool alone when the submit's context can never be canceled and
// there is no deadline. Only when Done needs a channel of its own, or a
// cause must be found, does it build the real thing: a child of the
// submit's context that the pool's abort and the deadline also cancel.
// Once built, the child answers everything, so the stdlib's rules hold
// exactly for Cause, AfterFunc and derived contexts.
type join struct {
	sub      context.Context
	p        *Pool
	deadline atomic.Int64 // Unix nanoseconds, set when the task starts; 0 for none
	built    atomic.Pointer[merged]
}

// merged is a join's real context.
type merged struct {
	ctx    context.Context
	cancel context.CancelCauseFunc // cancels ctx, or its parent if ctx has a deadline
	expire context.CancelFunc      // releases the deadline's timer, if any
	stop   func() bool             // stops listening for the pool's abort
}

// start sets j's deadline d after now, if d is positive.
func (j *join) start(d time.Duration) {
	if d > 0 {
		j.deadline.Store(time.Now().Add(d).UnixNano())
	}
}

// Deadline returns the earlier of the submit context's deadline and the
// task's.
func (j *join) Deadline() (time.Time, bool) {
	at, ok := j.sub.Deadline()
	if d := j.deadline.Load(); d != 0 {
		if own := time.Unix(0, d); !ok || own.Before(at) {
			return own, true
		}
	}
	return at, ok
}

// Done returns a channel that is closed when the submit's context is done,
// the pool is aborted, or the deadline passes.
func (j *join) Done() <-chan struct{} {
	if m := j.built.Load(); m != nil {
		return m.ctx.Done()
	}
	if j.simple() {
		return j.p.stop
	}
	return j.build().ctx.Done()
}

// Err returns why j is done, checking the submit's context, then the pool,
// then the deadline; or nil.
func (j *join) Err() error {
	if m := j.built.Load(); m != nil {
		return m.ctx.Err()
	}
	if err := j.sub.Err(); err != nil {
		return err
	}
	if j.p.ctx.Err() != nil {
		return context.Canceled
	}
	if d := j.deadline.Load(); d != 0 && time.Now().UnixNano() >= d {
		return context.DeadlineExceeded
	}
	return nil
}

// Value returns the pool for poolKey, and otherwise the submit context's
// value for key. Once j is done it answers from the real context, so that
// [context.Cause] finds the right cause.
func (j *join) Value(key any) any {
	if key == (poolKey{}) {
		return j.p
	}
	if m := j.built.Load(); m != nil {
		return m.ctx.Value(key)
	}
	if j.Err() != nil {
		return j.build().ctx.Value(key)
	}
	if v := j.sub.Value(key); v != nil || !j.simple() {
		return v
	}
	// The pool's context holds no values of its own, only the cancel state
	// the context package looks up: with it, contexts derived from j
	// register with the pool's context instead of starting a goroutine.
	return j.p.ctx.Value(key)
}

func (j *join) String() string { return contextName(j.sub) + ".WithPool" }

// simple reports whether only the pool can cancel j.
func (j *join) simple() bool { return j.sub.Done() == nil && j.deadline.Load() == 0 }

// build returns j's real context, building it on the first call. The layers
// are canceled in the order Err checks: the submit's context, the pool, the
// deadline.
func (j *join) build() *merged {
	if m := j.built.Load(); m != nil {
		return m
	}
	ctx, cancel := context.WithCancelCause(j.sub)
	m := &merged{ctx: ctx, cancel: cancel}
	pool := j.p.ctx
	if pool.Err() != nil {
		cancel(context.Cause(pool))
	} else {
		m.stop = context.AfterFunc(pool, func() { cancel(context.Cause(pool)) })
	}
	if d := j.deadline.Load(); d != 0 {
		m.ctx, m.expire = context.WithDeadline(ctx, time.Unix(0, d))
	}
	if !j.built.CompareAndSwap(nil, m) {
		m.release()
		return j.built.Load()
	}
	return m
}

// release cancels j's real context, if it was built, and lets go of what
// it holds: its place among the pool's and the submit context's children.
func (j *join) release() {
	if m := j.built.Load(); m != nil {
		m.release()
	}
}

func (m *merged) release() {
	if m.stop != nil {
		m.stop()
	}
	if m.expire != nil {
		m.expire()
	}
	m.cancel(nil)
}

// sameContext reports whether a and b are certainly the same context: the
// same interface value, word for word. Unlike a == b it cannot panic on a
// context type that is not comparable, and it costs two comparisons
// instead of a call. Equal values boxed separately count as different,
// which costs a worker one new join.
func sameContext(a, b context.Context) bool {
	x, y := (*[2]unsafe.Pointer)(unsafe.Pointer(&a)), (*[2]unsafe.Pointer)(unsafe.Pointer(&b))
	return x[0] == y[0] && x[1] == y[1]
}

type stringer interface{ String() string }

// contextName returns the name the stdlib's contexts print for ctx.
func contextName(ctx context.Context) string {
	if s, ok := ctx.(stringer); ok {
		return s.String()
	}
	return "context"
}
