package pool_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/pool"
)

// skipIfCounting skips tests that count allocations, which the race
// detector changes.
func skipIfCounting(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
}

// Go costs no allocation and Submit one, on a warm pool, whether the task
// goes to an idle worker or through the queue; awaiting the future costs
// one more, for the channel Await blocks on.
func TestAllocs(t *testing.T) {
	skipIfCounting(t)
	ctx := context.Background()
	p := newPool(t, 1)
	done := make(chan struct{}, 1)
	signal := func(context.Context) { done <- struct{}{} }
	work := func(context.Context) (int, error) { done <- struct{}{}; return 1, nil }
	tests := []struct {
		name string
		max  float64
		fn   func()
	}{
		{"Go", 0, func() { p.Go(ctx, signal); <-done }},
		{"TryGo", 0, func() { p.TryGo(ctx, signal); <-done }},
		{"Submit", 1, func() { pool.Submit(ctx, p, work); <-done }},
		{"TrySubmit", 1, func() { pool.TrySubmit(ctx, p, work); <-done }},
		{"Submit and Await", 2, func() { pool.Submit(ctx, p, work).Await(ctx); <-done }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn() // warm the worker up
			got := testing.AllocsPerRun(1000, tt.fn)
			assert.LessOrEqual(t, got, tt.max)
		})
	}
}

// A stream of fire-and-forget tasks through the queue of a busy pool
// allocates nothing once the queue has grown.
func TestGoThroughQueueAllocs(t *testing.T) {
	skipIfCounting(t)
	ctx := context.Background()
	p := newPool(t, 2, pool.WithQueueSize(64))
	var n atomic.Int64
	task := func(context.Context) { n.Add(1) }
	batch := func() {
		for range 1000 {
			p.Go(ctx, task)
		}
		p.Wait(ctx)
	}
	batch()
	got := testing.AllocsPerRun(20, batch)
	assert.LessOrEqual(t, got/1000, 0.01, "allocations per task")
}

// The pool keeps no reference to a task once it has finished, whether it
// went through the queue, was blocked, or ran at once: what the function
// captured can be collected even while the future is kept.
func TestNoReferenceToFinishedTasks(t *testing.T) {
	p := newPool(t, 1, pool.WithQueueSize(1))
	gate := make(chan struct{})
	require.NoError(t, p.Go(t.Context(), func(context.Context) { <-gate }))

	var collected atomic.Int32
	capture := func() func(context.Context) (int, error) {
		buf := make([]byte, 1<<20)
		runtime.AddCleanup(&buf[0], func(n *atomic.Int32) { n.Add(1) }, &collected)
		return func(context.Context) (int, error) { return len(buf), nil }
	}
	queued := pool.Submit(t.Context(), p, capture())
	blockedGo := make(chan error)
	go func() {
		buf := make([]byte, 1<<20)
		runtime.AddCleanup(&buf[0], func(n *atomic.Int32) { n.Add(1) }, &collected)
		blockedGo <- p.Go(t.Context(), func(context.Context) { _ = len(buf) })
	}()
	for p.Stats().Blocked == 0 {
		runtime.Gosched() // wait for the submit to block; no sleep is needed
	}
	close(gate)
	require.NoError(t, <-blockedGo)
	v, err := queued.Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1<<20, v)
	direct := pool.Submit(t.Context(), p, capture())
	_, err = direct.Await(t.Context())
	require.NoError(t, err)
	require.NoError(t, p.Wait(t.Context()))

	for deadline := time.Now().Add(5 * time.Second); collected.Load() < 3 && time.Now().Before(deadline); {
		runtime.GC()
		runtime.Gosched()
	}
	assert.Equal(t, int32(3), collected.Load(), "every captured buffer must be collected")
	runtime.KeepAlive(queued)
	runtime.KeepAlive(direct)
}
