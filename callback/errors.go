package callback

import "errors"

var (
	// ErrClosed is returned by [Emitter.Emit], [Emitter.Subscribe] and
	// [Emitter.SubscribeAsync] after [Emitter.Close]. It is the error of a
	// future from [Emitter.Next] that was pending when the emitter closed,
	// or that was asked for after, and of [Subscription.Ended] for the
	// subscriptions the close ended.
	ErrClosed = errors.New("callback: emitter closed")

	// ErrOverflow is the error of [Subscription.Ended] for an asynchronous
	// subscription with the [Disconnect] policy that was ended because an
	// event did not fit in its buffer.
	ErrOverflow = errors.New("callback: subscriber's buffer overflowed")

	// ErrBufferSize is returned by [Emitter.SubscribeAsync] for a buffer
	// smaller than one event.
	ErrBufferSize = errors.New("callback: buffer size must be at least 1")

	// ErrPolicy is returned by [Emitter.SubscribeAsync] for an [Overflow]
	// that is none of the policies this package defines.
	ErrPolicy = errors.New("callback: unknown overflow policy")

	// ErrChanClosed is the error of the future from [FromChan] when the
	// channel is closed before it delivers a value.
	ErrChanClosed = errors.New("callback: channel closed")

	// ErrNilChan is the error of the future from [FromChan] when the
	// channel is nil, which would never deliver.
	ErrNilChan = errors.New("callback: nil channel")

	// ErrNilRunner is the error of the future from [OnSuccessAsync],
	// [OnFailureAsync] and [OnCompleteAsync] when the runner is nil.
	ErrNilRunner = errors.New("callback: nil runner")
)
