package timeout_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
	"github.com/eventual-go/eventual/timeout"
)

// Await stops waiting at the limit and leaves the future as it is, for a
// later Await to see its result.
func TestAwait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := promise.New[int]()
		time.AfterFunc(3*time.Second, func() { p.Resolve(7) })
		start := time.Now()
		_, err := timeout.Await(t.Context(), p.Future(), time.Second)
		assert.Equal(t, time.Second, time.Since(start))
		assert.Equal(t, time.Second, timeoutError(t, err).After)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, timeout.ErrTimeout)

		v, err := timeout.Await(t.Context(), p.Future(), time.Hour)
		assert.Equal(t, 7, v)
		assert.NoError(t, err)
		assert.Equal(t, 3*time.Second, time.Since(start))
	})
}

// A future that settles in time gives its result; one that has already
// settled gives it even with no time left or a context that is done.
func TestAwaitSettled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := future.Go(t.Context(), func(context.Context) (int, error) {
			time.Sleep(500 * ms)
			return 0, errBoom
		})
		start := time.Now()
		_, err := timeout.Await(t.Context(), f, time.Second)
		assert.Equal(t, errBoom, err)
		assert.Equal(t, 500*ms, time.Since(start))

		done, cancel := context.WithCancel(t.Context())
		cancel()
		for _, ctx := range []context.Context{t.Context(), done} {
			for _, d := range []time.Duration{0, -1, time.Second} {
				v, err := timeout.Await(ctx, future.Resolved(4), d)
				assert.Equal(t, 4, v)
				assert.NoError(t, err)
			}
		}
	})
}

// The caller's context ending first is reported as ctx.Err(), as
// future.Future.Await does.
func TestAwaitContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(100*ms, func() { cancel(errCause) })
		p := promise.New[int]()
		_, err := timeout.Await(ctx, p.Future(), time.Second)
		assert.Equal(t, context.Canceled, err)
		_, err = timeout.Await(ctx, p.Future(), time.Second)
		assert.Equal(t, context.Canceled, err, "already done")
		_, err = timeout.Await(t.Context(), p.Future(), 0)
		assert.Equal(t, time.Duration(0), timeoutError(t, err).After)
	})
}

func TestAwaitBadInput(t *testing.T) {
	_, err := timeout.Await[int](t.Context(), nil, time.Second)
	assert.Equal(t, future.ErrNilFuture, err)
	//lint:ignore SA1012 a nil context is the input under test
	_, err = timeout.Await(nil, future.Resolved(1), time.Second)
	assert.Equal(t, future.ErrNilContext, err)
	//lint:ignore SA1012 a nil context is the input under test
	_, err = timeout.AwaitCancel(nil, future.Resolved(1), time.Second)
	assert.Equal(t, future.ErrNilContext, err)
}

// AwaitCancel cancels the work of a future it gives up on, with the
// timeout, or the caller's cause, as the cause.
func TestAwaitCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		seen := make(chan error, 1)
		work := func(ctx context.Context) (int, error) {
			<-ctx.Done()
			seen <- context.Cause(ctx)
			return 0, context.Cause(ctx)
		}
		start := time.Now()
		f := future.Go(t.Context(), work)
		_, err := timeout.AwaitCancel(t.Context(), f, time.Second)
		assert.Equal(t, time.Second, time.Since(start))
		assert.Equal(t, err, <-seen, "the work was canceled with the timeout")
		assert.Equal(t, time.Second, timeoutError(t, err).After)

		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(100*ms, func() { cancel(errCause) })
		f = future.Go(context.WithoutCancel(ctx), work)
		_, err = timeout.AwaitCancel(ctx, f, time.Second)
		assert.Equal(t, context.Canceled, err)
		assert.Equal(t, errCause, <-seen, "the work was canceled with the caller's cause")

		v, err := timeout.AwaitCancel(t.Context(), future.Resolved(5), time.Second)
		assert.Equal(t, 5, v)
		assert.NoError(t, err)
	})
}

// Await and AwaitCancel leave no goroutine behind, even when the work
// ignores its context: the work ends on its own, later.
func TestAwaitAbandons(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := future.Go(t.Context(), func(context.Context) (int, error) {
			time.Sleep(5 * time.Second)
			return 1, nil
		})
		start := time.Now()
		_, err := timeout.AwaitCancel(t.Context(), f, time.Second)
		assert.Equal(t, time.Second, time.Since(start))
		assert.ErrorIs(t, err, timeout.ErrTimeout)
		v, err := f.Await(t.Context())
		assert.Equal(t, 1, v, "the work ignored the cancel and finished")
		assert.NoError(t, err)
		assert.Equal(t, 5*time.Second, time.Since(start))
	})
}
