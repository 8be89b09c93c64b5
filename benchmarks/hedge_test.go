package benchmarks

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/retry"
)

// BenchmarkHedge makes a hedged call: two attempts start at once, the first
// hangs until it is canceled, the other answers, and the answer is taken
// and the hanging attempt canceled. impl=handwritten, two goroutines and
// a canceled context, is the baseline; impl=hedge is retry.Hedge and
// impl=failsafe is failsafe-go's hedge policy. None of them waits for the
// canceled attempt to return.
//
// leftover-goroutines is how many more goroutines run after the loop than
// before it, once the canceled attempts have had time to return: 0 if
// every loser was released.
func BenchmarkHedge(b *testing.B) {
	ctx := context.Background()
	for _, im := range hedgeImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			base := runtime.NumGoroutine()
			for b.Loop() {
				if v, err := im.run(ctx, hangFirst()); v != winnerValue || err != nil {
					b.Fatalf("got %d, %v; want %d, <nil>", v, err, winnerValue)
				}
			}
			b.ReportMetric(float64(goroutinesAbove(base)), "leftover-goroutines")
		})
	}
}

var hedgeImpls = []impl[func(context.Context, task) (int, error)]{
	{"handwritten", hedgeHandwritten},
	{"hedge", hedgeRetry},
	{"failsafe", hedgeFailsafe},
}

// hangFirst returns a task whose first call blocks until its context is
// canceled, and whose later calls return winnerValue at once.
func hangFirst() task {
	var n atomic.Int32
	return func(ctx context.Context) (int, error) {
		if n.Add(1) == 1 {
			<-ctx.Done()
			return 0, context.Cause(ctx)
		}
		return winnerValue, nil
	}
}

// hedgeHandwritten starts two attempts at once and returns the first
// success, or the last error, canceling the other attempt.
func hedgeHandwritten(ctx context.Context, fn task) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(future.ErrLost)
	results := make(chan result, 2)
	for range 2 {
		go func() {
			v, err := fn(ctx)
			results <- result{v, err}
		}()
	}
	var last result
	for range 2 {
		if last = <-results; last.err == nil {
			break
		}
	}
	return last.v, last.err
}

func hedgeRetry(ctx context.Context, fn task) (int, error) {
	return retry.Hedge(ctx, retry.HedgePolicy{MaxHedges: 1}, fn)
}
