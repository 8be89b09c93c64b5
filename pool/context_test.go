package pool_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/pool"
)

type key struct{}

// A running task's context is canceled, with the cause, by the context it
// was submitted with, by Future.Cancel and by Abort; and, for a task with a
// future, once it returns.
func TestTaskContextCanceled(t *testing.T) {
	tests := []struct {
		name   string
		cancel func(cancelSub context.CancelCauseFunc, p *pool.Pool, f interface{ Cancel(error) })
	}{
		{"by the submit's context", func(c context.CancelCauseFunc, _ *pool.Pool, _ interface{ Cancel(error) }) { c(errCause) }},
		{"by Future.Cancel", func(_ context.CancelCauseFunc, _ *pool.Pool, f interface{ Cancel(error) }) { f.Cancel(errCause) }},
		{"by Abort", func(_ context.CancelCauseFunc, p *pool.Pool, _ interface{ Cancel(error) }) { p.Abort(errCause) }},
	}
	for _, tt := range tests {
		for _, sub := range []string{"cancelable", "background"} {
			t.Run(tt.name+"/"+sub, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					p := pool.New(1)
					ctx, cancel := context.WithCancelCause(context.Background())
					defer cancel(nil)
					if sub == "background" && tt.name != "by the submit's context" {
						ctx = context.Background()
					}
					var seen context.Context
					f := pool.Submit(ctx, p, func(ctx context.Context) (int, error) {
						seen = ctx
						return blocked(ctx)
					})
					synctest.Wait()
					tt.cancel(cancel, p, f)
					_, err := f.Await(t.Context())
					assert.Equal(t, errCause, err)
					assert.Equal(t, context.Canceled, seen.Err())
					assert.Equal(t, errCause, context.Cause(seen))
					require.NoError(t, p.Close(t.Context()))
				})
			})
		}
	}
}

// The context of a task with a future is canceled once the task returns,
// as a deferred cancel would.
func TestTaskContextCanceledOnReturn(t *testing.T) {
	p := newPool(t, 1)
	for _, look := range []bool{false, true} {
		var seen context.Context
		_, err := pool.Submit(t.Context(), p, func(ctx context.Context) (int, error) {
			if look {
				ctx.Done()
			}
			seen = ctx
			return 1, nil
		}).Await(t.Context())
		require.NoError(t, err)
		<-seen.Done()
		assert.Equal(t, context.Canceled, seen.Err())
	}
}

// A fire-and-forget task's context is done when the submit's context is,
// or the pool aborts, with the cause.
func TestGoContextCanceled(t *testing.T) {
	for _, byPool := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			p := pool.New(1)
			ctx, cancel := context.WithCancelCause(t.Context())
			defer cancel(nil)
			causes := make(chan error, 1)
			require.NoError(t, p.Go(ctx, func(ctx context.Context) {
				<-ctx.Done()
				causes <- context.Cause(ctx)
			}))
			synctest.Wait()
			if byPool {
				p.Abort(errCause)
			} else {
				cancel(errCause)
			}
			assert.Equal(t, errCause, <-causes)
			require.NoError(t, p.Close(t.Context()))
		})
	}
}

// A queued task whose context ends before it starts never runs: its future
// fails with the cause, and it counts as canceled.
func TestCanceledBeforeStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1)
		gate := make(chan struct{})
		first := pool.Submit(t.Context(), p, gated(gate, 0))

		ctx, cancel := context.WithCancelCause(t.Context())
		ran := false
		never := func(context.Context) (int, error) { ran = true; return 1, nil }
		bySubmit := pool.Submit(ctx, p, never)
		byCancel := pool.Submit(t.Context(), p, never)
		require.NoError(t, p.Go(ctx, func(context.Context) { ran = true }))
		synctest.Wait()
		assert.Equal(t, 3, p.Stats().Queued)

		cancel(errCause)
		byCancel.Cancel(errBoom)
		close(gate)
		_, err := bySubmit.Await(t.Context())
		assert.Equal(t, errCause, err)
		_, err = byCancel.Await(t.Context())
		assert.Equal(t, errBoom, err)
		_, err = first.Await(t.Context())
		require.NoError(t, err)
		require.NoError(t, p.Close(t.Context()))
		assert.False(t, ran)
		s := p.Stats()
		assert.Equal(t, uint64(3), s.Canceled)
		assert.Equal(t, uint64(1), s.Succeeded)
	})
}

// The task timeout starts when the task does: a task that waited a second
// in the queue, with a two-second timeout, is done three seconds after it
// was submitted. Its deadline says so, and is the earlier of its own and
// the submit context's.
func TestTaskTimeout(t *testing.T) {
	for _, how := range []string{"Submit", "Go"} {
		t.Run(how, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := pool.New(1, pool.WithTaskTimeout(2*time.Second))
				start := time.Now()
				require.NoError(t, p.Go(t.Context(), func(context.Context) { time.Sleep(time.Second) }))
				type seen struct {
					deadline time.Time
					err      error
					at       time.Duration
				}
				got := make(chan seen, 1)
				task := func(ctx context.Context) {
					d, _ := ctx.Deadline()
					<-ctx.Done()
					got <- seen{d, ctx.Err(), time.Since(start)}
				}
				if how == "Go" {
					require.NoError(t, p.Go(t.Context(), task))
				} else {
					pool.Submit(t.Context(), p, func(ctx context.Context) (int, error) { task(ctx); return 0, nil })
				}
				s := <-got
				assert.Equal(t, context.DeadlineExceeded, s.err)
				assert.Equal(t, 3*time.Second, s.at)
				assert.Equal(t, start.Add(3*time.Second), s.deadline)

				earlier, cancel := context.WithTimeout(t.Context(), time.Second)
				defer cancel()
				deadlines := make(chan time.Time, 1)
				require.NoError(t, p.Go(earlier, func(ctx context.Context) {
					d, _ := ctx.Deadline()
					deadlines <- d
				}))
				want, _ := earlier.Deadline()
				assert.Equal(t, want, <-deadlines)
				require.NoError(t, p.Close(t.Context()))
			})
		})
	}
}

// A task that ignores its timeout keeps its worker until it returns: the
// pool cannot stop it, and does not pretend to.
func TestTaskTimeoutKeepsWorker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1, pool.WithTaskTimeout(time.Second))
		start := time.Now()
		f := pool.Submit(t.Context(), p, func(ctx context.Context) (int, error) {
			time.Sleep(time.Minute)
			return 1, ctx.Err()
		})
		time.Sleep(2 * time.Second)
		_, _, settled := peek(f)
		assert.False(t, settled)
		assert.Equal(t, 1, p.Stats().Running)
		_, err := f.Await(t.Context())
		assert.Equal(t, context.DeadlineExceeded, err)
		assert.Equal(t, time.Minute, time.Since(start))
		require.NoError(t, p.Close(t.Context()))
	})
}

// A task sees the values of the context it was submitted with, and not
// those of the pool's context.
func TestTaskContextValues(t *testing.T) {
	poolCtx := context.WithValue(t.Context(), key{}, "pool")
	p := newPool(t, 1, pool.WithContext(poolCtx))
	for _, ctx := range []context.Context{context.WithValue(t.Context(), key{}, "submit"), t.Context()} {
		want := ctx.Value(key{})
		got, err := pool.Submit(ctx, p, func(ctx context.Context) (any, error) { return ctx.Value(key{}), nil }).Await(t.Context())
		require.NoError(t, err)
		assert.Equal(t, want, got)
		values := make(chan any, 1)
		require.NoError(t, p.Go(ctx, func(ctx context.Context) { values <- ctx.Value(key{}) }))
		assert.Equal(t, want, <-values)
	}
}

// Contexts derived from a task's context hear of its cancel without a
// goroutine of their own.
func TestDerivedContextsStartNoGoroutine(t *testing.T) {
	for _, sub := range []string{"background", "cancelable"} {
		synctest.Test(t, func(t *testing.T) {
			ctx := context.Background()
			if sub == "cancelable" {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
			}
			p := pool.New(1)
			watchers := make(chan []string, 2)
			check := func(ctx context.Context) {
				child, cancel := context.WithTimeout(ctx, time.Hour)
				defer cancel()
				stop := context.AfterFunc(ctx, func() {})
				defer stop()
				_ = child
				watchers <- bubbleGoroutines("context.(*cancelCtx).propagateCancel")
			}
			require.NoError(t, p.Go(ctx, check))
			pool.Submit(ctx, p, func(ctx context.Context) (int, error) { check(ctx); return 0, nil })
			assert.Empty(t, <-watchers, "Go, %s", sub)
			assert.Empty(t, <-watchers, "Submit, %s", sub)
			require.NoError(t, p.Close(t.Context()))
		})
	}
}

// A worker gives the next fire-and-forget task from the same context a
// context that is live, even when the last one's was canceled on return.
func TestGoContextFreshEachTask(t *testing.T) {
	p := newPool(t, 1)
	for i := range 100 {
		errs := make(chan error, 1)
		require.NoError(t, p.Go(t.Context(), func(ctx context.Context) {
			if i%2 == 1 {
				ctx.Done() // builds a real context, which is canceled on return
			}
			errs <- ctx.Err()
		}))
		require.NoError(t, <-errs, "task %d", i)
	}
}

func TestTaskContextString(t *testing.T) {
	p := newPool(t, 1)
	names := make(chan string, 1)
	require.NoError(t, p.Go(context.Background(), func(ctx context.Context) { names <- ctx.(interface{ String() string }).String() }))
	assert.Equal(t, "context.Background.WithPool", <-names)
}

// uncomparableCtx is a context whose type cannot be compared with ==.
type uncomparableCtx struct {
	context.Context
	tags []string
}

// A context type that cannot be compared does not make a worker panic
// when it looks for a context to reuse.
func TestUncomparableContext(t *testing.T) {
	p := newPool(t, 1)
	for range 3 {
		ctx := uncomparableCtx{Context: t.Context(), tags: []string{"a"}}
		tags := make(chan any, 1)
		require.NoError(t, p.Go(ctx, func(ctx context.Context) { tags <- ctx.Err() }))
		assert.Nil(t, <-tags)
	}
}
