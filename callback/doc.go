// Package callback provides adapters between futures and code that speaks
// in callbacks, channels and events, in both directions.
//
// Much asynchronous Go code reports through a completion callback, an event
// listener or a channel. [From], [FromValue] and [FromError] call an API
// that takes a callback and return a future of the result, guarded against
// a callback that is called twice, called before the API returns, or never
// called: the future then fails when its context ends, and the API is told
// to stop through a cancel function it hands back. [FromChan] does the
// same for the first value of a channel.
//
// The other way, [OnSuccess], [OnFailure] and [OnComplete] register
// handlers that run once a future settles, on the goroutine that settles
// it and without starting one; [OnSuccessAsync], [OnFailureAsync] and
// [OnCompleteAsync] run slow handlers on a [Runner], such as a pool.
// [ToChan] delivers a future's result on a channel, and [FanIn] delivers
// many futures' results on one channel in the order they settle.
//
// An [Emitter] is a typed event source: handlers subscribe and unsubscribe
// at any time, synchronously or through a bounded buffer with an
// [Overflow] policy, and [Emitter.Next] returns a future of the next event.
//
// # Panics
//
// A panic in a handler or in a function given to From never reaches a
// goroutine the caller does not own, and is never lost. It is reported as
// a [*future.PanicError], and [runtime.Goexit] as [future.ErrGoexit],
// through a future: the future of From while it is pending, the future
// that OnSuccess and the others return, and [Subscription.Ended] for an
// event handler, which ends its subscription. Code that From runs after its
// future has settled reports to a [Trace], or to the standard logger.
//
// Everything in this package is safe for simultaneous use by multiple
// goroutines. In the terminology of [the Go memory model], settling a
// future "synchronizes before" any handler registered on it runs, and a
// call of [Emitter.Emit] "synchronizes before" the handlers and futures it
// delivers to see its event.
//
// [the Go memory model]: https://go.dev/ref/mem
package callback
