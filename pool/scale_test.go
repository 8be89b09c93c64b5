package pool_test

import (
	"context"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// A million tasks with a future each, through 8 workers and a queue of
// 1,024, awaited in batches: the pool never runs more than its workers,
// and leaves nothing behind. The race detector gets a tenth of the tasks.
func TestLongFanOut(t *testing.T) {
	const workers, queue, batch = 8, 1024, 10_000
	n := 1_000_000
	if raceEnabled || testing.Short() {
		n /= 10
	}
	base := runtime.NumGoroutine()
	p := pool.New(workers, pool.WithQueueSize(queue))
	ctx := t.Context()
	peak := 0
	fs := make([]*future.Future[int], batch)
	for start := 0; start < n; start += batch {
		for i := range fs {
			fs[i] = pool.Submit(ctx, p, value(start+i))
		}
		peak = max(peak, runtime.NumGoroutine()-base)
		for i, f := range fs {
			v, err := f.Await(ctx)
			require.NoError(t, err)
			require.Equal(t, start+i, v)
		}
	}
	require.NoError(t, p.Close(ctx))
	assert.LessOrEqual(t, peak, workers+2, "goroutines beyond the test's own")
	s := p.Stats()
	assert.Equal(t, uint64(n), s.Succeeded)
	assert.Equal(t, uint64(n), s.Submitted)
}

// A pool with every worker held and its queue full is closed by four
// goroutines at once: with Close alone every task runs, with an Abort
// first every queued task fails with the cause and none runs, and either
// way every future settles and every Close returns.
func TestCloseFullPool(t *testing.T) {
	const workers, queue, closers = 8, 1024, 4
	rounds := 50
	if raceEnabled || testing.Short() {
		rounds = 10
	}
	for _, abort := range []bool{false, true} {
		for range rounds {
			p := pool.New(workers, pool.WithQueueSize(queue))
			gate := make(chan struct{})
			var started, ran sync.WaitGroup
			started.Add(workers)
			fs := make([]*future.Future[int], workers+queue)
			for i := range fs {
				f, err := pool.TrySubmit(t.Context(), p, func(context.Context) (int, error) {
					if i < workers {
						started.Done()
					}
					<-gate
					return i, nil
				})
				require.NoError(t, err)
				fs[i] = f
			}
			started.Wait() // a task whose context ends before it starts never runs
			if abort {
				p.Abort(errCause)
			}
			for range closers {
				ran.Go(func() { assert.NoError(t, p.Close(t.Context())) })
			}
			close(gate)
			ran.Wait()
			for i, f := range fs {
				v, err, ok := peek(f)
				require.True(t, ok, "future %d is pending after Close", i)
				switch {
				case i < workers:
					require.NoError(t, err) // running tasks ignore their context here
					require.Equal(t, i, v)
				case abort:
					require.Equal(t, errCause, err)
				default:
					require.NoError(t, err)
				}
			}
			addsUp(t, p.Stats())
		}
	}
}
