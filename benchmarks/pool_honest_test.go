package benchmarks

import (
	"context"
	"runtime"
	"slices"
	"testing"
	"time"
)

// The tests in this file run each pool benchmark's implementations once
// and check that they all do the work they are timed for, so that none
// can win by skipping it, and that none leaves a goroutine behind.

func TestTinyWorkTakesTime(t *testing.T) {
	if tinyWork(1) == tinyWork(2) {
		t.Error("tinyWork ignores its seed")
	}
	if got := testing.Benchmark(func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			tinyWork(uint64(i))
		}
	}).NsPerOp(); got < 20 {
		t.Errorf("tinyWork takes %d ns; want it to do real work", got)
	}
}

func TestFireAndForgetImplsRunEveryTask(t *testing.T) {
	const n = 10_000
	want := uint64(0)
	for i := range n {
		want += tinyWork(uint64(i + 1))
	}
	for _, im := range ffImpls {
		base := runtime.NumGoroutine()
		ff := im.run()
		ff.run(n)
		tally := ff.counted()
		ran, sum := tally.ran.Load(), tally.sum.Load()
		ff.close()
		if ran != n || sum != want {
			t.Errorf("impl=%s: %d tasks ran, sum %d; want %d, sum %d", im.name, ran, sum, n, want)
		}
		if left := goroutinesAbove(base); left > 0 {
			t.Errorf("impl=%s: %d goroutines left behind", im.name, left)
		}
	}
}

func TestResultsImplsAgree(t *testing.T) {
	const n = 10_000
	fns := tinyTasks(n)
	want := make([]int, n)
	for i, fn := range fns {
		want[i], _ = fn(context.Background())
	}
	for _, im := range resultsImpls {
		r := im.run(n)
		for round := range 2 { // the second round reuses what the first made
			vals, err := r.run(fns)
			if !slices.Equal(vals, want) || err != nil {
				t.Errorf("impl=%s round %d: got %d values, %v; want the %d values in order, <nil>",
					im.name, round, len(vals), err, n)
			}
		}
		r.close()
	}
}

func TestRoundTripImplsRunTheTask(t *testing.T) {
	for _, im := range roundTripImpls {
		run, stop := im.run()
		before := calls.Load()
		v, err := run(t.Context(), work)
		after := calls.Load()
		stop()
		if after != before+1 || int64(v) != after || err != nil {
			t.Errorf("impl=%s: got %d, %v with %d calls; want %d, <nil> with 1 call",
				im.name, v, err, after-before, before+1)
		}
	}
}

// Each sleeping implementation runs every task, and the bounded ones keep
// to the limit: 2,000 tasks of 1 ms at 1,000 at once take at least 2 ms.
func TestSleepImplsRunEveryTask(t *testing.T) {
	const n = 2 * sleepLimit
	for _, im := range sleepImpls {
		start := time.Now()
		if got := im.run(n); got != n {
			t.Errorf("impl=%s: %d tasks ran; want %d", im.name, got, n)
		}
		if elapsed := time.Since(start); im.name != "unbounded" && elapsed < 2*sleepFor {
			t.Errorf("impl=%s: took %v; want at least %v at %d at once", im.name, elapsed, 2*sleepFor, sleepLimit)
		}
	}
}

func TestContendImplsRunEveryTask(t *testing.T) {
	want := uint64(0)
	for g := range contenders {
		want += contendEach * tinyWork(uint64(g))
	}
	for _, im := range contendImpls {
		submit, stop := im.run()
		hists := make([]histogram, contenders)
		sum := contend(submit, hists)
		stop()
		if got := merge(hists).n; got != contenders*contendEach {
			t.Errorf("impl=%s: timed %d submits; want %d", im.name, got, contenders*contendEach)
		}
		if sum != want {
			t.Errorf("impl=%s: the tasks' results sum to %d; want %d", im.name, sum, want)
		}
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var h histogram
	for i := range 100 {
		h.add(time.Duration(i) * histWidth)
	}
	h.add(time.Hour)
	if got := h.quantile(0.5); got != float64(51*histWidth) {
		t.Errorf("median = %v; want %v", got, float64(51*histWidth))
	}
	if got := h.quantile(1); got != float64(time.Duration(histBuckets+1)*histWidth) {
		t.Errorf("max = %v; want the overflow bucket", got)
	}
}

func TestLifecycleImplsRunTheTask(t *testing.T) {
	for _, im := range lifecycleImpls {
		base := runtime.NumGoroutine()
		if n := im.run(); n != 1 {
			t.Errorf("impl=%s: %d tasks ran; want 1", im.name, n)
		}
		if left := goroutinesAbove(base); left > 0 {
			t.Errorf("impl=%s: %d goroutines left behind", im.name, left)
		}
	}
}
