package pool

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/eventual-go/eventual/future"
)

// An Option configures a [Pool] made by [New].
type Option func(*config)

// A FullPolicy says what a submit does when no worker is free and the queue
// is full. The zero FullPolicy is [Block].
type FullPolicy int

const (
	// Block waits until there is room or the submit's context is done, in
	// which case the submit fails with the context's cause. Blocked
	// submitters are let in first come, first served.
	Block FullPolicy = iota

	// Reject fails the submit at once with [ErrFull].
	Reject

	// CallerRuns runs the task at once on the submitting goroutine, which
	// slows the submitter down to the pool's pace. The task still gets its
	// own context, and its panics are handled as on a worker.
	CallerRuns
)

// DefaultIdleTimeout is the idle timeout of a pool made without
// [WithIdleTimeout].
const DefaultIdleTimeout = time.Second

// config is what the options set. It is read-only once New returns.
type config struct {
	queue     int // most tasks waiting for a worker; -1 until set
	policy    FullPolicy
	idle      time.Duration
	timeout   time.Duration // per task; 0 means none
	parent    context.Context
	unhandled func(error)
	err       error // the first bad option
}

func defaultConfig() config {
	return config{queue: -1, idle: DefaultIdleTimeout, unhandled: logUnhandled}
}

// invalid records the first bad option.
func (c *config) invalid(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
	}
}

// defaultQueue is the queue size of a pool of size workers that was not
// given one: four tasks per worker, and at least 64.
func defaultQueue(size int) int { return max(64, 4*size) }

// WithQueueSize sets how many tasks may wait for a worker. With 0 there is
// no queue: a submit succeeds only when a worker is free to take the task
// at once. The queue takes memory only as it fills. The default is four
// tasks per worker, and at least 64. A negative n is invalid.
func WithQueueSize(n int) Option {
	return func(c *config) {
		if n < 0 {
			c.invalid("queue size %d is negative", n)
			return
		}
		c.queue = n
	}
}

// WithFullPolicy sets what a submit does when no worker is free and the
// queue is full: [Block] (the default), [Reject] or [CallerRuns].
func WithFullPolicy(policy FullPolicy) Option {
	return func(c *config) {
		if policy < Block || policy > CallerRuns {
			c.invalid("unknown full policy %d", policy)
			return
		}
		c.policy = policy
	}
}

// WithIdleTimeout sets how long a worker with nothing to do waits for a
// task before it exits: it exits once it has been idle for d, and before
// it has been idle for 2d, as the pool checks on its workers every d. The
// pool starts workers again as tasks come. With 0 a worker exits as soon
// as the queue is empty. The default is [DefaultIdleTimeout]. A negative d
// is invalid.
func WithIdleTimeout(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.invalid("idle timeout %v is negative", d)
			return
		}
		c.idle = d
	}
}

// WithTaskTimeout gives every task a deadline d after it starts: its
// context is done then, with [context.DeadlineExceeded]. The pool cannot
// stop a task that does not heed its context, so the task keeps its
// worker, and its future stays pending, until it returns. The default, 0,
// sets no deadline. A negative d is invalid.
//
// A deadline costs a fire-and-forget task one allocation; a task that asks
// for its context's Done channel also pays for a timer.
func WithTaskTimeout(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			c.invalid("task timeout %v is negative", d)
			return
		}
		c.timeout = d
	}
}

// WithContext ties the pool to ctx: when ctx is done, the pool aborts, as
// [Pool.Abort] does, with [context.Cause](ctx) as the cause. The pool does
// not take ctx's values; tasks see those of the context they were
// submitted with. A nil ctx is invalid.
func WithContext(ctx context.Context) Option {
	return func(c *config) {
		if ctx == nil {
			c.invalid("nil context")
			return
		}
		c.parent = ctx
	}
}

// WithUnhandled sets the function that hears of failures no one else can:
// a task started with [Pool.Go] or [Pool.TryGo] that panicked, with a
// [*future.PanicError] holding the value and the stack, or that called
// [runtime.Goexit], with [future.ErrGoexit]. It runs on the goroutine that
// ran the task, and should return quickly. If it panics, the program
// crashes, as it would have without the pool; that is a way to opt out of
// recovery. A nil fn discards these failures. By default they are written
// to the standard logger, with the stack.
//
// Failures of tasks submitted with [Submit] are not reported here: their
// futures hold them.
func WithUnhandled(fn func(error)) Option {
	return func(c *config) {
		if fn == nil {
			fn = func(error) {}
		}
		c.unhandled = fn
	}
}

// logUnhandled writes err to the standard logger, with the panic's stack
// if it has one, as net/http does for a handler that panics.
func logUnhandled(err error) {
	if pe, ok := err.(*future.PanicError); ok {
		log.Printf("pool: task panicked: %v\n%s", pe.Value, pe.Stack)
		return
	}
	log.Printf("pool: task failed: %v", err)
}
