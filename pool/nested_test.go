package pool_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// depth returns a task that submits a task to p and awaits it, n levels
// deep, and returns n.
func depth(p *pool.Pool, n int) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		if n == 0 {
			return 0, nil
		}
		v, err := pool.Submit(ctx, p, depth(p, n-1)).Await(ctx)
		return v + 1, err
	}
}

// A task that submits to its own full pool and awaits the result does not
// deadlock it: under Block and CallerRuns the inner task runs on the
// submitting task's goroutine, ten levels deep on a pool of one, and with
// every worker of a pool of four doing it at once.
func TestNestedSubmitDoesNotDeadlock(t *testing.T) {
	for _, policy := range []pool.FullPolicy{pool.Block, pool.CallerRuns} {
		for _, size := range []int{1, 4} {
			for _, queue := range []int{0, 1, 64} {
				t.Run(fmt.Sprintf("policy=%s/size=%d/queue=%d", policyNames[policy], size, queue), func(t *testing.T) {
					synctest.Test(t, func(t *testing.T) {
						p := pool.New(size, pool.WithQueueSize(queue), pool.WithFullPolicy(policy))
						var fs []*future.Future[int]
						for range size {
							fs = append(fs, pool.Submit(t.Context(), p, depth(p, 10)))
						}
						vals, err := future.All(fs...).Await(t.Context())
						require.NoError(t, err)
						for _, v := range vals {
							assert.Equal(t, 10, v)
						}
						require.NoError(t, p.Close(t.Context()))
						s := p.Stats()
						assert.Equal(t, uint64(11*size), s.Succeeded)
						addsUp(t, s)
					})
				})
			}
		}
	}
}

// Under Reject, and with TrySubmit and TryGo, a nested submit that finds
// no free worker fails at once with ErrFull instead of queueing behind its
// own task.
func TestNestedSubmitRejects(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1, pool.WithFullPolicy(pool.Reject))
		errs, err := pool.Submit(t.Context(), p, func(ctx context.Context) ([]error, error) {
			_, err1 := pool.Submit(ctx, p, value(1)).Await(ctx)
			err2 := p.Go(ctx, func(context.Context) {})
			return []error{err1, err2}, nil
		}).Await(t.Context())
		require.NoError(t, err)
		assert.Equal(t, []error{pool.ErrFull, pool.ErrFull}, errs)

		q := pool.New(1)
		errs, err = pool.Submit(t.Context(), q, func(ctx context.Context) ([]error, error) {
			_, err1 := pool.TrySubmit(ctx, q, value(1))
			return []error{err1, q.TryGo(ctx, func(context.Context) {})}, nil
		}).Await(t.Context())
		require.NoError(t, err)
		assert.Equal(t, []error{pool.ErrFull, pool.ErrFull}, errs)
		require.NoError(t, p.Close(t.Context()))
		require.NoError(t, q.Close(t.Context()))
	})
}

// A nested submit that finds a free worker hands the task to it.
func TestNestedSubmitUsesFreeWorker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(2)
		var outer, inner sync.WaitGroup
		outer.Add(1)
		inner.Add(1)
		f := pool.Submit(t.Context(), p, func(ctx context.Context) (int, error) {
			// The inner task can only finish if it runs beside this one.
			g := pool.Submit(ctx, p, func(context.Context) (int, error) { inner.Done(); outer.Wait(); return 1, nil })
			inner.Wait()
			outer.Done()
			return g.Await(ctx)
		})
		v, err := f.Await(t.Context())
		assert.Equal(t, 1, v)
		assert.NoError(t, err)
		require.NoError(t, p.Close(t.Context()))
	})
}

// future.All over the futures of a one-worker pool settles, from outside
// the pool and from inside one of its tasks.
func TestAllOverOneWorker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1, pool.WithQueueSize(0))
		var fs []*future.Future[int]
		for i := range 10 {
			fs = append(fs, pool.Submit(t.Context(), p, value(i)))
		}
		vals, err := future.All(fs...).Await(t.Context())
		require.NoError(t, err)
		assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, vals)

		sum, err := pool.Submit(t.Context(), p, func(ctx context.Context) (int, error) {
			var fs []*future.Future[int]
			for i := range 10 {
				fs = append(fs, pool.Submit(ctx, p, value(i)))
			}
			vals, err := future.All(fs...).Await(ctx)
			total := 0
			for _, v := range vals {
				total += v
			}
			return total, err
		}).Await(t.Context())
		require.NoError(t, err)
		assert.Equal(t, 45, sum)
		require.NoError(t, p.Close(t.Context()))
	})
}
