package benchmarks

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
)

// A task is the work every implementation runs, in the shape future.Go takes.
type task = func(context.Context) (int, error)

// A result is a task's outcome, as the hand-written baselines pass it on a
// channel: a future carries both a value and an error, so they do too.
type result struct {
	v   int
	err error
}

// calls counts the calls of work, so that a skipped call shows.
var calls atomic.Int64

// work is the trivial task of BenchmarkGoAwait: it returns the number of
// calls of work so far, so its value depends on it having run.
func work(context.Context) (int, error) { return int(calls.Add(1)), nil }

// addOne is the stage of a Then chain.
func addOne(v int) (int, error) { return v + 1, nil }

// indexTasks returns n tasks; task i returns i.
func indexTasks(n int) []task {
	fns := make([]task, n)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) { return i, nil }
	}
	return fns
}

// winnerValue is the value the one fast task of a race returns.
const winnerValue = 42

// raceTasks returns n tasks: the one at index winner returns winnerValue at
// once, and the others block until their context is canceled.
func raceTasks(n, winner int) []task {
	fns := make([]task, n)
	for i := range fns {
		fns[i] = loser
	}
	fns[winner] = func(context.Context) (int, error) { return winnerValue, nil }
	return fns
}

// racing counts the losers of a race that are running.
var racing atomic.Int64

// loser blocks until ctx is canceled and fails with its cause. It counts
// itself in racing while it runs.
func loser(ctx context.Context) (int, error) {
	racing.Add(1)
	defer racing.Add(-1)
	<-ctx.Done()
	return 0, context.Cause(ctx)
}

// sum adds vals up.
func sum(vals []int) int {
	s := 0
	for _, v := range vals {
		s += v
	}
	return s
}

// triangle is the sum of 0, 1, ..., n-1: what the values of indexTasks(n)
// add up to.
func triangle(n int) int { return n * (n - 1) / 2 }

// goroutinesAbove returns how many more goroutines are running than base,
// after giving goroutines that are on their way out up to a second to exit.
// A goroutine that has signaled it is done (sync.WaitGroup.Done, settling
// a future) still has to return, so a count taken at once may include it.
// This only waits for the count to drop; it synchronizes nothing.
func goroutinesAbove(base int) int {
	deadline := time.Now().Add(time.Second)
	n := runtime.NumGoroutine()
	for n > base && time.Now().Before(deadline) {
		runtime.Gosched()
		n = runtime.NumGoroutine()
	}
	return n - base
}

// quietGoroutines returns the number of goroutines once it has not
// changed for 20ms, giving goroutines of earlier work that are on their way
// out up to two seconds to exit, so that a count taken as a base does not
// include them.
func quietGoroutines() int {
	deadline := time.Now().Add(2 * time.Second)
	n, since := runtime.NumGoroutine(), time.Now()
	for time.Since(since) < 20*time.Millisecond && time.Now().Before(deadline) {
		runtime.Gosched()
		if m := runtime.NumGoroutine(); m != n {
			n, since = m, time.Now()
		}
	}
	return n
}

// allocated returns the bytes allocated on the heap so far.
func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// bytesPer fills keep with values from mk and returns the bytes allocated
// per value. keep holds them all, so none can live on the stack or be
// freed while they are counted.
func bytesPer(keep []any, mk func() any) float64 {
	clear(keep)
	runtime.GC()
	before := allocated()
	for i := range keep {
		keep[i] = mk()
	}
	return float64(allocated()-before) / float64(len(keep))
}

// gatedTasks returns n tasks; task i waits until gate is closed and then
// returns i.
func gatedTasks(n int, gate <-chan struct{}) []task {
	fns := make([]task, n)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) {
			<-gate
			return i, nil
		}
	}
	return fns
}
