package timeout_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/retry"
	"github.com/eventual-go/eventual/timeout"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const ms = time.Millisecond

var (
	errBoom  = errors.New("boom")
	errCause = errors.New("client went away")
)

// heedful waits for its context to end and returns its error.
func heedful(ctx context.Context) (int, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}

// timeoutError returns err as a *timeout.Error, failing the test if it is
// not one.
func timeoutError(t *testing.T, err error) *timeout.Error {
	t.Helper()
	var te *timeout.Error
	require.ErrorAs(t, err, &te)
	return te
}

// A function that heeds its context returns at exactly the limit, with an
// error that is both a deadline and this package's timeout.
func TestDo(t *testing.T) {
	for name, do := range map[string]func(context.Context, time.Duration, func(context.Context) (int, error)) (int, error){
		"Do": timeout.Do[int],
		"Wrap": func(ctx context.Context, d time.Duration, fn func(context.Context) (int, error)) (int, error) {
			return timeout.Wrap(d, fn)(ctx)
		},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				_, err := do(t.Context(), 2*time.Second, heedful)
				assert.Equal(t, 2*time.Second, time.Since(start))
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.ErrorIs(t, err, timeout.ErrTimeout)
				te := timeoutError(t, err)
				assert.Equal(t, 2*time.Second, te.After)
				assert.Nil(t, te.Err, "the context's own error is not kept")
				assert.True(t, te.Timeout())
				assert.EqualError(t, err, "timeout: took longer than 2s")
			})
		})
	}
}

// The function sees a real deadline, the stdlib's error, and a cause that
// names the limit.
func TestDoContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := timeout.Do(t.Context(), time.Second, func(ctx context.Context) (int, error) {
			deadline, ok := ctx.Deadline()
			assert.True(t, ok)
			assert.Equal(t, start.Add(time.Second), deadline)
			<-ctx.Done()
			assert.Equal(t, context.DeadlineExceeded, ctx.Err())
			te := timeoutError(t, context.Cause(ctx))
			assert.Equal(t, time.Second, te.After)
			return 0, context.Cause(ctx)
		})
		assert.Nil(t, timeoutError(t, err).Err, "returning the cause is returning the context's error")
	})
}

// A parent's earlier deadline, or its cancel, is the parent's: the
// function's error comes back as it was.
func TestDoParent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := timeout.Do(ctx, time.Hour, heedful)
		assert.Equal(t, time.Second, time.Since(start))
		assert.Equal(t, context.DeadlineExceeded, err)
		assert.NotErrorIs(t, err, timeout.ErrTimeout)

		cctx, cancelCause := context.WithCancelCause(t.Context())
		time.AfterFunc(time.Second, func() { cancelCause(errCause) })
		_, err = timeout.Do(cctx, time.Hour, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, context.Cause(ctx)
		})
		assert.Equal(t, errCause, err)
	})
}

// A value that arrives as the limit passes wins; an error of the
// function's own after the limit is kept inside the timeout error.
func TestDoResultAtDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for _, took := range []time.Duration{time.Second, 2 * time.Second} {
			v, err := timeout.Do(t.Context(), time.Second, func(context.Context) (int, error) {
				time.Sleep(took)
				return 7, nil
			})
			assert.Equal(t, 7, v, "a value that came %v late", took-time.Second)
			assert.NoError(t, err)
		}

		_, err := timeout.Do(t.Context(), time.Second, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, fmt.Errorf("query: %w", errBoom)
		})
		te := timeoutError(t, err)
		assert.EqualError(t, te.Err, "query: boom")
		assert.ErrorIs(t, err, errBoom)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.EqualError(t, err, "timeout: took longer than 1s: query: boom")

		v, err := timeout.Do(t.Context(), time.Second, func(context.Context) (int, error) { return 3, errBoom })
		assert.Equal(t, 3, v, "an error before the limit comes back as it was")
		assert.Equal(t, errBoom, err)
	})
}

// With no time at all, or a context already done, the function is not
// called.
func TestDoNotCalled(t *testing.T) {
	calls := 0
	fn := func(context.Context) (int, error) { calls++; return 1, nil }
	for _, d := range []time.Duration{0, -time.Second} {
		_, err := timeout.Do(t.Context(), d, fn)
		assert.Equal(t, d, timeoutError(t, err).After)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	}
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	_, err := timeout.Do(ctx, time.Second, fn)
	assert.Equal(t, errCause, err)
	assert.Zero(t, calls)

	//lint:ignore SA1012 a nil context is the input under test
	_, err = timeout.Do(nil, time.Second, fn)
	assert.Equal(t, future.ErrNilContext, err)
	_, err = timeout.Do[int](t.Context(), time.Second, nil)
	assert.Equal(t, future.ErrNilFunc, err)
}

func TestFallback(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		v, err := timeout.Fallback(t.Context(), time.Second, heedful, -1)
		assert.Equal(t, -1, v)
		assert.NoError(t, err)
		assert.Equal(t, time.Second, time.Since(start))

		v, err = timeout.Fallback(t.Context(), time.Second, func(context.Context) (int, error) { return 1, nil }, -1)
		assert.Equal(t, 1, v)
		assert.NoError(t, err)

		_, err = timeout.Fallback(t.Context(), time.Second, func(context.Context) (int, error) { return 0, errBoom }, -1)
		assert.Equal(t, errBoom, err)

		ctx, cancel := context.WithTimeout(t.Context(), 100*ms)
		defer cancel()
		_, err = timeout.Fallback(ctx, time.Second, heedful, -1)
		assert.Equal(t, context.DeadlineExceeded, err, "the parent's deadline is not this timeout")
	})
}

// Limits nest with retries: each attempt is cut at 200ms and retried, and
// the overall limit stops the retries.
func TestNestsWithRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		call := func(ctx context.Context) (int, error) {
			at = append(at, time.Since(start))
			return heedful(ctx)
		}
		p := retry.Policy{MaxAttempts: retry.Forever, Backoff: retry.Constant(100 * ms)}
		fn := timeout.Wrap(time.Second, retry.Wrap(p, timeout.Wrap(200*ms, call)))
		_, err := fn(t.Context())

		// Attempts at 0, 300, 600 and 900ms; the one at 900 is cut at 1s by
		// the overall limit, which is then the cause.
		assert.Equal(t, []time.Duration{0, 300 * ms, 600 * ms, 900 * ms}, at)
		assert.Equal(t, time.Second, time.Since(start))
		te := timeoutError(t, err)
		assert.Equal(t, time.Second, te.After)
		var re *retry.Error
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 4, re.Attempts)
		assert.Equal(t, time.Second, timeoutError(t, re.Cause).After, "the overall limit stopped the retries")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

// A retry stops before the overall limit when its next wait would pass it:
// the error is the retry's, and still a deadline.
func TestNestsWithRetryDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		p := retry.Policy{MaxAttempts: retry.Forever, Backoff: retry.Constant(500 * ms)}
		fn := timeout.Wrap(time.Second, retry.Wrap(p, timeout.Wrap(200*ms, heedful)))
		_, err := fn(t.Context())
		assert.Equal(t, 900*ms, time.Since(start), "attempts at 0 and 700ms; the next would start at 1.4s")
		var re *retry.Error
		require.ErrorAs(t, err, &re)
		assert.Equal(t, retry.ErrDeadline, re.Cause)
		assert.Equal(t, 200*ms, timeoutError(t, re.Last).After)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

func TestPanic(t *testing.T) {
	assert.PanicsWithValue(t, errBoom, func() {
		timeout.Do(t.Context(), time.Second, func(context.Context) (int, error) { panic(errBoom) })
	})
}
