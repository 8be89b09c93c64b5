// Package future provides values that become available when work finishes.
//
// A [Future] is like a one-shot channel that any number of readers can
// receive from: [Go] starts the work, and [Future.Await] blocks until it is
// done or a [context.Context] is done. [Future.Done] gives a channel for a
// select statement, and [Future.Peek] looks without blocking. The write side
// is package promise.
//
// # Composition
//
// [Then], [Catch], [Finally] and [FlatMap] chain work on a result; [All],
// [AllSettled], [Any], [Race], [Join2] and [Join3] combine futures; and
// [Completed] iterates over futures in the order they settle. None of them
// starts a goroutine: each registers a continuation that runs when its input
// settles, on the goroutine that settles it (or at once, on the caller's, if
// it has already settled). Continuations run in a loop rather than by
// recursion, so a chain of any length settles in constant stack. Keep the
// functions given to them quick; start slow work with [Go] inside [FlatMap].
//
// # Cancellation
//
// Every task runs with a context. Canceling the context given to [Go], or
// calling [Future.Cancel], cancels it, and [context.Cause] tells the task
// why. A future settles only when its task has returned, so awaiting a
// canceled future also waits for its work to stop.
//
// A future may have many consumers, so the combinators never cancel their
// inputs: one consumer giving up must not take the result away from
// another. Cancellation of shared work is explicit. To race or fail fast
// over tasks you own, use [GoRace], [GoAny] or [GoAll]: they start the tasks
// under one context and cancel the losers, or the siblings of a task that
// failed, and they settle only once every task has returned.
//
// # Errors and panics
//
// A task's own errors come back unchanged, so [errors.Is] and [errors.As]
// keep working. A panic in a task or continuation fails that future with a
// [*PanicError] holding the value and the stack, and [runtime.Goexit] fails
// it with [ErrGoexit]; the program keeps running. Bad input, such as a nil
// function, future or context, fails the future with a clear error instead
// of crashing some other goroutine, and a nil *Future behaves as a future
// that failed with [ErrNilFuture].
//
// Futures are safe for simultaneous use by multiple goroutines.
//
// In the terminology of [the Go memory model], settling a future
// "synchronizes before" the return of any [Future.Await] that observes it,
// and before any continuation registered on it runs.
//
// [the Go memory model]: https://go.dev/ref/mem
package future
