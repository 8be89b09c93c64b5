package retry_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/retry"
)

// A cancel during an hour's wait returns at once, with both the cancel and
// the last error.
func TestDoCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*ms, cancel)
		s := failing(5, errBoom)
		_, err := retry.Do(ctx, retry.Policy{Backoff: retry.Constant(time.Hour)}, s.call)
		assert.Equal(t, 300*ms, s.elapsed())
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, err, errBoom)
		assert.Equal(t, 1, retryError(t, err).Attempts)
	})
}

// The cause the context was canceled with is the error's Cause.
func TestDoCancelCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(300*ms, func() { cancel(errCause) })
		_, err := retry.Do(ctx, retry.Policy{Backoff: retry.Constant(time.Hour)}, failing(5, errBoom).call)
		assert.Equal(t, errCause, retryError(t, err).Cause)
		assert.ErrorIs(t, err, errBoom)
	})
}

// A wait that would end at or after the deadline is not started.
func TestDoDeadline(t *testing.T) {
	tests := []struct {
		name   string
		delay  time.Duration
		wantAt []time.Duration
	}{
		{"next wait past the deadline", 10 * time.Second, seconds(0)},
		{"next start at the deadline", time.Second, seconds(0, 1, 2, 3, 4)},
		{"next start just before it", time.Second - 1, []time.Duration{0, time.Second - 1, 2 * (time.Second - 1),
			3 * (time.Second - 1), 4 * (time.Second - 1), 5 * (time.Second - 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
				defer cancel()
				s := failing(100, errBoom)
				_, err := retry.Do(ctx, retry.Policy{MaxAttempts: retry.Forever, Backoff: retry.Constant(tt.delay)}, s.call)
				assert.Equal(t, tt.wantAt, s.at)
				assert.Equal(t, tt.wantAt[len(tt.wantAt)-1], s.elapsed(), "stopped right after the last attempt")
				re := retryError(t, err)
				assert.Equal(t, retry.ErrDeadline, re.Cause)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.ErrorIs(t, err, errBoom)
			})
		})
	}
}

// The attempt runs with a context derived from the caller's.
func TestDoPassesContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.WithValue(t.Context(), callKey{}, "v"), time.Minute)
		defer cancel()
		want, _ := ctx.Deadline()
		for _, p := range []retry.Policy{{}, {AttemptTimeout: time.Hour}} {
			_, err := retry.Do(ctx, p, func(ctx context.Context) (int, error) {
				got, ok := ctx.Deadline()
				assert.True(t, ok)
				assert.Equal(t, want, got)
				assert.Equal(t, "v", ctx.Value(callKey{}))
				return 1, nil
			})
			assert.NoError(t, err)
		}
	})
}

// A cancel while the attempt runs stops the calls when it returns, keeping
// its error.
func TestDoCancelDuringAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*ms, cancel)
		calls := 0
		_, err := retry.Do(ctx, retry.Policy{Backoff: retry.Constant(0)}, func(ctx context.Context) (int, error) {
			calls++
			<-ctx.Done()
			return 0, fmt.Errorf("query: %w", ctx.Err())
		})
		assert.Equal(t, 1, calls)
		re := retryError(t, err)
		assert.Equal(t, context.Canceled, re.Cause)
		assert.EqualError(t, re.Last, "query: context canceled")
	})
}

// MaxElapsed counts the attempts' own time and never cuts one short.
func TestDoMaxElapsed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := failing(10, errBoom)
		s.took = time.Second
		p := retry.Policy{MaxAttempts: retry.Forever, MaxElapsed: 3 * time.Second, Backoff: retry.Constant(time.Second)}
		_, err := retry.Do(t.Context(), p, s.call)
		assert.Equal(t, seconds(0, 2), s.at)
		assert.Equal(t, 3*time.Second, s.elapsed())
		re := retryError(t, err)
		assert.Equal(t, retry.ErrMaxElapsed, re.Cause)
		assert.Equal(t, 3*time.Second, re.Elapsed)
	})
}

// A causeLog records the causes attempts saw, from any goroutine.
type causeLog struct {
	mu   sync.Mutex
	errs []error
}

// blockUntilDone is an attempt that returns its context's error once it
// ends, and records the cause it saw.
func (l *causeLog) blockUntilDone(ctx context.Context) (int, error) {
	<-ctx.Done()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, context.Cause(ctx))
	return 0, ctx.Err()
}

func (l *causeLog) causes() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.errs
}

// Each attempt ends at exactly its timeout and is retried.
func TestDoAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen causeLog
		start := time.Now()
		p := retry.Policy{AttemptTimeout: 200 * ms, Backoff: retry.Constant(0)}
		_, err := retry.Do(t.Context(), p, seen.blockUntilDone)
		assert.Equal(t, 600*ms, time.Since(start))
		assert.Equal(t, []error{retry.ErrAttemptTimeout, retry.ErrAttemptTimeout, retry.ErrAttemptTimeout}, seen.causes())
		re := retryError(t, err)
		assert.Equal(t, retry.ErrExhausted, re.Cause)
		assert.Equal(t, retry.ErrAttemptTimeout, re.Last)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

// The caller's deadline cuts the last attempt short, and is the cause: it
// is not retried as an attempt timeout would be.
func TestDoAttemptTimeoutClampedByDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 500*ms)
		defer cancel()
		var seen causeLog
		start := time.Now()
		p := retry.Policy{MaxAttempts: retry.Forever, AttemptTimeout: 200 * ms, Backoff: retry.Constant(0)}
		_, err := retry.Do(ctx, p, seen.blockUntilDone)
		assert.Equal(t, 500*ms, time.Since(start))
		assert.Equal(t, []error{retry.ErrAttemptTimeout, retry.ErrAttemptTimeout, context.DeadlineExceeded}, seen.causes())
		re := retryError(t, err)
		assert.Equal(t, context.DeadlineExceeded, re.Cause)
		assert.Equal(t, context.DeadlineExceeded, re.Last)
		assert.Equal(t, 3, re.Attempts)
	})
}

// A cancel by the caller during an attempt with a timeout is not mistaken
// for the attempt's timeout.
func TestDoAttemptTimeoutCallerCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(100*ms, func() { cancel(errCause) })
		var seen causeLog
		p := retry.Policy{AttemptTimeout: 200 * ms, Backoff: retry.Constant(0)}
		_, err := retry.Do(ctx, p, seen.blockUntilDone)
		assert.Equal(t, []error{errCause}, seen.causes())
		re := retryError(t, err)
		assert.Equal(t, errCause, re.Cause)
		assert.Equal(t, context.Canceled, re.Last)
	})
}

// An attempt that ignores its timeout and succeeds late still succeeds,
// and one that fails with its own error keeps it.
func TestDoAttemptTimeoutResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := retry.Policy{MaxAttempts: 1, AttemptTimeout: 200 * ms}
		v, err := retry.Do(t.Context(), p, func(context.Context) (int, error) {
			time.Sleep(time.Second)
			return 7, nil
		})
		assert.Equal(t, 7, v)
		assert.NoError(t, err)

		_, err = retry.Do(t.Context(), p, func(ctx context.Context) (int, error) {
			<-ctx.Done()
			return 0, errBoom
		})
		assert.Equal(t, errBoom, retryError(t, err).Last)
	})
}
