package benchmarks

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// An impl is one way of doing a benchmark's work, named for its
// impl= sub-benchmark. The benchmarks and the tests in honest_test.go run
// the same tables.
type impl[F any] struct {
	name string
	run  F
}

// BenchmarkGoAwait starts a task and awaits it. impl=channel, a goroutine
// sending the result on a buffered channel, is the baseline.
func BenchmarkGoAwait(b *testing.B) {
	ctx := context.Background()
	for _, im := range goAwaitImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if v, err := im.run(ctx, work); v <= 0 || err != nil {
					b.Fatalf("got %d, %v; want a count of calls, <nil>", v, err)
				}
			}
		})
	}
}

var goAwaitImpls = []impl[func(context.Context, task) (int, error)]{
	{"channel", goAwaitChannel},
	{"future", goAwaitFuture},
	{"chebyrash", goAwaitChebyrash},
	{"reugn", goAwaitReugn},
	{"mo", goAwaitMo},
}

func goAwaitChannel(ctx context.Context, fn task) (int, error) {
	ch := make(chan result, 1)
	go func() {
		v, err := fn(ctx)
		ch <- result{v, err}
	}()
	r := <-ch
	return r.v, r.err
}

func goAwaitFuture(ctx context.Context, fn task) (int, error) {
	return future.Go(ctx, fn).Await(ctx)
}

// BenchmarkPromise creates a promise, resolves it and awaits it, all on one
// goroutine. impl=channel, a buffered channel, is the baseline.
func BenchmarkPromise(b *testing.B) {
	ctx := context.Background()
	for _, im := range promiseImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if v, err := im.run(ctx, i); v != i || err != nil {
					b.Fatalf("got %d, %v; want %d, <nil>", v, err, i)
				}
			}
		})
	}
}

var promiseImpls = []impl[func(context.Context, int) (int, error)]{
	{"channel", promiseChannel},
	{"promise", promisePromise},
	{"reugn", promiseReugn},
}

// escaped keeps the last channel or promise of BenchmarkPromise, so that
// neither can live on the stack: a real one is handed to other code.
var escaped any

func promiseChannel(_ context.Context, v int) (int, error) {
	ch := make(chan int, 1)
	escaped = ch
	ch <- v
	return <-ch, nil
}

func promisePromise(ctx context.Context, v int) (int, error) {
	p := promise.New[int]()
	escaped = p
	p.Resolve(v)
	return p.Future().Await(ctx)
}

// stages is the length of the chains of BenchmarkThenChain.
const stages = 10

// BenchmarkThenChain settles a future followed by ten stages that each add
// one. impl=goroutines, a goroutine per stage passing the value on by
// channel, is the baseline.
func BenchmarkThenChain(b *testing.B) {
	ctx := context.Background()
	for _, im := range thenImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if v, err := im.run(ctx, i); v != i+stages || err != nil {
					b.Fatalf("got %d, %v; want %d, <nil>", v, err, i+stages)
				}
			}
		})
	}
}

var thenImpls = []impl[func(context.Context, int) (int, error)]{
	{"goroutines", thenGoroutines},
	{"future", thenFuture},
	{"chebyrash", thenChebyrash},
	{"reugn", thenReugn},
	{"mo", thenMo},
}

func thenGoroutines(_ context.Context, start int) (int, error) {
	first := make(chan int, 1)
	in := first
	for range stages {
		out := make(chan int, 1)
		go addOneStage(in, out)
		in = out
	}
	first <- start
	return <-in, nil
}

// addOneStage is one goroutine of thenGoroutines.
func addOneStage(in <-chan int, out chan<- int) {
	v, _ := addOne(<-in)
	out <- v
}

func thenFuture(ctx context.Context, start int) (int, error) {
	p := promise.New[int]()
	f := p.Future()
	for range stages {
		f = future.Then(f, addOne)
	}
	p.Resolve(start)
	return f.Await(ctx)
}

// BenchmarkAll starts n tasks that return their index and waits for all
// their values, in order. impl=waitgroup, goroutines writing into a slice
// and a sync.WaitGroup, is the baseline; it does the least work possible,
// ignoring the tasks' errors, which All would handle.
//
// peak-goroutines is runtime.NumGoroutine sampled right after the last task
// was started, the largest sample over the iterations. It is a sample, not a
// true peak: tasks this cheap may have finished by then, a goroutine that
// comes and goes between samples is missed, and goroutines of the previous
// iteration that have signaled they are done but not yet exited are
// counted. It includes the test binary's own few goroutines.
//
// extra-goroutines is exact where peak-goroutines is not: after the loop,
// each impl runs n tasks that block until all n have been started, and it
// is the number of goroutines running then beyond the n tasks and those
// that ran before the benchmark. The design allows at most 2.
func BenchmarkAll(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1000} {
		fns := indexTasks(n)
		for _, im := range allImpls {
			b.Run(fmt.Sprintf("n=%d/impl=%s", n, im.name), func(b *testing.B) {
				b.ReportAllocs()
				base, peak := runtime.NumGoroutine(), 0
				sample := func() { peak = max(peak, runtime.NumGoroutine()) }
				for b.Loop() {
					vals, err := im.run(ctx, fns, sample)
					if s := sum(vals); s != triangle(n) || err != nil {
						b.Fatalf("got sum %d, %v; want %d, <nil>", s, err, triangle(n))
					}
				}
				b.ReportMetric(float64(peak), "peak-goroutines")
				goroutinesAbove(base) // let the loop's last tasks exit
				b.ReportMetric(float64(extraGoroutines(ctx, im.run, n, base)), "extra-goroutines")
			})
		}
	}
}

// An allFunc runs fns and returns their values in order. It calls started
// once, right after it has started the last task and before it waits.
type allFunc = func(ctx context.Context, fns []task, started func()) ([]int, error)

var allImpls = []impl[allFunc]{
	{"waitgroup", allWaitGroup},
	{"future", allFuture},
	{"goall", allGoAll},
	{"errgroup", allErrgroup},
	{"conc", allConc},
	{"chebyrash", allChebyrash},
	{"reugn", allReugn},
}

func allWaitGroup(ctx context.Context, fns []task, started func()) ([]int, error) {
	vals := make([]int, len(fns))
	var wg sync.WaitGroup
	wg.Add(len(fns))
	for i, fn := range fns {
		go func() {
			defer wg.Done()
			vals[i], _ = fn(ctx)
		}()
	}
	started()
	wg.Wait()
	return vals, nil
}

func allFuture(ctx context.Context, fns []task, started func()) ([]int, error) {
	fs := make([]*future.Future[int], len(fns))
	for i, fn := range fns {
		fs[i] = future.Go(ctx, fn)
	}
	started()
	return future.All(fs...).Await(ctx)
}

func allGoAll(ctx context.Context, fns []task, started func()) ([]int, error) {
	f := future.GoAll(ctx, fns...)
	started()
	return f.Await(ctx)
}

// extraGoroutines runs n tasks with run, each blocking until run has
// started all of them, and returns how many goroutines were running then
// beyond the n tasks and the base that ran before.
func extraGoroutines(ctx context.Context, run allFunc, n, base int) int {
	gate := make(chan struct{})
	running := 0
	run(ctx, gatedTasks(n, gate), func() {
		running = runtime.NumGoroutine()
		close(gate)
	})
	return running - base - n
}

// raceN is the number of tasks of BenchmarkRace.
const raceN = 100

// BenchmarkRace races 100 tasks: one returns at once, the others block
// until their context is canceled. Each implementation takes the winner's
// value, cancels the losers, and returns once every task has returned.
// impl=handwritten, context.WithCancelCause, a result channel and a
// sync.WaitGroup, is the baseline; future.GoRace also settles only once
// every task has returned, so both do the same work.
//
// leftover-goroutines is how many more goroutines run after the loop than
// before it, once the ones on their way out have exited: it should be 0.
// running-at-result is how many losers were still running, on average,
// when the race's result was handed to the caller: the losers a library
// leaves behind its result, which the peers without cancellation stop only
// because the caller cancels a context of its own afterwards.
func BenchmarkRace(b *testing.B) {
	ctx := context.Background()
	fns := raceTasks(raceN, raceN/2)
	for _, im := range raceImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			base := runtime.NumGoroutine()
			var atResult, ops int64
			sample := func() { atResult += racing.Load() }
			for b.Loop() {
				if v, err := im.run(ctx, fns, sample); v != winnerValue || err != nil {
					b.Fatalf("got %d, %v; want %d, <nil>", v, err, winnerValue)
				}
				ops++
			}
			b.ReportMetric(float64(goroutinesAbove(base)), "leftover-goroutines")
			b.ReportMetric(float64(atResult)/float64(ops), "running-at-result")
		})
	}
}

// A raceFunc races fns and returns the first result. It calls atResult
// once, as soon as it has the result and before it stops any loser.
type raceFunc = func(ctx context.Context, fns []task, atResult func()) (int, error)

var raceImpls = []impl[raceFunc]{
	{"handwritten", raceHandwritten},
	{"goRace", raceGoRace},
	{"chebyrash", raceChebyrash},
	{"reugn", raceReugn},
}

func raceHandwritten(ctx context.Context, fns []task, atResult func()) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	results := make(chan result, len(fns))
	var wg sync.WaitGroup
	wg.Add(len(fns))
	for _, fn := range fns {
		go func() {
			defer wg.Done()
			v, err := fn(ctx)
			results <- result{v, err}
		}()
	}
	r := <-results
	cancel(future.ErrLost)
	wg.Wait()
	atResult()
	return r.v, r.err
}

func raceGoRace(ctx context.Context, fns []task, atResult func()) (int, error) {
	v, err := future.GoRace(ctx, fns...).Await(ctx)
	atResult()
	return v, err
}
