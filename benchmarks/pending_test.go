package benchmarks

import (
	"context"
	"runtime"
	"testing"

	"github.com/reugn/async"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// pendingBatch is the number of pending values BenchmarkPendingFuture
// keeps alive, and counts bytes/future over.
const pendingBatch = 100_000

// BenchmarkPendingFuture measures the memory of one pending value.
// impl=channel, a buffered channel of size 1, is the baseline. Each op
// makes one and keeps it in a ring of pendingBatch, so it escapes and stays
// alive. bytes/future is the heap allocated, per value, for a batch of
// pendingBatch of them, from runtime.MemStats.TotalAlloc: a steadier figure
// than B/op, and the size class the value really takes.
func BenchmarkPendingFuture(b *testing.B) {
	for _, im := range pendingImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			keep := make([]any, pendingBatch)
			i := 0
			for b.Loop() {
				keep[i%pendingBatch] = im.run()
				i++
			}
			b.ReportMetric(bytesPer(keep, im.run), "bytes/future")
		})
	}
}

var pendingImpls = []impl[func() any]{
	{"channel", func() any { return make(chan int, 1) }},
	{"promise", func() any { return promise.New[int]() }},
	{"chebyrash", pendingChebyrash},
	{"reugn", func() any { return async.NewPromise[int]() }},
	{"mo", pendingMo},
}

// pendingN is the number of pending futures of BenchmarkAllPending.
const pendingN = 1_000_000

// BenchmarkAllPending registers future.All over a million pending promises,
// then resolves them all and awaits the All. Each op is the whole million.
//
// It has only impl=future: no hand-written baseline is meaningful, since
// without futures a million pending values waiting on one result takes a
// goroutine each (or is an array and a counter, which is what All is).
//
// bytes/future is the heap allocated, from runtime.MemStats.TotalAlloc, for
// the promises and the All, divided by the number of promises; the slices
// that hold the promises and futures are the caller's and not counted.
// goroutines-added is runtime.NumGoroutine right after All has registered
// minus right before the promises were made, the largest over iterations.
func BenchmarkAllPending(b *testing.B) {
	ctx := context.Background()
	b.Run("impl=future", func(b *testing.B) {
		b.ReportAllocs()
		var bytes uint64
		added, iters := 0, 0
		for b.Loop() {
			r := allPending(ctx, pendingN)
			if r.sum != triangle(pendingN) || r.err != nil {
				b.Fatalf("got sum %d, %v; want %d, <nil>", r.sum, r.err, triangle(pendingN))
			}
			bytes += r.bytes
			added = max(added, r.added)
			iters++
		}
		b.ReportMetric(float64(bytes)/float64(iters)/pendingN, "bytes/future")
		b.ReportMetric(float64(added), "goroutines-added")
	})
}

// An allPendingResult is what allPending measured.
type allPendingResult struct {
	sum   int    // the sum of the All's values
	err   error  // the All's error
	bytes uint64 // heap allocated for the promises and the All
	added int    // goroutines added by registering the All
}

// allPending makes n pending promises, registers All over their futures,
// resolves promise i with i and awaits the All.
func allPending(ctx context.Context, n int) allPendingResult {
	ps := make([]*promise.Promise[int], n)
	fs := make([]*future.Future[int], n)
	before, goroutines := allocated(), runtime.NumGoroutine()
	for i := range ps {
		ps[i] = promise.New[int]()
		fs[i] = ps[i].Future()
	}
	all := future.All(fs...)
	r := allPendingResult{added: runtime.NumGoroutine() - goroutines}
	r.bytes = allocated() - before
	for i, p := range ps {
		p.Resolve(i)
	}
	vals, err := all.Await(ctx)
	r.sum, r.err = sum(vals), err
	return r
}
