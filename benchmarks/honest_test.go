package benchmarks

import (
	"context"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	cheb "github.com/chebyrash/promise"
	"github.com/reugn/async"
	"github.com/samber/mo"

	"github.com/eventual-go/eventual/future"
)

// The tests in this file run each benchmark's implementations once and
// check that they all do the work they are timed for and agree on its
// result, so that a benchmark cannot win by skipping it.

func TestGoAwaitImplsRunTheTask(t *testing.T) {
	for _, im := range goAwaitImpls {
		before := calls.Load()
		v, err := im.run(t.Context(), work)
		after := calls.Load()
		if after != before+1 || int64(v) != after || err != nil {
			t.Errorf("impl=%s: got %d, %v with %d calls; want %d, <nil> with 1 call",
				im.name, v, err, after-before, before+1)
		}
	}
}

func TestPromiseImplsAgree(t *testing.T) {
	for _, im := range promiseImpls {
		if v, err := im.run(t.Context(), 7); v != 7 || err != nil {
			t.Errorf("impl=%s: got %d, %v; want 7, <nil>", im.name, v, err)
		}
	}
}

func TestThenChainImplsAgree(t *testing.T) {
	for _, im := range thenImpls {
		if v, err := im.run(t.Context(), 5); v != 5+stages || err != nil {
			t.Errorf("impl=%s: got %d, %v; want %d, <nil>", im.name, v, err, 5+stages)
		}
	}
}

func TestAllImplsAgree(t *testing.T) {
	const n = 1000
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	for _, im := range allImpls {
		starts := 0
		vals, err := im.run(t.Context(), indexTasks(n), func() { starts++ })
		if !slices.Equal(vals, want) || err != nil {
			t.Errorf("impl=%s: got sum %d, %v; want 0, 1, ..., %d (sum %d), <nil>",
				im.name, sum(vals), err, n-1, triangle(n))
		}
		if starts != 1 {
			t.Errorf("impl=%s: called started %d times; want 1", im.name, starts)
		}
	}
}

// TestExtraGoroutinesCountsNoneForWaitGroup checks the measurement of
// extra-goroutines on the baseline, which starts exactly n goroutines.
func TestExtraGoroutinesCountsNoneForWaitGroup(t *testing.T) {
	const n = 1000
	base := quietGoroutines()
	if extra := extraGoroutines(t.Context(), allWaitGroup, n, base); extra != 0 {
		t.Errorf("extraGoroutines(waitgroup) = %d; want 0", extra)
	}
}

func TestRaceImplsAgreeAndReleaseLosers(t *testing.T) {
	for _, winner := range []int{0, raceN / 2, raceN - 1} {
		fns := raceTasks(raceN, winner)
		for _, im := range raceImpls {
			base := runtime.NumGoroutine()
			if v, err := im.run(t.Context(), fns, func() {}); v != winnerValue || err != nil {
				t.Errorf("impl=%s winner=%d: got %d, %v; want %d, <nil>",
					im.name, winner, v, err, winnerValue)
			}
			if left := goroutinesAbove(base); left > 0 {
				t.Errorf("impl=%s winner=%d: %d goroutines left behind", im.name, winner, left)
			}
		}
	}
}

func TestPendingImplsStayPending(t *testing.T) {
	for _, im := range pendingImpls {
		a, b := im.run(), im.run()
		if a == b {
			t.Errorf("impl=%s: two calls returned the same value", im.name)
		}
		switch v := a.(type) {
		case chan int:
			if len(v) != 0 || cap(v) != 1 {
				t.Errorf("impl=%s: len %d, cap %d; want an empty channel of 1", im.name, len(v), cap(v))
			}
		case interface{ Future() *future.Future[int] }:
			if _, ok := v.Future().Peek(); ok {
				t.Errorf("impl=%s: the promise has settled; want it pending", im.name)
			}
		case async.Promise[int]:
			done, cancel := context.WithCancel(t.Context())
			cancel()
			if _, err := v.Future().Get(done); err != context.Canceled {
				t.Errorf("impl=%s: got %v from a done context; want the promise pending", im.name, err)
			}
		case *cheb.Promise[int]:
			done, cancel := context.WithCancel(t.Context())
			cancel()
			if _, err := v.Await(done); err != context.Canceled {
				t.Errorf("impl=%s: got %v from a done context; want the promise pending", im.name, err)
			}
		case *mo.Future[int]:
			// mo has no way to look without blocking; its maker never resolves it.
		default:
			t.Errorf("impl=%s: made a %T", im.name, a)
		}
	}
}

func TestAllPendingSettlesEveryFuture(t *testing.T) {
	const n = 1000
	r := allPending(context.Background(), n)
	if r.sum != triangle(n) || r.err != nil {
		t.Errorf("got sum %d, %v; want %d, <nil>", r.sum, r.err, triangle(n))
	}
	if r.bytes == 0 {
		t.Error("counted 0 bytes for the promises and the All")
	}
}

// Every hedging implementation returns the answer of the attempt that
// answers, releases the one that hangs, and calls the task twice.
func TestHedgeImplsAgreeAndReleaseTheHangingAttempt(t *testing.T) {
	for _, im := range hedgeImpls {
		base := quietGoroutines()
		var calls atomic.Int32
		fn := hangFirst()
		counted := func(ctx context.Context) (int, error) { calls.Add(1); return fn(ctx) }
		if v, err := im.run(t.Context(), counted); v != winnerValue || err != nil {
			t.Errorf("impl=%s: got %d, %v; want %d, <nil>", im.name, v, err, winnerValue)
		}
		if left := goroutinesAbove(base); left > 0 {
			t.Errorf("impl=%s: %d goroutines left behind", im.name, left)
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("impl=%s: %d calls; want 2", im.name, n)
		}
	}
}
