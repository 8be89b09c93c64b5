// Package eventual is a toolkit for futures and promises in Go. This package
// holds no code; it is the map of the toolkit.
//
// At a glance:
//
//   - Use future.Go to run work in a goroutine and get a future.Future
//     for its result, and future.Future.Await to wait for it with a
//     context.
//   - Use promise.New to make a future that your own code settles.
//   - Use future.Then, future.Catch, future.Finally and
//     future.FlatMap to chain work on a result without a goroutine per
//     step.
//   - Use future.All, future.AllSettled, future.Any, future.Race,
//     future.Join2 and future.Completed to combine futures.
//   - Use future.GoAll, future.GoAny and future.GoRace to run a set of
//     tasks that cancel each other once the outcome is decided.
//   - Use retry.Do, retry.Go and retry.Wrap to retry a call by a Policy with
//     backoff, jitter, budgets and server hints, and retry.Hedge to send a
//     second attempt when the first is slow.
//   - Use timeout.Do and timeout.Wrap to give work a deadline, and
//     timeout.Await to stop waiting for a future without canceling it.
//   - Use callback.From to turn a callback-style API into a future,
//     callback.OnSuccess and friends to run handlers when a future settles,
//     callback.FromChan, ToChan and FanIn to bridge channels, and
//     callback.Emitter for typed in-process events that feed futures.
//   - Use pool.New to bound how much work runs at once, pool.Submit to get
//     a future for each task, and Pool.Go to fire and forget.
//
// Every package is safe for simultaneous use by multiple goroutines, takes a
// context.Context wherever it blocks, turns panics into errors, and leaves
// no goroutine of its own behind.
package eventual
