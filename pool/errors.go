package pool

import "errors"

var (
	// ErrClosed is returned by [Pool.Go] and [Pool.TryGo], and is the error
	// of the future from [Submit] and [TrySubmit], for a task submitted after
	// [Pool.Close] or [Pool.Abort] was called, or while blocked waiting for
	// room when it was. It is also the default cause of [Pool.Abort].
	ErrClosed = errors.New("pool: closed")

	// ErrFull is returned by [Pool.TryGo], and is the error of the future
	// from [TrySubmit], when no worker is free and the queue is full; by
	// [Pool.Go] and [Submit] too when the pool's full policy is [Reject].
	// See [Pool.Go] for submits from inside the pool's own tasks.
	ErrFull = errors.New("pool: full")

	// ErrInvalid is wrapped by the error a pool made with a bad size or
	// option fails every submit with, and is returned by [Pool.Resize]
	// for a size below one.
	ErrInvalid = errors.New("pool: invalid configuration")

	// ErrNilPool is returned by the functions and methods of this package
	// when they are given a nil *Pool.
	ErrNilPool = errors.New("pool: nil pool")
)
