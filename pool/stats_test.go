package pool_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/pool"
)

// After a run that mixes every outcome, the counts are each what they
// should be, and add up.
func TestStatsAfterMixedRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(2, pool.WithQueueSize(2), pool.WithFullPolicy(pool.Reject), pool.WithUnhandled(nil))
		gate := make(chan struct{})
		ctx, cancel := context.WithCancel(t.Context())
		pool.Submit(t.Context(), p, gated(gate, 1))                                          // succeeds
		require.NoError(t, p.Go(t.Context(), func(context.Context) { <-gate; panic("go") })) // panics
		pool.Submit(t.Context(), p, failure(errBoom))                                        // fails
		pool.Submit(ctx, p, value(1))                                                        // canceled while queued
		assert.Equal(t, pool.ErrFull, p.Go(t.Context(), func(context.Context) {}))           // rejected: full
		pool.Submit[int](ctx, p, nil)                                                        // rejected: nil function
		assert.Equal(t, pool.Stats{Submitted: 6, Rejected: 2, Running: 2, Queued: 2, Workers: 2, Size: 2}, p.Stats())
		cancel()
		close(gate)
		require.NoError(t, p.Wait(t.Context()))
		pool.Submit(ctx, p, value(1))                                                                       // canceled at submit
		pool.Submit(t.Context(), p, func(context.Context) (int, error) { runtime.Goexit(); return 0, nil }) // goexits
		pool.Submit(t.Context(), p, func(context.Context) (int, error) { panic("submit") })                 // panics
		require.NoError(t, p.Close(t.Context()))
		assert.Equal(t, pool.ErrClosed, p.Go(t.Context(), func(context.Context) {})) // rejected: closed

		s := p.Stats()
		assert.Equal(t, pool.Stats{
			Submitted: 10, Rejected: 3, Canceled: 2, Succeeded: 1, Failed: 1, Panicked: 2, Goexited: 1, Size: 2,
		}, s)
		addsUp(t, s)
	})
}

// The counts add up at every moment, not only at rest.
func TestStatsAddUpUnderLoad(t *testing.T) {
	p := newPool(t, 2, pool.WithQueueSize(4), pool.WithUnhandled(nil))
	var wg sync.WaitGroup
	for s := range 8 {
		wg.Go(func() {
			for i := range 200 {
				ctx, cancel := context.WithCancel(t.Context())
				if (s+i)%5 == 0 {
					cancel()
				}
				switch i % 4 {
				case 0:
					pool.Submit(ctx, p, failure(errBoom))
				case 1:
					_ = p.TryGo(ctx, func(context.Context) {})
				case 2:
					_ = p.Go(ctx, func(context.Context) { panic("boom") })
				default:
					pool.Submit(ctx, p, value(i))
				}
				cancel()
			}
		})
	}
	for range 100 {
		addsUp(t, p.Stats())
	}
	wg.Wait()
	require.NoError(t, p.Wait(t.Context()))
	s := p.Stats()
	addsUp(t, s)
	assert.Equal(t, uint64(8*200), s.Submitted)
}
