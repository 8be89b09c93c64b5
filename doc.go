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
//   - Package pool will bound how much work runs at once; packages retry and
//     timeout will guard calls; package callback will bridge callback-style
//     code, channels and events.
//
// Every package is safe for simultaneous use by multiple goroutines, takes a
// context.Context wherever it blocks, turns panics into errors, and leaves
// no goroutine of its own behind.
package eventual
