package callback

import (
	"sync/atomic"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// An Overflow is what an asynchronous subscription does with an event that
// does not fit in its buffer because its handler has fallen behind.
// Whatever the policy, [Emitter.Emit] never waits for a slow subscriber.
type Overflow int

const (
	// DropNewest drops the event that does not fit. The subscriber misses
	// the newest events until it catches up, and
	// [Subscription.Dropped] counts them.
	DropNewest Overflow = iota + 1

	// DropOldest drops the oldest event in the buffer to make room for the
	// new one, for subscribers that want the latest state rather than
	// every step. [Subscription.Dropped] counts the events dropped.
	DropOldest

	// Disconnect ends the subscription with [ErrOverflow]. The subscriber
	// handles every event emitted before, in order and without a gap, and
	// then learns from [Subscription.Ended] that it fell behind.
	Disconnect
)

// A Subscription is a handler's registration with an [Emitter], made by
// [Emitter.Subscribe] or [Emitter.SubscribeAsync]. It is safe for
// simultaneous use by multiple goroutines.
type Subscription[T any] struct {
	e     *Emitter[T]
	fn    func(T)
	ended core.Cell[struct{}]

	// Guarded by e.mu:
	removed bool  // no longer in e's lists
	reason  error // why it was removed: nil, ErrClosed or ErrOverflow
	fault   error // fn's first panic, or ErrGoexit, which ends it too

	// A synchronous subscription counts the calls of fn in progress, so
	// that it ends only once they have returned. state is twice that
	// count, plus 1 once the subscription has been removed.
	state    atomic.Int64
	finished atomic.Bool

	// An asynchronous subscription's buffer, and its policy.
	ch       chan T
	overflow Overflow
	discard  atomic.Bool // drop what is left in ch: set by Unsubscribe
	dropped  atomic.Uint64
}

// Unsubscribe ends s: its handler is not called for events whose delivery
// to it has not begun, and an asynchronous subscription drops the events
// still in its buffer. Unsubscribe does not wait for a call of the handler
// in progress, so a handler may unsubscribe itself; [Subscription.Ended]
// tells when it has returned. Calling Unsubscribe again, or after the
// subscription has ended for another reason, does nothing.
func (s *Subscription[T]) Unsubscribe() {
	s.e.mu.Lock()
	removed := s.e.remove(s, nil, true)
	s.e.mu.Unlock()
	if removed {
		s.stop()
	}
}

// Ended returns a future that settles once s has ended and its handler is
// not running and will not run again. It succeeds after
// [Subscription.Unsubscribe], and fails with [ErrClosed] after
// [Emitter.Close], with [ErrOverflow] after a [Disconnect], and with a
// [*future.PanicError] or [future.ErrGoexit] if the handler panicked or
// called runtime.Goexit, which also ends the subscription.
func (s *Subscription[T]) Ended() *future.Future[struct{}] {
	return (*future.Future[struct{}])(&s.ended)
}

// Dropped returns the number of events s's [Overflow] policy has dropped.
// It is always 0 for a synchronous subscription.
func (s *Subscription[T]) Dropped() uint64 { return s.dropped.Load() }

// offer puts v in an asynchronous s's buffer, applying s's policy if it is
// full, and reports whether s stays subscribed. e.mu must be held: Emit is
// then the only goroutine that sends on s.ch.
func (s *Subscription[T]) offer(v T) bool {
	select {
	case s.ch <- v:
		return true
	default:
	}
	switch s.overflow {
	case DropNewest:
		s.dropped.Add(1)
	case DropOldest:
		select {
		case <-s.ch:
			s.dropped.Add(1)
		default: // the handler emptied the buffer meanwhile
		}
		s.ch <- v // there is room now: only Emit sends, and it holds e.mu
	case Disconnect:
		return false
	}
	return true
}

// detach marks s removed with reason. An asynchronous s's goroutine then
// handles what is left in its buffer, or drops it if discard is set, and
// ends. e.mu must be held, and s must be out of e's lists, or about to be.
func (s *Subscription[T]) detach(reason error, discard bool) {
	s.removed, s.reason = true, reason
	if s.ch != nil {
		s.discard.Store(discard)
		close(s.ch)
	}
}

// stop marks a synchronous s ended, once it has been detached, and ends it
// if no call of its handler is in progress. It does nothing for an
// asynchronous s, whose goroutine ends it.
func (s *Subscription[T]) stop() {
	if s.ch == nil && s.state.Or(1) == 0 {
		s.finish()
	}
}

// enter records a call of a synchronous s's handler, unless s has ended.
func (s *Subscription[T]) enter() bool {
	if s.state.Add(2)&1 == 0 {
		return true
	}
	s.exit() // ended: take the call back
	return false
}

// exit records the end of a call of a synchronous s's handler, and ends s
// if it was the last call of a detached s. A call that enter took back
// may bring the count to zero again after s has finished; finish ignores
// it.
func (s *Subscription[T]) exit() {
	if s.state.Add(-2) == 1 {
		s.finish()
	}
}

// receive calls a synchronous s's handler with v, unless s has ended. It
// recovers a panic itself rather than through core.Guard, which saves an
// indirect call for every subscriber of every event.
func (s *Subscription[T]) receive(v T) {
	if !s.enter() {
		return
	}
	returned := false
	defer func() {
		if returned {
			return
		}
		// A panic is recovered; runtime.Goexit ends the goroutine anyway.
		err := future.ErrGoexit
		if r := recover(); r != nil {
			err = core.PanicError(r)
		}
		s.fail(err)
		s.exit()
	}()
	s.fn(v)
	returned = true
	s.exit()
}

// loop calls an asynchronous s's handler with each event in its buffer
// until the buffer is closed, or the handler panics, and then ends s.
func (s *Subscription[T]) loop() {
	defer s.finish()
	goexit := func() { s.fail(future.ErrGoexit) }
	for v := range s.ch {
		if s.discard.Load() {
			return
		}
		if err := core.Guard(func() { s.fn(v) }, goexit); err != nil {
			s.fail(err)
			return
		}
	}
}

// fail records err, a panic or Goexit of s's handler, and removes s.
func (s *Subscription[T]) fail(err error) {
	s.e.mu.Lock()
	if s.fault == nil {
		s.fault = err
	}
	removed := s.e.remove(s, nil, true)
	s.e.mu.Unlock()
	if removed {
		s.stop()
	}
}

// finish settles s's Ended future with the reason s ended, and then the
// future of Close if e is closed and s was the last to finish.
func (s *Subscription[T]) finish() {
	if !s.finished.CompareAndSwap(false, true) {
		return
	}
	e := s.e
	e.mu.Lock()
	err := s.fault
	if err == nil {
		err = s.reason
	}
	e.live--
	last := e.closed && e.live == 0
	e.mu.Unlock()
	s.ended.Settle(struct{}{}, err)
	if last {
		e.done.Settle(struct{}{}, nil)
	}
}
