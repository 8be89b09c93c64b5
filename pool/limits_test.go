package pool_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// Over ten times size tasks, no more than size run at once, and the pool
// uses all of them: forty one-second tasks on four workers take exactly
// ten seconds.
func TestConcurrencyNeverExceedsSize(t *testing.T) {
	const size, tasks = 4, 40
	for _, how := range []string{"Submit", "Go"} {
		t.Run(how, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := pool.New(size, pool.WithQueueSize(tasks))
				var g gauge
				work := func(context.Context) {
					g.enter()
					defer g.leave()
					time.Sleep(time.Second)
				}
				start := time.Now()
				for range tasks {
					if how == "Go" {
						require.NoError(t, p.Go(t.Context(), work))
					} else {
						pool.Submit(t.Context(), p, func(ctx context.Context) (int, error) { work(ctx); return 0, nil })
					}
				}
				require.NoError(t, p.Close(t.Context()))
				assert.Equal(t, int64(size), g.peak.Load())
				assert.Equal(t, tasks/size*time.Second, time.Since(start))
			})
		})
	}
}

// For queues of 0, 1 and 8 slots and each full policy, a pool of two is
// full once two tasks run and the queue holds its size; then the next
// submit blocks, fails with ErrFull, or runs on the caller, and TrySubmit
// always fails with ErrFull. Once the tasks are let go, everything that
// was accepted runs, and the counts add up.
func TestFullPolicies(t *testing.T) {
	const size = 2
	for _, queue := range []int{0, 1, 8} {
		for _, policy := range []pool.FullPolicy{pool.Block, pool.Reject, pool.CallerRuns} {
			t.Run(fmt.Sprintf("queue=%d/policy=%s", queue, policyNames[policy]), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					testFull(t, size, queue, policy)
				})
			})
		}
	}
}

func testFull(t *testing.T, size, queue int, policy pool.FullPolicy) {
	p := pool.New(size, pool.WithQueueSize(queue), pool.WithFullPolicy(policy))
	gate := make(chan struct{})
	var fs []*future.Future[int]
	for i := range size + queue {
		f, err := pool.TrySubmit(t.Context(), p, gated(gate, i))
		require.NoError(t, err)
		fs = append(fs, f)
	}
	synctest.Wait()
	s := p.Stats()
	assert.Equal(t, size, s.Running)
	assert.Equal(t, queue, s.Queued)

	f, err := pool.TrySubmit(t.Context(), p, value(-1))
	assert.Equal(t, pool.ErrFull, err)
	_, ferr := f.Await(t.Context())
	assert.Equal(t, pool.ErrFull, ferr)
	assert.Equal(t, pool.ErrFull, p.TryGo(t.Context(), func(context.Context) {}))

	var ranOnCaller atomic.Bool
	accepted := make(chan error, 1)
	go func() {
		accepted <- p.Go(t.Context(), func(context.Context) { ranOnCaller.Store(true) })
	}()
	synctest.Wait()
	switch policy {
	case pool.Block:
		assert.Equal(t, 1, p.Stats().Blocked, "the submit must wait for room")
		assert.Empty(t, accepted)
	case pool.Reject:
		assert.Equal(t, pool.ErrFull, <-accepted)
	case pool.CallerRuns:
		assert.NoError(t, <-accepted)
		assert.True(t, ranOnCaller.Load(), "the task must run before Go returns")
	}

	close(gate)
	for i, f := range fs {
		v, err := f.Await(t.Context())
		assert.Equal(t, i, v)
		assert.NoError(t, err)
	}
	if policy == pool.Block {
		assert.NoError(t, <-accepted)
	}
	require.NoError(t, p.Close(t.Context()))
	s = p.Stats()
	addsUp(t, s)
	wantRejected := uint64(2)
	if policy == pool.Reject {
		wantRejected = 3
	}
	assert.Equal(t, wantRejected, s.Rejected)
	assert.Equal(t, s.Submitted-wantRejected, s.Succeeded)
}

// A submit blocked on a full pool returns at its context's deadline
// exactly, with the context's cause, and leaves the pool as it was.
func TestBlockedSubmitDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1, pool.WithQueueSize(0))
		gate := make(chan struct{})
		running := pool.Submit(t.Context(), p, gated(gate, 1))

		ctx, cancel := context.WithTimeoutCause(t.Context(), 2*time.Second, errCause)
		defer cancel()
		start := time.Now()
		ran := false
		_, err := pool.Submit(ctx, p, func(context.Context) (int, error) { ran = true; return 2, nil }).Await(t.Context())
		assert.Equal(t, errCause, err)
		assert.Equal(t, 2*time.Second, time.Since(start))
		assert.Equal(t, errCause, p.Go(ctx, func(context.Context) { ran = true }), "a done context fails at once")
		assert.Equal(t, 2*time.Second, time.Since(start))

		close(gate)
		_, err = running.Await(t.Context())
		require.NoError(t, err)
		require.NoError(t, p.Close(t.Context()))
		assert.False(t, ran)
		s := p.Stats()
		assert.Equal(t, uint64(2), s.Canceled)
		assert.Equal(t, 0, s.Blocked)
		addsUp(t, s)
	})
}

// Blocked submitters are let in first come, first served.
func TestBlockedSubmittersAreFIFO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1, pool.WithQueueSize(1))
		gate := make(chan struct{})
		pool.Submit(t.Context(), p, gated(gate, 0))
		pool.Submit(t.Context(), p, gated(gate, 0))
		var order []int
		for i := range 5 {
			go p.Go(t.Context(), func(context.Context) { order = append(order, i) })
			synctest.Wait() // let each one block before the next
		}
		close(gate)
		require.NoError(t, p.Wait(t.Context()))
		assert.Equal(t, []int{0, 1, 2, 3, 4}, order)
		require.NoError(t, p.Close(t.Context()))
	})
}

// A blocked submit whose context ends just as a slot frees either fails
// with the cause, or is accepted; an accepted task then runs, or, if its
// context ended before it started, fails with the cause too. Its future
// tells the truth either way: it has a value exactly when the task ran.
// After 10,000 such races the pool has exactly the capacity it started
// with.
func TestCancelRacesFreeSlot(t *testing.T) {
	rounds := 10_000
	if testing.Short() {
		rounds = 1000
	}
	synctest.Test(t, func(t *testing.T) {
		const size, queue = 1, 1
		p := pool.New(size, pool.WithQueueSize(queue))
		ran := 0
		for range rounds {
			gate := make(chan struct{})
			require.NoError(t, p.TryGo(t.Context(), func(context.Context) { <-gate }))
			require.NoError(t, p.TryGo(t.Context(), func(context.Context) {}))
			ctx, cancel := context.WithCancelCause(t.Context())
			var called atomic.Bool
			fc := make(chan *future.Future[int], 1)
			go func() {
				fc <- pool.Submit(ctx, p, func(context.Context) (int, error) { called.Store(true); return 1, nil })
			}()
			synctest.Wait()
			require.Equal(t, 1, p.Stats().Blocked)

			go cancel(errCause)
			close(gate)
			v, err := (<-fc).Await(t.Context())
			require.NoError(t, p.Wait(t.Context()))
			require.Equal(t, err == nil, called.Load(), "a value must mean the task ran: %v, %v", v, err)
			if err == nil {
				ran++
			} else {
				require.Equal(t, errCause, err)
			}
		}
		t.Logf("%d of %d racing tasks ran", ran, rounds)
		assertCapacity(t, p, size+queue)
		require.NoError(t, p.Close(t.Context()))
		s := p.Stats()
		addsUp(t, s)
		assert.Equal(t, uint64(rounds-ran), s.Canceled)
	})
}

// assertCapacity checks that exactly n tasks fit in p without blocking.
func assertCapacity(t *testing.T, p *pool.Pool, n int) {
	t.Helper()
	gate := make(chan struct{})
	for i := range n {
		require.NoError(t, p.TryGo(t.Context(), func(context.Context) { <-gate }), "task %d of %d", i+1, n)
	}
	assert.Equal(t, pool.ErrFull, p.TryGo(t.Context(), func(context.Context) {}))
	close(gate)
	require.NoError(t, p.Wait(t.Context()))
}

// Growing the pool starts workers for the queue at once, which lets the
// blocked submitters in; shrinking it stops idle workers at once and busy
// ones as their tasks return.
func TestResize(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1, pool.WithQueueSize(1))
		gate := make(chan struct{})
		var g gauge
		task := func(context.Context) {
			g.enter()
			defer g.leave()
			<-gate
		}
		for range 4 {
			go p.Go(t.Context(), task)
		}
		synctest.Wait()
		assert.Equal(t, pool.Stats{Submitted: 4, Running: 1, Queued: 1, Blocked: 2, Workers: 1, Size: 1}, p.Stats())

		require.NoError(t, p.Resize(4))
		synctest.Wait()
		assert.Equal(t, pool.Stats{Submitted: 4, Running: 4, Workers: 4, Size: 4}, p.Stats())
		assert.Equal(t, int64(4), g.now.Load())

		require.NoError(t, p.Resize(2))
		close(gate)
		require.NoError(t, p.Wait(t.Context()))
		synctest.Wait()
		s := p.Stats()
		assert.Equal(t, 2, s.Workers, "busy workers beyond the size exit as their tasks return")
		assert.Equal(t, 2, s.Idle)

		require.NoError(t, p.Resize(1))
		assert.Equal(t, 1, p.Stats().Workers, "idle workers beyond the size exit at once")
		g.peak.Store(0)
		gate = make(chan struct{})
		for range 3 {
			go p.Go(t.Context(), task)
		}
		synctest.Wait()
		assert.Equal(t, int64(1), g.now.Load())
		close(gate)
		require.NoError(t, p.Close(t.Context()))
		assert.Equal(t, int64(1), g.peak.Load())
		assert.ErrorIs(t, p.Resize(0), pool.ErrInvalid)
		assert.ErrorIs(t, pool.New(1).Resize(-1), pool.ErrInvalid)
	})
}

// Once its tasks are done, a pool's workers wait for between one and two
// idle timeouts and then exit; the pool starts new ones for new tasks. A
// worker's checks start when it first becomes idle, so here, where all
// become idle at once, they exit at two timeouts exactly.
func TestIdleWorkersExpire(t *testing.T) {
	for _, idle := range []time.Duration{0, time.Second, time.Minute} {
		t.Run(fmt.Sprint(idle), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				opts := []pool.Option{pool.WithIdleTimeout(idle)}
				if idle == time.Second {
					opts = nil // the default
				}
				p := pool.New(3, opts...)
				for range 2 {
					gate := make(chan struct{})
					for range 3 {
						require.NoError(t, p.Go(t.Context(), func(context.Context) { <-gate }))
					}
					close(gate)
					require.NoError(t, p.Wait(t.Context()))
					synctest.Wait()
					if idle > 0 {
						assert.Equal(t, 3, p.Stats().Workers)
						time.Sleep(2*idle - time.Nanosecond)
						synctest.Wait()
						assert.Equal(t, 3, p.Stats().Idle, "no worker may exit early")
						time.Sleep(time.Nanosecond)
						synctest.Wait()
					}
					assert.Equal(t, 0, p.Stats().Workers)
					assert.Empty(t, poolGoroutines())
				}
			})
		})
	}
}

// A worker's idle time starts again each time it becomes idle: one used
// every half timeout never expires, and exits between one and two
// timeouts after its last task.
func TestIdleTimeoutRestartsOnWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const idle = time.Second
		p := pool.New(1, pool.WithIdleTimeout(idle))
		var last time.Time
		for range 10 {
			require.NoError(t, p.Go(t.Context(), func(context.Context) {}))
			require.NoError(t, p.Wait(t.Context()))
			synctest.Wait()
			last = time.Now()
			time.Sleep(idle / 2)
			assert.Equal(t, 1, p.Stats().Workers)
		}
		time.Sleep(time.Until(last.Add(idle)) - time.Nanosecond)
		synctest.Wait()
		assert.Equal(t, 1, p.Stats().Workers, "no exit before one timeout")
		time.Sleep(idle + time.Nanosecond)
		synctest.Wait()
		assert.Equal(t, 0, p.Stats().Workers, "exit by two timeouts")
		assert.Empty(t, poolGoroutines())
	})
}

var policyNames = map[pool.FullPolicy]string{pool.Block: "block", pool.Reject: "reject", pool.CallerRuns: "callerRuns"}
