package callback

import (
	"sync"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// An Emitter is a typed source of events for in-process, event-driven code.
// [Emitter.Emit] delivers each event to every subscriber and to the futures
// from [Emitter.Next]; [Emitter.Close] ends it.
//
// A subscriber is a handler, subscribed synchronously or asynchronously. A
// synchronous handler ([Emitter.Subscribe]) runs on the goroutine that
// calls Emit, before Emit returns. An asynchronous handler
// ([Emitter.SubscribeAsync]) runs on a goroutine of its own, fed through a
// bounded buffer, so a slow one never holds up Emit or the other
// subscribers: when its buffer is full, its [Overflow] policy decides what
// is lost, and it is counted or reported.
//
// Handlers may subscribe, unsubscribe, emit and close at any time,
// including from inside a handler: the emitter holds no lock while it runs
// them. A handler that panics is unsubscribed, and its
// [Subscription.Ended] future reports the panic; Emit and the other
// handlers go on.
//
// # Order
//
// Each subscriber receives the events emitted by one goroutine in the
// order they were emitted. Asynchronous subscribers also agree with each
// other: they all receive the events of every goroutine in one order, less
// those their policy drops. Each event goes to the synchronous subscribers
// in the order they subscribed; when several goroutines emit at once, a
// synchronous handler may run on all of them at once. The futures from
// [Emitter.Next] settle after the synchronous subscribers have handled the
// event. A synchronous handler
// that emits delivers its event to every synchronous subscriber before the
// event being delivered reaches the subscribers after it, as nested calls
// do.
//
// The zero Emitter is ready to use. An Emitter must not be copied after
// first use. It is safe for simultaneous use by multiple goroutines.
type Emitter[T any] struct {
	mu sync.Mutex
	// syncs are the synchronous subscriptions. Emit calls them after
	// unlocking mu, from the slice it saw, so syncs is only ever appended
	// to, which writes past the end of any slice Emit holds, or replaced
	// by a new slice.
	syncs   []*Subscription[T]
	asyncs  []*Subscription[T] // the asynchronous subscriptions
	waiters []*waiter[T]       // the pending futures from Next
	gen     uint64             // counts the hand-offs of waiters

	live   int // subscriptions that have not finished
	closed bool
	done   core.Cell[struct{}] // the future of Close
}

// Subscribe registers fn to be called with each event emitted from now on,
// synchronously: on the goroutine that calls [Emitter.Emit], which waits
// for fn to return. Keep fn quick, or use [Emitter.SubscribeAsync].
//
// A subscription made during an Emit receives events from the next Emit
// on. If fn panics, the subscription ends, and [Subscription.Ended] fails
// with a [*future.PanicError]; the program keeps running. Subscribe returns
// [future.ErrNilFunc] for a nil fn and [ErrClosed] after Close.
func (e *Emitter[T]) Subscribe(fn func(T)) (*Subscription[T], error) {
	if fn == nil {
		return nil, future.ErrNilFunc
	}
	s := &Subscription[T]{e: e, fn: fn}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, ErrClosed
	}
	e.syncs = append(e.syncs, s)
	e.live++
	return s, nil
}

// SubscribeAsync registers fn to be called with each event emitted from now
// on, asynchronously: Emit puts the event in a buffer of size events, and
// a goroutine that SubscribeAsync starts calls fn with each event in turn.
// When the buffer is full, overflow decides what happens to the event;
// Emit never waits.
//
// The goroutine ends when the subscription does: after
// [Subscription.Unsubscribe], which drops the events still in the buffer;
// after [Emitter.Close], or [Disconnect], once fn has handled the events
// already in the buffer; or when fn panics, which [Subscription.Ended]
// reports as a [*future.PanicError]. The program keeps running.
//
// SubscribeAsync returns [future.ErrNilFunc] for a nil fn,
// [ErrBufferSize] for a size below 1, [ErrPolicy] for an unknown overflow,
// and [ErrClosed] after Close.
func (e *Emitter[T]) SubscribeAsync(size int, overflow Overflow, fn func(T)) (*Subscription[T], error) {
	switch {
	case fn == nil:
		return nil, future.ErrNilFunc
	case size < 1:
		return nil, ErrBufferSize
	case overflow < DropNewest || overflow > Disconnect:
		return nil, ErrPolicy
	}
	s := &Subscription[T]{e: e, fn: fn, ch: make(chan T, size), overflow: overflow}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil, ErrClosed
	}
	e.asyncs = append(e.asyncs, s)
	e.live++
	e.mu.Unlock()
	go s.loop()
	return s, nil
}

// Emit delivers v and returns nil, or returns [ErrClosed] after Close, and
// v goes nowhere.
//
// Emit puts v in the buffer of each asynchronous subscriber, applying its
// [Overflow] policy if the buffer is full; calls the synchronous
// subscribers, in the order they subscribed; and then settles the futures
// from [Emitter.Next] that were pending when it began, running their
// continuations, so that whoever awaits one knows the synchronous
// subscribers have handled v. All of this happens on the calling
// goroutine, and Emit returns when it is done. A handler that panics is
// unsubscribed, and its [Subscription.Ended] future reports the panic;
// Emit does not see it.
func (e *Emitter[T]) Emit(v T) error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrClosed
	}
	e.offer(v)
	waiters := e.takeWaiters()
	syncs := e.syncs
	e.mu.Unlock()
	deliver(v, nil, syncs, waiters)
	return nil
}

// Close closes e: later calls of Emit, Subscribe, SubscribeAsync and Next
// return [ErrClosed], and so do the futures from Next still pending, which
// Close fails on the calling goroutine. Every subscription ends, with
// ErrClosed: synchronous handlers are not called again, and asynchronous
// ones first handle the events already in their buffers.
//
// Close does not wait for handlers; it returns a future that succeeds once
// every subscription has ended, including those that ended before, and no
// handler is running. A handler that awaits it waits for itself. Calling
// Close again returns the same future.
func (e *Emitter[T]) Close() *future.Future[struct{}] {
	done := (*future.Future[struct{}])(&e.done)
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return done
	}
	e.closed = true
	syncs, asyncs := e.syncs, e.asyncs
	e.syncs, e.asyncs = nil, nil
	waiters := e.takeWaiters()
	for _, s := range syncs {
		s.detach(ErrClosed, false)
	}
	for _, s := range asyncs {
		s.detach(ErrClosed, false)
	}
	finished := e.live == 0
	e.mu.Unlock()

	if finished {
		e.done.Settle(struct{}{}, nil)
	}
	for _, s := range syncs {
		s.stop()
	}
	var zero T
	deliver(zero, ErrClosed, nil, waiters)
	return done
}

// offer puts v in the buffer of each asynchronous subscription, and ends
// those whose policy is to disconnect when it is full. e.mu must be held.
func (e *Emitter[T]) offer(v T) {
	n := 0
	for _, s := range e.asyncs {
		if !s.offer(v) {
			s.detach(ErrOverflow, false)
			continue
		}
		e.asyncs[n] = s
		n++
	}
	clear(e.asyncs[n:])
	e.asyncs = e.asyncs[:n]
}

// takeWaiters hands off the pending futures from Next, for the caller to
// settle. e.mu must be held.
func (e *Emitter[T]) takeWaiters() []*waiter[T] {
	ws := e.waiters
	if len(ws) > 0 {
		e.waiters = nil
		e.gen++
	}
	return ws
}

// remove takes s out of e's lists, if it is still in them, and ends it
// with reason. It reports whether it did. e.mu must be held.
func (e *Emitter[T]) remove(s *Subscription[T], reason error, discard bool) bool {
	if s.removed {
		return false
	}
	list := &e.syncs
	if s.ch != nil {
		list = &e.asyncs
	}
	kept := make([]*Subscription[T], 0, len(*list))
	for _, other := range *list {
		if other != s {
			kept = append(kept, other)
		}
	}
	*list = kept
	s.detach(reason, discard)
	return true
}

// deliver passes v to syncs, and then settles waiters with v and err, on
// the calling goroutine. If a handler or a continuation calls
// runtime.Goexit, the rest is delivered on a new goroutine, so that
// nothing is left pending.
func deliver[T any](v T, err error, syncs []*Subscription[T], waiters []*waiter[T]) {
	finished := false
	defer func() {
		if !finished {
			go deliver(v, err, syncs, waiters)
		}
	}()
	for len(syncs) > 0 {
		s := syncs[0]
		syncs = syncs[1:]
		s.receive(v)
	}
	for len(waiters) > 0 {
		w := waiters[0]
		waiters = waiters[1:]
		w.out.Settle(v, err)
	}
	finished = true
}
