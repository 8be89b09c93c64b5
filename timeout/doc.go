// Package timeout puts time limits on work and on waiting for futures.
//
// [Do] runs a function with a deadline, the way [context.WithTimeout]
// would, and [Wrap] turns a function into one with a limit, so that limits
// nest with retries: a limit on each attempt inside retry.Wrap, and one on
// all of them outside. [Fallback] returns a value of your choosing when the
// limit passes. [Await] stops waiting for a future after a while without
// canceling it, and [AwaitCancel] cancels a future you own when it is too
// late.
//
// The function sees a real deadline: its context's Deadline is set, its Err
// is [context.DeadlineExceeded] once the limit passes, and
// [context.Cause] is an [*Error] that says which limit it was. Every
// timeout error of this package matches both errors.Is(err,
// context.DeadlineExceeded) and errors.Is(err, [ErrTimeout]). A result that
// arrived wins over a limit that passed at the same time, and a parent
// context's own deadline or cancellation is reported as the parent's, not
// as this package's timeout.
//
// [Do], [Wrap] and [Fallback] are cooperative: they return when the
// function returns, which it should soon after its context ends. They
// start no goroutine. To stop waiting for a function that may ignore its
// context, run it with future.Go and wait with [Await].
//
// The functions of this package are safe for simultaneous use by multiple
// goroutines.
package timeout
