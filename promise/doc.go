// Package promise provides the write side of a future.
//
// A [Promise] is settled once, by [Promise.Resolve], [Promise.Reject] or
// [Promise.Settle], and each reports whether its call was the one that
// settled it. [Promise.Future] hands out the read side, a
// [future.Future], to any number of consumers. Use a promise to turn code
// that finishes in a callback, an event or another goroutine into a future.
//
// A promise and its future are two views of one object: making a promise is
// a single allocation, and Future costs nothing. The two packages share
// their implementation through an internal package, so package future never
// imports package promise and the read side stays read-only: a holder of a
// Future cannot settle it, only cancel it.
//
// Promises are safe for simultaneous use by multiple goroutines.
package promise
