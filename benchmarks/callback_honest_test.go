package benchmarks

import (
	"context"
	"sync/atomic"
	"testing"
)

// The tests in this file run each callback benchmark's implementations and
// check that they do the work they are timed for, so that none can win by
// skipping it.

func TestFromAwaitImplsCallTheAPIOnce(t *testing.T) {
	for _, a := range apis {
		for _, im := range fromAwaitImpls {
			before := apiCalls.Load()
			v, err := im.run(t.Context(), a.call, 7)
			if calls := apiCalls.Load() - before; v != 7 || err != nil || calls != 1 {
				t.Errorf("api=%s impl=%s: got %d, %v with %d calls; want 7, <nil> with 1 call",
					a.name, im.name, v, err, calls)
			}
		}
	}
}

// A canceled context ends the wait for an API that never calls back.
func TestFromAwaitImplsStopOnContext(t *testing.T) {
	never := func(int, func(int, error)) {}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, im := range fromAwaitImpls {
		if _, err := im.run(ctx, never, 1); err != context.Canceled {
			t.Errorf("impl=%s: got %v; want %v", im.name, err, context.Canceled)
		}
	}
}

func TestOnCompleteImplsRunTheHandler(t *testing.T) {
	for _, im := range onCompleteImpls {
		if got := im.run(5); got != 5 {
			t.Errorf("impl=%s: handler saw %d; want 5", im.name, got)
		}
	}
}

// Each event reaches every subscriber once, and emit returns only once
// they have all handled it.
func TestEmitImplsReachEverySubscriber(t *testing.T) {
	for _, n := range []int{1, 10, 1000} {
		for _, im := range emitImpls {
			var handled atomic.Int64
			emit, stop := im.run(n, &handled)
			for i := 1; i <= 3; i++ {
				emit(i)
				if got := handled.Load(); got != int64(n*i) {
					t.Errorf("subs=%d impl=%s: %d handled after event %d; want %d", n, im.name, got, i, n*i)
				}
			}
			stop()
		}
	}
}
