package retry_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/retry"
)

// Go runs the calls in a goroutine; canceling the future during a wait
// settles it at once, and the goroutine exits.
func TestGo(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := failing(1, errBoom)
		v, err := retry.Go(t.Context(), retry.Policy{Backoff: retry.Constant(time.Second)}, s.call).Await(t.Context())
		assert.Equal(t, 42, v)
		assert.NoError(t, err)
		assert.Equal(t, seconds(0, 1), s.at)

		s = failing(5, errBoom)
		f := retry.Go(t.Context(), retry.Policy{Backoff: retry.Constant(time.Hour)}, s.call)
		time.Sleep(300 * ms)
		f.Cancel(errCause)
		_, err = f.Await(t.Context())
		assert.Equal(t, 300*ms, s.elapsed())
		re := retryError(t, err)
		assert.Equal(t, errCause, re.Cause)
		assert.Equal(t, errBoom, re.Last)
	})
}

func TestGoDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	s := failing(0, nil)
	_, err := retry.Go(ctx, retry.Policy{}, s.call).Await(t.Context())
	assert.Empty(t, s.at)
	assert.Equal(t, errCause, retryError(t, err).Cause)
}

// A panic in the function is not retried: Do lets it reach its caller, and
// Go fails its future with it.
func TestPanic(t *testing.T) {
	calls := 0
	boom := func(context.Context) (int, error) { calls++; panic(errBoom) }
	p := retry.Policy{Backoff: retry.Constant(0)}
	assert.PanicsWithValue(t, errBoom, func() { retry.Do(t.Context(), p, boom) })
	assert.Equal(t, 1, calls)

	calls = 0
	_, err := retry.Go(t.Context(), p, boom).Await(t.Context())
	var pe *future.PanicError
	assert.ErrorAs(t, err, &pe)
	assert.ErrorIs(t, err, errBoom)
	assert.Equal(t, 1, calls)
}

// Wrap gives a function of the same type, which nests.
func TestWrap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := failing(100, errBoom)
		inner := retry.Wrap(retry.Policy{MaxAttempts: 2, Backoff: retry.Constant(time.Second)}, s.call)
		outer := retry.Wrap(retry.Policy{MaxAttempts: 3, Backoff: retry.Constant(time.Minute)}, inner)
		_, err := outer(t.Context())
		assert.Equal(t, []time.Duration{0, time.Second, 61 * time.Second, 62 * time.Second, 122 * time.Second, 123 * time.Second}, s.at)
		re := retryError(t, err)
		assert.Equal(t, 3, re.Attempts)
		inner2 := retryError(t, re.Last)
		assert.Equal(t, 2, inner2.Attempts)
		assert.ErrorIs(t, err, errBoom)
	})
}

// DoFuture awaits a fresh future for each attempt, and cancels the one in
// flight when the context ends.
func TestDoFuture(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := failing(2, errBoom)
		made := 0
		mk := func(ctx context.Context) *future.Future[int] {
			made++
			return future.Go(ctx, s.call)
		}
		v, err := retry.DoFuture(t.Context(), retry.Policy{Backoff: retry.Constant(time.Second)}, mk)
		assert.Equal(t, 42, v)
		assert.NoError(t, err)
		assert.Equal(t, 3, made)

		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(300*ms, func() { cancel(errCause) })
		release := make(chan struct{})
		var inFlight *future.Future[int]
		_, err = retry.DoFuture(ctx, retry.Policy{}, func(context.Context) *future.Future[int] {
			// Work that does not heed the attempt's context, so only
			// DoFuture's cancel can reach it.
			inFlight = future.Go(t.Context(), func(ctx context.Context) (int, error) {
				select {
				case <-ctx.Done():
					return 0, context.Cause(ctx)
				case <-release:
					return 1, nil
				}
			})
			return inFlight
		})
		assert.Equal(t, errCause, retryError(t, err).Cause)
		_, err = inFlight.Await(t.Context())
		assert.Equal(t, errCause, err, "the future in flight was canceled with the cause")
		close(release)
	})
}

// A per-attempt timeout reaches the future: it is canceled and the attempt
// retried.
func TestDoFutureAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var seen causeLog
		p := retry.Policy{MaxAttempts: 2, AttemptTimeout: time.Second, Backoff: retry.Constant(0)}
		_, err := retry.DoFuture(t.Context(), p, func(context.Context) *future.Future[int] {
			return future.Go(t.Context(), seen.blockUntilDone)
		})
		assert.Equal(t, 2*time.Second, time.Since(start))
		synctest.Wait() // for the canceled futures to return
		assert.Equal(t, []error{retry.ErrAttemptTimeout, retry.ErrAttemptTimeout}, seen.causes())
		re := retryError(t, err)
		assert.Equal(t, retry.ErrExhausted, re.Cause)
		assert.Equal(t, retry.ErrAttemptTimeout, re.Last)
	})
}

func TestDoFutureNil(t *testing.T) {
	made := 0
	_, err := retry.DoFuture(t.Context(), retry.Policy{}, func(context.Context) *future.Future[int] {
		made++
		return nil
	})
	assert.Equal(t, 1, made)
	re := retryError(t, err)
	assert.Equal(t, retry.ErrPermanent, re.Cause)
	assert.Equal(t, future.ErrNilFuture, re.Last)
}
