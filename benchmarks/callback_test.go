package benchmarks

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/promise"
)

// An api is a callback-style call: it reports v, or an error, through done.
type api = func(v int, done func(int, error))

// apiCalls counts the calls of the apis below, so that a skipped call shows.
var apiCalls atomic.Int64

// asyncAPI calls back on a goroutine of its own, as most SDKs do.
func asyncAPI(v int, done func(int, error)) {
	apiCalls.Add(1)
	go done(v, nil)
}

// syncAPI calls back before it returns, as one serving from a cache does.
func syncAPI(v int, done func(int, error)) {
	apiCalls.Add(1)
	done(v, nil)
}

var apis = []struct {
	name string
	call api
}{
	{"async", asyncAPI},
	{"sync", syncAPI},
}

// BenchmarkFromAwait wraps a callback-style call and waits for its result.
// impl=channel, the hand-written version, is the baseline: a buffered
// channel, a callback that cannot block on a second call, and a select on
// the context. impl=callback is callback.From and Await.
//
// api=async calls back on a new goroutine, api=sync before it returns.
// ctx=background can never end; with ctx=cancelable, From also watches the
// context with context.AfterFunc, so that the future fails when it ends
// even if nobody is awaiting it, which the hand-written version leaves to
// its select.
func BenchmarkFromAwait(b *testing.B) {
	cancelable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, a := range apis {
		for _, c := range []struct {
			name string
			ctx  context.Context
		}{{"background", context.Background()}, {"cancelable", cancelable}} {
			for _, im := range fromAwaitImpls {
				b.Run(fmt.Sprintf("api=%s/ctx=%s/impl=%s", a.name, c.name, im.name), func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						i++
						if v, err := im.run(c.ctx, a.call, i); v != i || err != nil {
							b.Fatalf("got %d, %v; want %d, <nil>", v, err, i)
						}
					}
				})
			}
		}
	}
}

var fromAwaitImpls = []impl[func(context.Context, api, int) (int, error)]{
	{"channel", fromAwaitChannel},
	{"callback", fromAwaitCallback},
}

func fromAwaitChannel(ctx context.Context, call api, v int) (int, error) {
	ch := make(chan result, 1)
	call(v, func(v int, err error) {
		select {
		case ch <- result{v, err}:
		default: // a second call must not block the caller
		}
	})
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func fromAwaitCallback(ctx context.Context, call api, v int) (int, error) {
	return callback.From(ctx, func(done func(int, error)) func() {
		call(v, done)
		return nil
	}).Await(ctx)
}

// BenchmarkOnComplete registers a handler for a result, delivers the
// result and waits until the handler has run. impl=channel, a goroutine
// that receives the result from a channel and runs the handler, is the
// baseline. impl=callback is a promise with callback.OnComplete, which
// runs the handler on the goroutine that resolves it; impl=callbackAsync
// hands the handler to a runner that starts a goroutine, as the baseline
// does, and awaits the handler's future.
func BenchmarkOnComplete(b *testing.B) {
	for _, im := range onCompleteImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if got := im.run(i); got != i {
					b.Fatalf("handler got %d; want %d", got, i)
				}
			}
		})
	}
}

// An onCompleteFunc delivers v to a handler and returns what the handler
// saw, once it has run.
type onCompleteFunc = func(v int) int

var onCompleteImpls = []impl[onCompleteFunc]{
	{"channel", onCompleteChannel},
	{"callback", onCompleteCallback},
	{"callbackAsync", onCompleteCallbackAsync},
}

func onCompleteChannel(v int) int {
	ch := make(chan result, 1)
	ran := make(chan struct{})
	var got int
	go func() {
		r := <-ch
		got = r.v
		close(ran)
	}()
	ch <- result{v, nil}
	<-ran
	return got
}

func onCompleteCallback(v int) int {
	p := promise.New[int]()
	var got int
	callback.OnComplete(p.Future(), func(v int, err error) { got = v })
	p.Resolve(v)
	return got
}

// goRunner runs each function on a new goroutine.
var goRunner = callback.RunnerFunc(func(ctx context.Context, fn func(context.Context)) error {
	go fn(ctx)
	return nil
})

func onCompleteCallbackAsync(v int) int {
	ctx := context.Background()
	p := promise.New[int]()
	var got int
	h := callback.OnCompleteAsync(ctx, goRunner, p.Future(), func(_ context.Context, v int, err error) { got = v })
	p.Resolve(v)
	h.Await(ctx)
	return got
}

// BenchmarkEmit delivers one event to n subscribers and waits until each
// has handled it. impl=channels, a goroutine per subscriber reading from
// its own buffered channel, is the baseline. impl=async is an Emitter with
// asynchronous subscribers, which also run on goroutines of their own
// behind a buffer. impl=sync is an Emitter with synchronous subscribers,
// called on the emitting goroutine, and impl=funcs its hand-written
// equivalent, a loop over a slice of functions.
func BenchmarkEmit(b *testing.B) {
	for _, n := range []int{1, 10, 1000} {
		for _, im := range emitImpls {
			b.Run(fmt.Sprintf("subs=%d/impl=%s", n, im.name), func(b *testing.B) {
				b.ReportAllocs()
				var handled atomic.Int64
				emit, stop := im.run(n, &handled)
				defer stop()
				i := 0
				for b.Loop() {
					i++
					emit(i)
				}
				if got := handled.Load(); got != int64(n*i) {
					b.Fatalf("%d events handled; want %d", got, n*i)
				}
			})
		}
	}
}

// An emitFunc sets up n subscribers that add each event they handle to
// handled, and returns a function that delivers an event to all of them
// and returns once each has handled it, and one that tears them down.
type emitFunc = func(n int, handled *atomic.Int64) (emit func(v int), stop func())

var emitImpls = []impl[emitFunc]{
	{"channels", emitChannels},
	{"async", emitAsync},
	{"sync", emitSync},
	{"funcs", emitFuncs},
}

// emitBuffer is the buffer of each asynchronous subscriber and channel.
const emitBuffer = 16

func emitChannels(n int, handled *atomic.Int64) (func(int), func()) {
	chans := make([]chan int, n)
	var wg, done sync.WaitGroup
	for i := range chans {
		ch := make(chan int, emitBuffer)
		chans[i] = ch
		done.Go(func() {
			for range ch {
				handled.Add(1)
				wg.Done()
			}
		})
	}
	emit := func(v int) {
		wg.Add(n)
		for _, ch := range chans {
			ch <- v
		}
		wg.Wait()
	}
	stop := func() {
		for _, ch := range chans {
			close(ch)
		}
		done.Wait()
	}
	return emit, stop
}

func emitAsync(n int, handled *atomic.Int64) (func(int), func()) {
	var e callback.Emitter[int]
	var wg sync.WaitGroup
	for range n {
		_, err := e.SubscribeAsync(emitBuffer, callback.Disconnect, func(int) {
			handled.Add(1)
			wg.Done()
		})
		if err != nil {
			panic(err)
		}
	}
	emit := func(v int) {
		wg.Add(n)
		e.Emit(v)
		wg.Wait()
	}
	return emit, func() { e.Close().Await(context.Background()) }
}

func emitSync(n int, handled *atomic.Int64) (func(int), func()) {
	var e callback.Emitter[int]
	for range n {
		if _, err := e.Subscribe(func(int) { handled.Add(1) }); err != nil {
			panic(err)
		}
	}
	return func(v int) { e.Emit(v) }, func() { e.Close() }
}

func emitFuncs(n int, handled *atomic.Int64) (func(int), func()) {
	var mu sync.Mutex
	fns := make([]func(int), n)
	for i := range fns {
		fns[i] = func(int) { handled.Add(1) }
	}
	emit := func(v int) {
		mu.Lock()
		subs := fns
		mu.Unlock()
		for _, fn := range subs {
			fn(v)
		}
	}
	return emit, func() {}
}
