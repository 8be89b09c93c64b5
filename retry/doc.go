// Package retry calls functions again when they fail: with backoff and
// jitter, within the caller's deadline, under a budget shared between
// calls, and hedged against slow answers.
//
// A [Policy] says how to retry; its zero value is useful. [Do] retries a
// function and returns its value; [Go] does the same in a goroutine and
// returns a future.Future; [Wrap] turns a function into one that retries;
// and [DoFuture] retries work that comes as a future. [Hedge] starts extra
// attempts beside a slow one under a [HedgePolicy] and takes the first
// success.
//
// # Exact in time
//
// A function is never called once its context is done. There is no wait
// after the last attempt, and a wait that would end at or after the
// context's deadline is not started: the call stops at once with
// [ErrDeadline], which wraps [context.DeadlineExceeded]. [Policy.OnRetry] is
// called only when a retry is really scheduled. An error marked with
// [Permanent] stops the calls at once, and a server's hint given with
// [After] is a floor under the next wait, capped by [Policy.MaxHint].
//
// Waits run on time.Timer and nothing else, with no clock of the package's
// own, so tests control them with testing/synctest; randomness comes from
// [Policy.Rand], which tests can fix. The backoffs ([Constant], [Linear],
// [Exponential], [FullJitter], [EqualJitter], [Decorrelated]) are pure
// functions whose waits lie between zero and their cap whatever their
// input.
//
// # One error
//
// Every failure is an [*Error] that says why the calls stopped (its Cause),
// how many attempts ran for how long, and what the last one returned. It
// unwraps to both the cause and the last error, so [errors.Is] finds
// [context.Canceled] and the caller's own error on the same value.
//
// # Shared safely
//
// Policies and budgets are safe for simultaneous use by multiple
// goroutines: a call keeps its state on its own stack, and a [TokenBucket]
// is a lock-free counter with no goroutine or timer. [Do] starts no
// goroutine and allocates nothing on its success path.
package retry
