package future_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// skipIfCounting skips tests that count allocations or bytes where the
// count is not the program's own: under the race detector, or with -short.
func skipIfCounting(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
}

func TestAllocs(t *testing.T) {
	skipIfCounting(t)
	ctx := context.Background()
	work := func(context.Context) (int, error) { return 1, nil }
	tests := []struct {
		name string
		max  float64
		fn   func()
	}{
		// The task (future, context and function in one), the goroutine's
		// closure, and the Done channel Await blocks on.
		{"Go and Await", 3, func() { future.Go(ctx, work).Await(ctx) }},
		{"Resolved", 1, func() { future.Resolved(1) }},
		{"Then on a pending future", 1, func() { future.Then(hundred[0], double) }},
		{"Then on a settled future", 2, func() { future.Then(future.Resolved(1), double) }},
		{"All over 100 pending futures", 3, func() { future.All(hundred...) }},
		{"Join2", 1, func() { future.Join2(hundred[0], hundred[1]) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testing.AllocsPerRun(1000, tt.fn)
			assert.LessOrEqual(t, got, tt.max)
		})
	}
}

var _, hundred = promises(100)

// bytesPer returns the bytes the heap grows by, per item, when make(n)
// builds n items that are still reachable.
func bytesPer(n int, make func(n int) any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := make(n)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// A pending future costs at most 96 bytes.
func TestPendingFutureBytes(t *testing.T) {
	skipIfCounting(t)
	got := bytesPer(100_000, func(n int) any {
		ps := make([]*promise.Promise[int], n)
		for i := range ps {
			ps[i] = promise.New[int]()
		}
		return ps
	})
	assert.LessOrEqual(t, got-8, 96.0, "bytes per pending future, less the slice that holds it")
}

// All over a million pending futures costs at most 320 bytes a future,
// the futures included, and at most two goroutines.
func TestAllPendingBytes(t *testing.T) {
	skipIfCounting(t)
	if testing.Short() {
		t.Skip("allocates a million futures")
	}
	const n = 1_000_000
	goroutines := runtime.NumGoroutine()
	var ps []*promise.Promise[int]
	var all *future.Future[[]int]
	got := bytesPer(n, func(n int) any {
		var fs []*future.Future[int]
		ps, fs = promises(n)
		all = future.All(fs...)
		return nil
	})
	assert.LessOrEqual(t, runtime.NumGoroutine()-goroutines, 2)
	assert.LessOrEqual(t, got, 320.0, "bytes per future")
	t.Logf("%.0f bytes per future", got)
	for i, p := range ps {
		p.Resolve(i)
	}
	vals, err := all.Await(t.Context())
	assert.NoError(t, err)
	assert.Len(t, vals, n)
}
