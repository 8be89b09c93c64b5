package callback_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
	"github.com/eventual-go/eventual/promise"
)

// A kvClient stands in for an SDK that reports through completion
// callbacks, called on goroutines of its own, and hands back a request that
// can be canceled.
type kvClient struct {
	data map[string]string
	slow bool // never answer, as a server that hangs
}

var errNotFound = errors.New("kv: not found")

// A kvRequest is a request in flight.
type kvRequest struct{ key string }

// Get looks key up and calls done with the value or an error.
func (c *kvClient) Get(key string, done func(value string, err error)) *kvRequest {
	if !c.slow {
		go func() {
			v, ok := c.data[key]
			if !ok {
				done("", errNotFound)
				return
			}
			done(v, nil)
		}()
	}
	return &kvRequest{key: key}
}

// Cancel abandons the request.
func (r *kvRequest) Cancel() { fmt.Println("kv: request for", r.key, "canceled") }

// get wraps kvClient.Get as a function that returns a future.
func get(ctx context.Context, c *kvClient, key string) *future.Future[string] {
	return callback.From(ctx, func(done func(string, error)) func() {
		return c.Get(key, done).Cancel
	})
}

// This example wraps a call of a callback-style client as a future, then
// wraps the client in a function that returns futures, and combines two
// calls. The call to a server that never answers ends with the context's
// deadline, and the client is told to cancel the request before Await
// returns.
func Example_client() {
	ctx := context.Background()
	kv := &kvClient{data: map[string]string{"user:1": "Ada", "user:2": "Grace"}}

	user := callback.From(ctx, func(done func(string, error)) func() {
		return kv.Get("user:1", done).Cancel
	})
	name, err := user.Await(ctx)
	fmt.Println(name, err)

	names, err := future.All(get(ctx, kv, "user:1"), get(ctx, kv, "user:2")).Await(ctx)
	fmt.Println(names, err)
	_, err = get(ctx, kv, "user:3").Await(ctx)
	fmt.Println(err)

	hung := &kvClient{slow: true}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	_, err = get(ctx, hung, "user:1").Await(context.Background())
	fmt.Println(err)
	// Output:
	// Ada <nil>
	// [Ada Grace] <nil>
	// kv: not found
	// kv: request for user:1 canceled
	// context deadline exceeded
}

// This example wraps the same client call by hand, as is done without
// eventual: a buffered channel, a guard against a second call, and a
// select on the context.
func Example_clientStdlib() {
	ctx := context.Background()
	kv := &kvClient{data: map[string]string{"user:1": "Ada"}}

	type result struct {
		value string
		err   error
	}
	ch := make(chan result, 1)
	req := kv.Get("user:1", func(v string, err error) {
		select {
		case ch <- result{v, err}: // the first call wins
		default: // a second call must not block the client
		}
	})
	select {
	case r := <-ch:
		fmt.Println(r.value, r.err)
	case <-ctx.Done():
		req.Cancel()
		fmt.Println(ctx.Err())
	}
	// Output: Ada <nil>
}

// workers is a tiny pool: a fixed number of goroutines that run the
// functions handed to them. It is a Runner, as a *pool.Pool is.
type workers struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func startWorkers(n int) *workers {
	w := &workers{jobs: make(chan func())}
	for range n {
		w.wg.Go(func() {
			for job := range w.jobs {
				job()
			}
		})
	}
	return w
}

// Go hands fn to a worker, waiting for one to be free until ctx is done.
func (w *workers) Go(ctx context.Context, fn func(context.Context)) error {
	select {
	case w.jobs <- func() { fn(ctx) }:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (w *workers) stop() {
	close(w.jobs)
	w.wg.Wait()
}

// This example runs slow handlers on a pool.Pool, so the goroutine that
// settles the future only hands them over. Each handler's future tells when
// it has run, or fails with pool.ErrClosed if the pool refused it.
func Example_pool() {
	ctx := context.Background()
	workers := pool.New(2)
	defer workers.Close(ctx)

	upload := promise.New[string]()
	var thumbnail, scanned string
	made := callback.OnSuccessAsync(ctx, workers, upload.Future(), func(ctx context.Context, name string) {
		thumbnail = "thumb-" + name // slow image work
	})
	scan := callback.OnSuccessAsync(ctx, workers, upload.Future(), func(ctx context.Context, name string) {
		scanned = name + " is clean" // a slow virus scan
	})

	upload.Resolve("cat.png")
	future.AllSettled(made, scan).Await(ctx)
	fmt.Println(thumbnail)
	fmt.Println(scanned)
	// Output:
	// thumb-cat.png
	// cat.png is clean
}

// This example feeds a future from an event source: the future from Next
// succeeds with the next event, and work chained on it runs when it comes.
func Example_events() {
	ctx := context.Background()
	var conn callback.Emitter[string] // a connection's state changes

	log, _ := conn.Subscribe(func(state string) { fmt.Println("state:", state) })
	connected := conn.Next(ctx)
	synced := future.Then(connected, func(state string) (string, error) {
		return "sync started once " + state, nil
	})

	go conn.Emit("connected")
	fmt.Println(synced.Await(ctx))
	log.Unsubscribe()
	// Output:
	// state: connected
	// sync started once connected <nil>
}

// This example adapts an API with a func(T, error) completion callback.
func ExampleFrom() {
	// lookup stands in for an API that calls back on a goroutine of its
	// own. It cannot be canceled, so start returns a nil cancel.
	lookup := func(id int, done func(string, error)) {
		go done(fmt.Sprintf("user-%d", id), nil)
	}

	f := callback.From(context.Background(), func(done func(string, error)) func() {
		lookup(7, done)
		return nil
	})
	fmt.Println(f.Await(context.Background()))
	// Output: user-7 <nil>
}

// This example shows that a callback called before the API returns settles
// the future at once, and that canceling the context of a callback that
// never comes calls the API's cancel before the future fails.
func ExampleFrom_cancel() {
	cached := callback.From(context.Background(), func(done func(int, error)) func() {
		done(42, nil) // served from a cache, before returning
		return nil
	})
	r, ok := cached.Peek()
	fmt.Println(r.Value, r.Err, ok)

	ctx, cancel := context.WithCancelCause(context.Background())
	never := callback.From(ctx, func(done func(int, error)) func() {
		return func() { fmt.Println("API told to stop") }
	})
	cancel(errors.New("user went away"))
	_, err := never.Await(context.Background())
	fmt.Println(err)
	// Output:
	// 42 <nil> true
	// API told to stop
	// user went away
}

// This example adapts an API whose callback carries only a value.
func ExampleFromValue() {
	// onReady stands in for an API that calls back once a resource is
	// ready, and can stop waiting.
	onReady := func(fn func(port int)) (stop func()) {
		go fn(8080)
		return func() {}
	}

	port := callback.FromValue(context.Background(), func(done func(int)) func() {
		return onReady(done)
	})
	fmt.Println(port.Await(context.Background()))
	// Output: 8080 <nil>
}

// This example adapts an API whose callback carries only an error, such as
// a flush that reports when the data is safe.
func ExampleFromError() {
	flush := func(done func(error)) {
		go done(errors.New("disk full"))
	}

	f := callback.FromError(context.Background(), func(done func(error)) func() {
		flush(done)
		return nil
	})
	_, err := f.Await(context.Background())
	fmt.Println(err)
	// Output: disk full
}

// This example reports a callback that an API calls twice. The first call
// settles the future; the second is handed to the trace.
func ExampleWithTrace() {
	trace := &callback.Trace{
		Ignored: func(n int, v any, err error) {
			fmt.Printf("ignored call %d: %v, %v\n", n, v, err)
		},
	}
	ctx := callback.WithTrace(context.Background(), trace)

	f := callback.From(ctx, func(done func(string, error)) func() {
		done("first", nil)
		done("again", nil) // a buggy API
		return nil
	})
	fmt.Println(f.Await(ctx))
	// Output:
	// ignored call 2: again, <nil>
	// first <nil>
}

// This example registers a handler that runs when the future succeeds, on
// the goroutine that settles it.
func ExampleOnSuccess() {
	p := promise.New[string]()
	callback.OnSuccess(p.Future(), func(v string) { fmt.Println("got", v) })

	fmt.Println("resolving")
	p.Resolve("hello")
	fmt.Println("resolved")
	// Output:
	// resolving
	// got hello
	// resolved
}

// This example shows that a panicking handler does not stop the others,
// and that its own future reports the panic.
func ExampleOnSuccess_panic() {
	f := future.Resolved(1)
	bad := callback.OnSuccess(f, func(int) { panic("handler bug") })
	callback.OnSuccess(f, func(v int) { fmt.Println("still ran with", v) })

	_, err := bad.Await(context.Background())
	fmt.Println(err)
	// Output:
	// still ran with 1
	// future: panic: handler bug
}

// This example registers a handler that runs only if the future fails.
func ExampleOnFailure() {
	f := future.Go(context.Background(), func(context.Context) (int, error) {
		return 0, errors.New("timeout talking to db")
	})
	logged := callback.OnFailure(f, func(err error) { fmt.Println("alert:", err) })

	logged.Await(context.Background())
	// Output: alert: timeout talking to db
}

// This example registers a handler that sees the outcome either way.
func ExampleOnComplete() {
	for _, f := range []*future.Future[int]{future.Resolved(3), future.Rejected[int](errors.New("lost"))} {
		callback.OnComplete(f, func(v int, err error) { fmt.Println("done:", v, err) })
	}
	// Output:
	// done: 3 <nil>
	// done: 0 lost
}

// This example runs a slow success handler on a goroutine per call.
func ExampleOnSuccessAsync() {
	var wg sync.WaitGroup
	inGoroutine := callback.RunnerFunc(func(ctx context.Context, fn func(context.Context)) error {
		wg.Go(func() { fn(ctx) })
		return nil
	})

	var sent string
	mailed := callback.OnSuccessAsync(context.Background(), inGoroutine, future.Resolved("order 17"),
		func(ctx context.Context, order string) { sent = "receipt for " + order })
	mailed.Await(context.Background())
	fmt.Println(sent)
	wg.Wait()
	// Output: receipt for order 17
}

// This example hands a failure to a runner that has been shut down: the
// handler does not run, and its future says why.
func ExampleOnFailureAsync() {
	errShutDown := errors.New("runner: shut down")
	closed := callback.RunnerFunc(func(context.Context, func(context.Context)) error { return errShutDown })

	h := callback.OnFailureAsync(context.Background(), closed, future.Rejected[int](errors.New("boom")),
		func(ctx context.Context, err error) { fmt.Println("not called") })
	_, err := h.Await(context.Background())
	fmt.Println(err)
	// Output: runner: shut down
}

// This example records every outcome on a pool of workers.
func ExampleOnCompleteAsync() {
	ctx := context.Background()
	pool := startWorkers(1)
	defer pool.stop()

	var audit []string
	var hs []*future.Future[struct{}]
	for _, f := range []*future.Future[int]{future.Resolved(1), future.Rejected[int](errors.New("denied"))} {
		hs = append(hs, callback.OnCompleteAsync(ctx, pool, f, func(ctx context.Context, v int, err error) {
			audit = append(audit, fmt.Sprint(v, err)) // one worker, so no race
		}))
	}
	future.AllSettled(hs...).Await(ctx)
	fmt.Println(strings.Join(audit, "; "))
	// Output: 1 <nil>; 0 denied
}

// This example makes a Runner from a function that refuses work once a
// flag is set.
func ExampleRunnerFunc() {
	var wg sync.WaitGroup
	stopped := false
	r := callback.RunnerFunc(func(ctx context.Context, fn func(context.Context)) error {
		if stopped {
			return errors.New("stopped")
		}
		wg.Go(func() { fn(ctx) })
		return nil
	})

	f := future.Resolved("job")
	_, err := callback.OnSuccessAsync(context.Background(), r, f, func(context.Context, string) {}).Await(context.Background())
	fmt.Println(err)
	stopped = true
	_, err = callback.OnSuccessAsync(context.Background(), r, f, func(context.Context, string) {}).Await(context.Background())
	fmt.Println(err)
	wg.Wait()
	// Output:
	// <nil>
	// stopped
}

// This example calls a RunnerFunc through the Runner interface.
func ExampleRunnerFunc_Go() {
	inline := callback.RunnerFunc(func(ctx context.Context, fn func(context.Context)) error {
		fn(ctx)
		return nil
	})
	var r callback.Runner = inline
	err := r.Go(context.Background(), func(context.Context) { fmt.Println("ran") })
	fmt.Println(err)
	// Output:
	// ran
	// <nil>
}

// This example turns the first value of a channel into a future.
func ExampleFromChan() {
	results := make(chan int)
	go func() { results <- 99 }()

	f := callback.FromChan(context.Background(), results)
	fmt.Println(f.Await(context.Background()))

	closed := make(chan int)
	close(closed)
	_, err := callback.FromChan(context.Background(), closed).Await(context.Background())
	fmt.Println(err)
	// Output:
	// 99 <nil>
	// callback: channel closed
}

// This example selects on a future's result next to another channel.
func ExampleToChan() {
	p := promise.New[string]()
	quit := make(chan struct{})
	go p.Resolve("pong")

	select {
	case r := <-callback.ToChan(p.Future()):
		fmt.Println(r.Value, r.Err)
	case <-quit:
		fmt.Println("quit")
	}
	// Output: pong <nil>
}

// This example handles results in the order they arrive, with the index of
// the future each came from.
func ExampleFanIn() {
	ps := []*promise.Promise[string]{promise.New[string](), promise.New[string](), promise.New[string]()}
	fs := []*future.Future[string]{ps[0].Future(), ps[1].Future(), ps[2].Future()}
	results := callback.FanIn(fs...)

	ps[2].Resolve("c")
	ps[0].Reject(errors.New("a failed"))
	ps[1].Resolve("b")
	for r := range results {
		fmt.Println(r.Index, r.Value, r.Err)
	}
	// Output:
	// 2 c <nil>
	// 0  a failed
	// 1 b <nil>
}

// This example uses an Emitter for in-process events: one synchronous and
// one asynchronous subscriber, and a close that waits for both.
func ExampleEmitter() {
	var orders callback.Emitter[string]
	orders.Subscribe(func(id string) { fmt.Println("billing", id) })
	var shipped []string
	orders.SubscribeAsync(16, callback.Disconnect, func(id string) { shipped = append(shipped, id) })

	orders.Emit("A1")
	orders.Emit("B2")
	orders.Close().Await(context.Background())
	fmt.Println("shipped", shipped)
	// Output:
	// billing A1
	// billing B2
	// shipped [A1 B2]
}

// This example subscribes a synchronous handler, which runs before Emit
// returns.
func ExampleEmitter_Subscribe() {
	var clicks callback.Emitter[int]
	sub, err := clicks.Subscribe(func(n int) { fmt.Println("click", n) })
	fmt.Println(err)

	clicks.Emit(1)
	fmt.Println("after Emit")
	sub.Unsubscribe()
	clicks.Emit(2)
	// Output:
	// <nil>
	// click 1
	// after Emit
}

// This example subscribes an asynchronous handler. Emit does not wait for
// it; Close lets it finish what is in its buffer.
func ExampleEmitter_SubscribeAsync() {
	var metrics callback.Emitter[float64]
	sum := 0.0
	metrics.SubscribeAsync(100, callback.DropNewest, func(v float64) { sum += v })

	for _, v := range []float64{1.5, 2.5, 3} {
		metrics.Emit(v)
	}
	metrics.Close().Await(context.Background())
	fmt.Println(sum)
	// Output: 7
}

// This example emits events. Emit fails with ErrClosed once the emitter is
// closed.
func ExampleEmitter_Emit() {
	var e callback.Emitter[string]
	e.Subscribe(func(s string) { fmt.Println("heard", s) })
	fmt.Println(e.Emit("hello"))
	e.Close()
	fmt.Println(e.Emit("anyone?"))
	// Output:
	// heard hello
	// <nil>
	// callback: emitter closed
}

// This example waits for the next event with a deadline; no event comes,
// so the future fails when the deadline passes.
func ExampleEmitter_Next() {
	var alarms callback.Emitter[string]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()

	_, err := alarms.Next(ctx).Await(context.Background())
	fmt.Println(err)

	next := alarms.Next(context.Background())
	alarms.Emit("fire")
	fmt.Println(next.Await(context.Background()))
	// Output:
	// context deadline exceeded
	// fire <nil>
}

// This example closes an emitter: a future waiting in Next fails with
// ErrClosed, and so does every subscription.
func ExampleEmitter_Close() {
	var e callback.Emitter[int]
	sub, _ := e.Subscribe(func(int) {})
	next := e.Next(context.Background())

	done := e.Close()
	_, err := next.Await(context.Background())
	fmt.Println(err)
	_, err = sub.Ended().Await(context.Background())
	fmt.Println(err)
	_, err = done.Await(context.Background())
	fmt.Println(err)
	// Output:
	// callback: emitter closed
	// callback: emitter closed
	// <nil>
}

// This example shows a handler unsubscribing itself after the first event
// it cares about.
func ExampleSubscription_Unsubscribe() {
	var e callback.Emitter[int]
	var sub *callback.Subscription[int]
	sub, _ = e.Subscribe(func(n int) {
		fmt.Println("got", n)
		if n >= 2 {
			sub.Unsubscribe()
		}
	})
	for n := range 4 {
		e.Emit(n)
	}
	// Output:
	// got 0
	// got 1
	// got 2
}

// This example learns why a subscription ended: its handler panicked.
func ExampleSubscription_Ended() {
	var e callback.Emitter[string]
	sub, _ := e.Subscribe(func(s string) {
		if s == "" {
			panic("empty event")
		}
	})
	e.Emit("ok")
	e.Emit("")
	_, err := sub.Ended().Await(context.Background())
	fmt.Println(err)
	// Output: future: panic: empty event
}

// This example counts the events a slow subscriber missed.
func ExampleSubscription_Dropped() {
	var e callback.Emitter[int]
	busy, release := make(chan struct{}), make(chan struct{})
	var got []int
	sub, _ := e.SubscribeAsync(2, callback.DropNewest, func(n int) {
		if n == 0 {
			close(busy)
			<-release // the handler is stuck on its first event
		}
		got = append(got, n)
	})

	e.Emit(0)
	<-busy
	for n := 1; n <= 5; n++ {
		e.Emit(n) // 1 and 2 fit in the buffer; 3, 4 and 5 do not
	}
	fmt.Println(sub.Dropped())
	close(release)
	e.Close().Await(context.Background())
	fmt.Println(got)
	// Output:
	// 3
	// [0 1 2]
}

// This example keeps only the latest state for a subscriber that falls
// behind, with DropOldest.
func ExampleOverflow() {
	var temps callback.Emitter[int]
	busy, release := make(chan struct{}), make(chan struct{})
	var shown []int
	temps.SubscribeAsync(1, callback.DropOldest, func(t int) {
		if t == 20 {
			close(busy)
			<-release
		}
		shown = append(shown, t)
	})

	temps.Emit(20)
	<-busy
	for _, t := range []int{21, 22, 23} {
		temps.Emit(t) // each replaces the one waiting in the buffer
	}
	close(release)
	temps.Close().Await(context.Background())
	fmt.Println(shown)
	// Output: [20 23]
}
