package pool_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// A pool starts no goroutine before its first task, and has none left once
// Close returns.
func TestNoGoroutinesBeforeOrAfter(t *testing.T) {
	defer goleak.VerifyNone(t)
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(4, pool.WithContext(t.Context()))
		assert.Empty(t, poolGoroutines())

		for range 10 {
			require.NoError(t, p.Go(t.Context(), func(context.Context) { time.Sleep(time.Second) }))
		}
		synctest.Wait() // so that no goroutine is still starting
		assert.Len(t, poolGoroutines(), 4)
		require.NoError(t, p.Close(t.Context()))
		synctest.Wait()
		assert.Empty(t, poolGoroutines())
	})
}

// Close lets the queued tasks run, refuses new ones and the blocked
// submitters, and returns once every task has returned.
func TestCloseDrains(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(2, pool.WithQueueSize(4))
		var fs []*future.Future[int]
		for i := range 6 {
			fs = append(fs, pool.Submit(t.Context(), p, func(context.Context) (int, error) {
				time.Sleep(time.Second)
				return i, nil
			}))
		}
		blocked := make(chan error, 1)
		go func() { blocked <- p.Go(t.Context(), func(context.Context) {}) }()
		synctest.Wait()

		start := time.Now()
		require.NoError(t, p.Close(t.Context()))
		assert.Equal(t, 3*time.Second, time.Since(start), "three rounds of two tasks")
		assert.Equal(t, pool.ErrClosed, <-blocked)
		for i, f := range fs {
			v, err, _ := peek(f)
			assert.Equal(t, i, v)
			assert.NoError(t, err)
		}
		assert.Equal(t, pool.Stats{Submitted: 7, Succeeded: 6, Rejected: 1, Size: 2}, p.Stats())
	})
}

func peek[T any](f *future.Future[T]) (T, error, bool) {
	r, ok := f.Peek()
	return r.Value, r.Err, ok
}

// Close gives up waiting when its context is done, and the pool drains on.
func TestCloseContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1)
		f := pool.Submit(t.Context(), p, func(context.Context) (int, error) {
			time.Sleep(time.Minute)
			return 1, nil
		})
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		assert.Equal(t, context.DeadlineExceeded, p.Close(ctx))
		assert.Equal(t, time.Second, time.Since(start))
		require.NoError(t, p.Close(t.Context()))
		v, err, ok := peek(f)
		assert.True(t, ok)
		assert.Equal(t, 1, v)
		assert.NoError(t, err)
		assert.Equal(t, time.Minute, time.Since(start))
	})
}

// Abort fails the queued tasks with the cause, without running them, and
// cancels the running ones' contexts with it; Close then returns once they
// have returned.
func TestAbort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(2, pool.WithQueueSize(4))
		var fs []*future.Future[int]
		for range 2 {
			fs = append(fs, pool.Submit(t.Context(), p, blocked))
		}
		var ran atomic.Int32
		for range 3 {
			fs = append(fs, pool.Submit(t.Context(), p, func(context.Context) (int, error) { ran.Add(1); return 1, nil }))
		}
		goRan := false
		require.NoError(t, p.Go(t.Context(), func(context.Context) { goRan = true }), "queued")
		blockedSubmit := make(chan error, 1)
		go func() { blockedSubmit <- p.Go(t.Context(), func(context.Context) { goRan = true }) }()
		synctest.Wait()

		p.Abort(errCause)
		p.Abort(errBoom) // only the first counts
		for _, f := range fs[2:] {
			_, err, ok := peek(f)
			assert.True(t, ok, "queued futures fail before Abort returns")
			assert.Equal(t, errCause, err)
		}
		assert.Equal(t, pool.ErrClosed, <-blockedSubmit)
		require.NoError(t, p.Close(t.Context()))
		for _, f := range fs[:2] {
			_, err, _ := peek(f)
			assert.Equal(t, errCause, err, "running tasks see the cause")
		}
		assert.Zero(t, ran.Load())
		assert.False(t, goRan)
		s := p.Stats()
		assert.Equal(t, uint64(4), s.Canceled)
		assert.Equal(t, uint64(2), s.Failed)
		assert.Equal(t, uint64(1), s.Rejected)
		addsUp(t, s)
		assert.Equal(t, pool.ErrClosed, p.Go(t.Context(), func(context.Context) {}))
	})
}

// Abort with no cause fails the queued tasks with ErrClosed.
func TestAbortWithoutCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1)
		running := pool.Submit(t.Context(), p, blocked)
		queued := pool.Submit(t.Context(), p, value(1))
		synctest.Wait()
		p.Abort(nil)
		require.NoError(t, p.Close(t.Context()))
		for _, f := range []*future.Future[int]{running, queued} {
			_, err, _ := peek(f)
			assert.Equal(t, pool.ErrClosed, err)
		}
	})
}

// When the pool's context ends, the pool aborts with its cause.
func TestWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		p := pool.New(1, pool.WithContext(ctx))
		running := pool.Submit(t.Context(), p, blocked)
		queued := pool.Submit(t.Context(), p, value(1))
		synctest.Wait()
		cancel(errCause)
		require.NoError(t, p.Close(t.Context()))
		for _, f := range []*future.Future[int]{running, queued} {
			_, err, _ := peek(f)
			assert.Equal(t, errCause, err)
		}

		done, cancel2 := context.WithCancelCause(t.Context())
		cancel2(errBoom)
		p = pool.New(1, pool.WithContext(done))
		_, err := pool.Submit(t.Context(), p, value(1)).Await(t.Context())
		assert.Equal(t, pool.ErrClosed, err, "a pool whose context is done is closed from the start")
		require.NoError(t, p.Close(t.Context()))
	})
}

// Several goroutines calling Close and Abort at once all return, once the
// tasks are done.
func TestConcurrentClose(t *testing.T) {
	for round := range 100 {
		p := pool.New(4)
		gate := make(chan struct{})
		for range 8 {
			require.NoError(t, p.Go(t.Context(), func(context.Context) { <-gate }))
		}
		var wg sync.WaitGroup
		closed := make(chan struct{}, 8)
		for i := range 8 {
			wg.Go(func() {
				if i == round%8 {
					p.Abort(nil)
				}
				assert.NoError(t, p.Close(t.Context()))
				closed <- struct{}{}
			})
		}
		close(gate)
		wg.Wait()
		assert.Len(t, closed, 8)
	}
}

// 10,000 submits racing Close give no data race and no hang, and each one
// either ran or failed with ErrClosed. Close is called from the middle of
// the submitting, once the first submitter is halfway through.
func TestSubmitsRaceClose(t *testing.T) {
	const submitters, each = 100, 100
	p := pool.New(4, pool.WithQueueSize(16))
	var wg sync.WaitGroup
	fs := make([]*future.Future[int], submitters*each)
	var goErrs, goRan atomic.Int64
	start, halfway := make(chan struct{}), make(chan struct{})
	for s := range submitters {
		wg.Go(func() {
			<-start
			for i := range each {
				if s == 0 && i == each/2 {
					close(halfway)
				}
				if i%2 == 0 {
					fs[s*each+i] = pool.Submit(t.Context(), p, value(1))
				} else if p.Go(t.Context(), func(context.Context) { goRan.Add(1) }) != nil {
					goErrs.Add(1)
				}
			}
		})
	}
	close(start)
	<-halfway
	require.NoError(t, p.Close(t.Context()))
	wg.Wait()
	ran := goRan.Load()
	for _, f := range fs {
		if f == nil {
			continue
		}
		v, err := settles(t, f)
		if err != nil {
			require.Equal(t, pool.ErrClosed, err)
		} else {
			require.Equal(t, 1, v)
			ran++
		}
	}
	s := p.Stats()
	assert.Equal(t, uint64(submitters*each), s.Submitted)
	assert.Equal(t, uint64(ran), s.Succeeded)
	assert.Equal(t, s.Submitted, s.Succeeded+s.Rejected)
	assert.Equal(t, int64(submitters*each/2)-goRan.Load(), goErrs.Load())
	assert.NotZero(t, ran, "some tasks must run before the pool closes")
	t.Logf("%d of %d tasks ran before the pool closed", ran, s.Submitted)
}

// Wait returns once nothing runs, is queued or blocked, and leaves the pool
// open for more.
func TestWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(2, pool.WithQueueSize(1))
		require.NoError(t, p.Wait(t.Context()), "an unused pool is quiet")
		for round := range 2 {
			start := time.Now()
			for range 4 {
				go p.Go(t.Context(), func(context.Context) { time.Sleep(time.Second) })
			}
			synctest.Wait()
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() { assert.NoError(t, p.Wait(t.Context())) })
			}
			wg.Wait()
			assert.Equal(t, 2*time.Second, time.Since(start), "round %d", round)
			assert.Equal(t, uint64(4*(round+1)), p.Stats().Succeeded)
		}

		require.NoError(t, p.Go(t.Context(), func(context.Context) { time.Sleep(time.Hour) }))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		assert.Equal(t, context.DeadlineExceeded, p.Wait(ctx))
		require.NoError(t, p.Close(t.Context()))
	})
}
