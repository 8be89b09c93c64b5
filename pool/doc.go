// Package pool provides a bounded worker pool that returns a future for
// each task it runs.
//
// A [Pool] runs at most a fixed number of tasks at once, like a semaphore
// around goroutines or errgroup.Group.SetLimit, but on workers that it
// keeps between tasks and lets go when idle. [Submit] runs a function and
// returns a [future.Future] for its result, in one allocation, so pool work
// composes with [future.Then], [future.All] and the rest; [Pool.Go] runs a
// function and forgets it, with no allocation at all.
//
// # Backpressure
//
// Tasks that find every worker busy wait in a bounded queue. When that is
// full too, the pool's [FullPolicy] decides: [Block] waits for room until
// the submit's context is done, [Reject] fails with [ErrFull], and
// [CallerRuns] runs the task on the submitting goroutine. [TrySubmit] and
// [Pool.TryGo] never block. A task that submits to its own pool, and
// awaits the result, never deadlocks it: see [Submit].
//
// # Contexts and failures
//
// Every task runs with a context that is canceled by the context it was
// submitted with, by [Pool.Abort] and by the pool's task timeout, and a
// task whose context is done before it starts never runs. A task's own
// errors come back unchanged in its future. A panic fails the task's future
// with a [*future.PanicError] holding the value and the stack, and
// [runtime.Goexit] fails it with [future.ErrGoexit]; the worker carries on,
// so the pool never loses capacity. Fire-and-forget tasks have no future,
// so their panics go to a hook: see [WithUnhandled].
//
// # Lifecycle
//
// A pool starts no goroutine before its first task, and its idle workers
// exit after a timeout. [Pool.Wait] waits until the pool is quiet and
// leaves it open; [Pool.Close] stops it accepting tasks, drains the queue
// and waits for the workers to exit; [Pool.Abort] fails the queued tasks
// and cancels the running ones. Once Close has returned, the pool has no
// goroutine left. [Pool.Resize] changes the number of workers at run time,
// and [Pool.Stats] reports counts that add up.
//
// A task's future settles on the goroutine that ran the task, so the
// continuations that [future.Then] and the rest register on it run there
// too, before the worker takes its next task. Keep them quick; a
// continuation that blocks holds the worker.
//
// A Pool is safe for simultaneous use by multiple goroutines.
package pool
