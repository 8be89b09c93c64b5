package callback_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/future"
)

// A record records handler calls from any goroutine.
type record[T any] struct {
	mu  sync.Mutex
	got []T
}

func (l *record[T]) add(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, v)
}

func (l *record[T]) all() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]T(nil), l.got...)
}

// subscribe subscribes fn synchronously and fails the test on an error.
func subscribe[T any](t *testing.T, e *callback.Emitter[T], fn func(T)) *callback.Subscription[T] {
	t.Helper()
	s, err := e.Subscribe(fn)
	require.NoError(t, err)
	return s
}

// subscribeAsync subscribes fn asynchronously and fails the test on an
// error.
func subscribeAsync[T any](t *testing.T, e *callback.Emitter[T], size int, o callback.Overflow, fn func(T)) *callback.Subscription[T] {
	t.Helper()
	s, err := e.SubscribeAsync(size, o, fn)
	require.NoError(t, err)
	return s
}

// ended awaits s's end and returns its error.
func ended[T any](t *testing.T, s *callback.Subscription[T]) error {
	t.Helper()
	_, err := s.Ended().Await(t.Context())
	return err
}

// Each event goes to the synchronous subscribers in the order they
// subscribed, before Emit returns.
func TestEmitSync(t *testing.T) {
	var e callback.Emitter[int]
	var got []string
	a := subscribe(t, &e, func(v int) { got = append(got, "a", string(rune('0'+v))) })
	subscribe(t, &e, func(v int) { got = append(got, "b", string(rune('0'+v))) })
	require.NoError(t, e.Emit(1))
	assert.Equal(t, []string{"a", "1", "b", "1"}, got)
	require.NoError(t, e.Emit(2))
	assert.Equal(t, []string{"a", "1", "b", "1", "a", "2", "b", "2"}, got)
	_, ok := a.Ended().Peek()
	assert.False(t, ok, "a subscription lasts until it is ended")
	_, err := e.Close().Await(t.Context())
	assert.NoError(t, err)
}

// An asynchronous subscriber receives every event in order, on its own
// goroutine, and handles what is in its buffer before Close ends it.
func TestEmitAsync(t *testing.T) {
	var e callback.Emitter[int]
	var l record[int]
	s := subscribeAsync(t, &e, 10, callback.DropNewest, l.add)
	for i := range 5 {
		require.NoError(t, e.Emit(i))
	}
	closed := e.Close()
	assert.Equal(t, callback.ErrClosed, ended(t, s))
	_, err := closed.Await(t.Context())
	assert.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2, 3, 4}, l.all())
	assert.Zero(t, s.Dropped())
}

// A handler can unsubscribe itself, and a subscriber not yet called for
// the event being delivered, which then does not get it.
func TestUnsubscribeDuringDelivery(t *testing.T) {
	var e callback.Emitter[int]
	var got []string
	var b *callback.Subscription[int]
	var a *callback.Subscription[int]
	a = subscribe(t, &e, func(v int) {
		got = append(got, "a")
		b.Unsubscribe()
		a.Unsubscribe()
	})
	b = subscribe(t, &e, func(int) { got = append(got, "b") })
	subscribe(t, &e, func(int) { got = append(got, "c") })

	require.NoError(t, e.Emit(1))
	assert.Equal(t, []string{"a", "c"}, got)
	require.NoError(t, e.Emit(2))
	assert.Equal(t, []string{"a", "c", "c"}, got)
	assert.NoError(t, ended(t, a))
	assert.NoError(t, ended(t, b))
	e.Close()
}

// Unsubscribing an asynchronous subscriber drops what is in its buffer;
// the call in progress finishes, and then the subscription ends, and only
// then does Close's future settle.
func TestUnsubscribeAsyncDropsBuffer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e callback.Emitter[int]
		started, gate := make(chan struct{}), make(chan struct{})
		var l record[int]
		s := subscribeAsync(t, &e, 4, callback.DropNewest, func(v int) {
			l.add(v)
			if v == 1 {
				close(started)
				<-gate
			}
		})
		e.Emit(1)
		<-started
		e.Emit(2)
		e.Emit(3)
		s.Unsubscribe()
		closed := e.Close()
		synctest.Wait()
		_, ok := s.Ended().Peek()
		assert.False(t, ok, "the subscription ends when the call in progress returns")
		_, ok = closed.Peek()
		assert.False(t, ok, "Close waits for a handler that is still running")
		close(gate)
		assert.NoError(t, ended(t, s))
		assert.Equal(t, []int{1}, l.all())
		_, err := closed.Await(t.Context())
		assert.NoError(t, err)
	})
}

// A subscription made during delivery receives events from the next Emit
// on, whether synchronous or asynchronous.
func TestSubscribeDuringDelivery(t *testing.T) {
	var e callback.Emitter[int]
	var sync, async record[int]
	var subs []*callback.Subscription[int]
	subscribe(t, &e, func(v int) {
		if v == 1 {
			subs = append(subs,
				subscribe(t, &e, sync.add),
				subscribeAsync(t, &e, 4, callback.DropNewest, async.add))
		}
	})
	e.Emit(1)
	e.Emit(2)
	_, err := e.Close().Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{2}, sync.all())
	assert.Equal(t, []int{2}, async.all())
	for _, s := range subs {
		assert.Equal(t, callback.ErrClosed, ended(t, s))
	}
}

// A handler that closes the emitter during delivery: the synchronous
// subscribers after it are not called, the asynchronous ones handle what
// they have, the futures from Next already had the event, later calls
// fail with ErrClosed, and Close's future waits until every handler has
// returned.
func TestCloseDuringDelivery(t *testing.T) {
	var e callback.Emitter[int]
	var closed *future.Future[struct{}]
	var got []string
	next := e.Next(t.Context())
	a := subscribe(t, &e, func(int) {
		got = append(got, "a")
		closed = e.Close()
		_, ok := closed.Peek()
		assert.False(t, ok, "a is still running")
		got = append(got, "a returns")
	})
	b := subscribe(t, &e, func(int) { got = append(got, "b") })
	var async record[int]
	c := subscribeAsync(t, &e, 4, callback.DropNewest, async.add)

	require.NoError(t, e.Emit(1))
	assert.Equal(t, []string{"a", "a returns"}, got)
	assert.Equal(t, callback.ErrClosed, e.Emit(2))
	_, err := closed.Await(t.Context())
	require.NoError(t, err)

	for _, s := range []*callback.Subscription[int]{a, b, c} {
		assert.Equal(t, callback.ErrClosed, ended(t, s))
	}
	assert.Equal(t, []int{1}, async.all())
	v, err := next.Await(t.Context())
	assert.Equal(t, 1, v)
	assert.NoError(t, err)
	_, err = e.Next(t.Context()).Await(t.Context())
	assert.Equal(t, callback.ErrClosed, err)
	assert.Same(t, closed, e.Close(), "Close again returns the same future")
	_, err = e.Subscribe(func(int) {})
	assert.Equal(t, callback.ErrClosed, err)
	_, err = e.SubscribeAsync(1, callback.DropNewest, func(int) {})
	assert.Equal(t, callback.ErrClosed, err)
}

// Close's future and a synchronous subscription's Ended wait for a call of
// the handler in progress on another goroutine. Canceling a subscription's
// Ended future, which any holder may do, does not hurry Close.
func TestCloseWaitsForRunningHandler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e callback.Emitter[int]
		started, gate := make(chan struct{}), make(chan struct{})
		s := subscribe(t, &e, func(int) {
			close(started)
			<-gate
		})
		other := subscribe(t, &e, func(int) {})
		other.Ended().Cancel(errCause)
		go e.Emit(1)
		<-started
		closed := e.Close()
		synctest.Wait()
		_, ok := closed.Peek()
		assert.False(t, ok)
		_, ok = s.Ended().Peek()
		assert.False(t, ok)
		close(gate)
		_, err := closed.Await(t.Context())
		assert.NoError(t, err)
		assert.Equal(t, callback.ErrClosed, ended(t, s))
	})
}

// A slow asynchronous subscriber, whose handler is stuck on its first
// event, with a buffer of 2, while five events are emitted: each policy
// decides what it misses, Emit never waits, and a fast subscriber gets
// everything. Run in a bubble, a blocked Emit would be reported as a
// deadlock.
func TestSlowSubscriber(t *testing.T) {
	tests := []struct {
		overflow    callback.Overflow
		wantGot     []int
		wantDropped uint64
		wantEnd     error
	}{
		{callback.DropNewest, []int{1, 2, 3}, 2, callback.ErrClosed},
		{callback.DropOldest, []int{1, 4, 5}, 2, callback.ErrClosed},
		{callback.Disconnect, []int{1, 2, 3}, 0, callback.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(policyName(tt.overflow), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var e callback.Emitter[int]
				started, gate := make(chan struct{}), make(chan struct{})
				var slow, fast record[int]
				s := subscribeAsync(t, &e, 2, tt.overflow, func(v int) {
					slow.add(v)
					if v == 1 {
						close(started)
						<-gate
					}
				})
				f := subscribeAsync(t, &e, 8, callback.Disconnect, fast.add)
				require.NoError(t, e.Emit(1))
				<-started
				for v := 2; v <= 5; v++ {
					require.NoError(t, e.Emit(v))
				}
				if tt.overflow == callback.Disconnect {
					synctest.Wait()
					_, ok := s.Ended().Peek()
					assert.False(t, ok, "a disconnected subscriber first handles its buffer")
				}
				close(gate)
				e.Close()
				assert.Equal(t, tt.wantEnd, ended(t, s))
				assert.Equal(t, callback.ErrClosed, ended(t, f))
				assert.Equal(t, tt.wantGot, slow.all())
				assert.Equal(t, tt.wantDropped, s.Dropped())
				assert.Equal(t, []int{1, 2, 3, 4, 5}, fast.all())
			})
		})
	}
}

func policyName(o callback.Overflow) string {
	return map[callback.Overflow]string{
		callback.DropNewest: "DropNewest",
		callback.DropOldest: "DropOldest",
		callback.Disconnect: "Disconnect",
	}[o]
}

// A handler that panics is unsubscribed and its Ended reports the panic;
// the other handlers and Emit go on.
func TestEventHandlerPanics(t *testing.T) {
	var e callback.Emitter[int]
	var before, after, async record[int]
	subscribe(t, &e, before.add)
	boom := subscribe(t, &e, func(v int) { panic(errBoom) })
	subscribe(t, &e, after.add)
	asyncBoom := subscribeAsync(t, &e, 4, callback.DropNewest, func(v int) { panic(v) })
	subscribeAsync(t, &e, 4, callback.DropNewest, async.add)

	require.NoError(t, e.Emit(1))
	require.NoError(t, e.Emit(2))
	err := ended(t, boom)
	var perr *future.PanicError
	require.ErrorAs(t, err, &perr)
	assert.ErrorIs(t, err, errBoom)
	assert.Contains(t, string(perr.Stack), "TestEventHandlerPanics")
	require.ErrorAs(t, ended(t, asyncBoom), &perr)
	assert.Equal(t, 1, perr.Value, "the asynchronous handler panicked on the first event and got no more")

	_, err = e.Close().Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, before.all())
	assert.Equal(t, []int{1, 2}, after.all())
	assert.Equal(t, []int{1, 2}, async.all())
}

// A handler, or a continuation of a future from Next, that calls
// runtime.Goexit ends the emitting goroutine, as it must; the rest of the
// delivery goes on, and the handler's subscription ends with ErrGoexit.
func TestEventHandlerGoexit(t *testing.T) {
	var e callback.Emitter[int]
	next := e.Next(t.Context())
	future.Then(next, func(int) (int, error) { runtime.Goexit(); return 0, nil })
	later := e.Next(t.Context())
	exits := subscribe(t, &e, func(int) { runtime.Goexit() })
	got := make(chan int, 1)
	subscribe(t, &e, func(v int) { got <- v })
	asyncExits := subscribeAsync(t, &e, 1, callback.DropNewest, func(int) { runtime.Goexit() })

	var wg sync.WaitGroup
	wg.Go(func() {
		e.Emit(7)
		t.Error("Emit returned after Goexit")
	})
	wg.Wait()
	assert.Equal(t, 7, <-got)
	v, err := later.Await(t.Context())
	assert.Equal(t, 7, v)
	assert.NoError(t, err)
	assert.Equal(t, future.ErrGoexit, ended(t, exits))
	assert.Equal(t, future.ErrGoexit, ended(t, asyncExits))
	e.Close()
}

// A handler that emits delivers its event to every synchronous subscriber
// before the outer event reaches the subscribers after it.
func TestEmitFromHandler(t *testing.T) {
	var e callback.Emitter[int]
	var got []string
	subscribe(t, &e, func(v int) {
		got = append(got, "a", string(rune('0'+v)))
		if v == 1 {
			e.Emit(2)
		}
	})
	subscribe(t, &e, func(v int) { got = append(got, "b", string(rune('0'+v))) })
	e.Emit(1)
	assert.Equal(t, []string{"a", "1", "a", "2", "b", "2", "b", "1"}, got)
	e.Close()
}

// Every future from Next pending at an Emit gets that event; a later Next
// gets a later one.
func TestNext(t *testing.T) {
	var e callback.Emitter[string]
	a, b := e.Next(t.Context()), e.Next(t.Context())
	e.Emit("first")
	c := e.Next(t.Context())
	e.Emit("second")
	for f, want := range map[*future.Future[string]]string{a: "first", b: "first", c: "second"} {
		v, err := f.Await(t.Context())
		assert.Equal(t, want, v)
		assert.NoError(t, err)
	}
	assert.Zero(t, callback.Waiting(&e))
	e.Close()
}

// A future from Next settles only once the synchronous subscribers have
// handled the event, so whoever awaits it finds them done.
func TestNextAfterSubscribers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e callback.Emitter[int]
		gate := make(chan struct{})
		var seen record[int]
		subscribe(t, &e, func(v int) {
			<-gate
			seen.add(v)
		})
		next := e.Next(t.Context())
		go e.Emit(4)
		synctest.Wait()
		_, ok := next.Peek()
		assert.False(t, ok, "the subscriber is still running")
		close(gate)
		v, err := next.Await(t.Context())
		require.NoError(t, err)
		assert.Equal(t, []int{v}, seen.all())
		e.Close()
	})
}

// A future from Next fails when its context's deadline passes, exactly
// then, and the emitter forgets it; so it does when canceled.
func TestNextEndsEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var e callback.Emitter[int]
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		start := time.Now()
		timed := e.Next(ctx)
		canceled := e.Next(t.Context())
		kept := e.Next(t.Context())
		assert.Equal(t, 3, callback.Waiting(&e))

		canceled.Cancel(errCause)
		_, err := canceled.Await(t.Context())
		assert.Equal(t, errCause, err)
		_, err = timed.Await(t.Context())
		assert.Equal(t, context.DeadlineExceeded, err)
		assert.Equal(t, time.Minute, time.Since(start))
		synctest.Wait() // the continuation that drops it runs after Await wakes
		assert.Equal(t, 1, callback.Waiting(&e))

		e.Emit(5)
		v, err := kept.Await(t.Context())
		assert.Equal(t, 5, v)
		assert.NoError(t, err)
		e.Close()
	})
}

func TestNextClosed(t *testing.T) {
	var e callback.Emitter[int]
	pending := e.Next(t.Context())
	e.Close()
	_, err := pending.Await(t.Context())
	assert.Equal(t, callback.ErrClosed, err)
	_, err = e.Next(t.Context()).Await(t.Context())
	assert.Equal(t, callback.ErrClosed, err)
	assert.Zero(t, callback.Waiting(&e))
}

func TestEmitterBadInput(t *testing.T) {
	var e callback.Emitter[int]
	_, err := e.Subscribe(nil)
	assert.Equal(t, future.ErrNilFunc, err)
	tests := []struct {
		size     int
		overflow callback.Overflow
		fn       func(int)
		want     error
	}{
		{1, callback.DropNewest, nil, future.ErrNilFunc},
		{0, callback.DropNewest, func(int) {}, callback.ErrBufferSize},
		{1, 0, func(int) {}, callback.ErrPolicy},
		{1, callback.Disconnect + 1, func(int) {}, callback.ErrPolicy},
	}
	for _, tt := range tests {
		_, err := e.SubscribeAsync(tt.size, tt.overflow, tt.fn)
		assert.Equal(t, tt.want, err)
	}

	//lint:ignore SA1012 a nil context is the input under test
	_, err = e.Next(nil).Await(t.Context())
	assert.Equal(t, future.ErrNilContext, err)
	done, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	_, err = e.Next(done).Await(t.Context())
	assert.Equal(t, errCause, err)
	assert.Zero(t, callback.Waiting(&e))
	e.Close()
}

// Goroutines emit, subscribe and unsubscribe at once. Each subscriber gets
// each goroutine's events in order, and the asynchronous subscribers that
// were there throughout all get the same sequence.
func TestEmitterConcurrent(t *testing.T) {
	const emitters, events = 4, 500
	type event struct{ g, i int }
	var e callback.Emitter[event]
	var syncLog record[event]
	asyncLogs := make([]*record[event], 3)
	var subs []*callback.Subscription[event]
	subs = append(subs, subscribe(t, &e, syncLog.add))
	for i := range asyncLogs {
		asyncLogs[i] = new(record[event])
		subs = append(subs, subscribeAsync(t, &e, emitters*events, callback.Disconnect, asyncLogs[i].add))
	}

	var wg sync.WaitGroup
	for g := range emitters {
		wg.Go(func() {
			for i := range events {
				if err := e.Emit(event{g, i}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() { // churn
		for i := range events {
			var s *callback.Subscription[event]
			var err error
			if i%2 == 0 {
				s, err = e.Subscribe(func(event) {})
			} else {
				s, err = e.SubscribeAsync(1, callback.DropOldest, func(event) {})
			}
			if err != nil {
				t.Error(err)
				return
			}
			s.Unsubscribe()
		}
	})
	wg.Wait()
	_, err := e.Close().Await(t.Context())
	require.NoError(t, err)

	inOrder := func(name string, got []event) {
		next := make([]int, emitters)
		for _, ev := range got {
			require.Equal(t, next[ev.g], ev.i, "%s: goroutine %d's events out of order", name, ev.g)
			next[ev.g]++
		}
		for g := range emitters {
			assert.Equal(t, events, next[g], "%s: events of goroutine %d", name, g)
		}
	}
	inOrder("sync", syncLog.all())
	for i, l := range asyncLogs {
		inOrder("async", l.all())
		assert.Equal(t, asyncLogs[0].all(), l.all(), "async subscriber %d", i)
	}
	for _, s := range subs {
		assert.Equal(t, callback.ErrClosed, ended(t, s))
	}
}
