package retry_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/retry"
)

var (
	errBoom  = errors.New("boom")
	errCause = errors.New("client went away")
)

// A script is a function to retry that records the instant of each call,
// from when the script was made, and fails with the errors of fails in
// turn, then succeeds with 42. It works in virtual time: make it inside a
// synctest bubble.
type script struct {
	start time.Time
	fails []error
	took  time.Duration // how long each call takes
	at    []time.Duration
}

func newScript(fails ...error) *script { return &script{start: time.Now(), fails: fails} }

// failing returns a script that fails with err n times.
func failing(n int, err error) *script {
	fails := make([]error, n)
	for i := range fails {
		fails[i] = err
	}
	return newScript(fails...)
}

func (s *script) call(ctx context.Context) (int, error) {
	s.at = append(s.at, time.Since(s.start))
	time.Sleep(s.took)
	if i := len(s.at) - 1; i < len(s.fails) {
		return 0, s.fails[i]
	}
	return 42, nil
}

func (s *script) elapsed() time.Duration { return time.Since(s.start) }

// retryError returns err as a *retry.Error, failing the test if it is not one.
func retryError(t *testing.T, err error) *retry.Error {
	t.Helper()
	var re *retry.Error
	require.ErrorAs(t, err, &re)
	return re
}

// seconds returns the durations of n whole seconds.
func seconds(n ...int) []time.Duration {
	out := make([]time.Duration, len(n))
	for i, s := range n {
		out[i] = time.Duration(s) * time.Second
	}
	return out
}

// Three attempts a second apart take exactly two seconds: there is no wait
// after the last.
func TestDoExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := failing(5, errBoom)
		_, err := retry.Do(t.Context(), retry.Policy{Backoff: retry.Constant(time.Second)}, s.call)
		assert.Equal(t, seconds(0, 1, 2), s.at)
		assert.Equal(t, 2*time.Second, s.elapsed())
		re := retryError(t, err)
		assert.Equal(t, retry.ErrExhausted, re.Cause)
		assert.Equal(t, errBoom, re.Last)
		assert.Equal(t, 3, re.Attempts)
		assert.Equal(t, 2*time.Second, re.Elapsed)
		assert.ErrorIs(t, err, errBoom)
		assert.ErrorIs(t, err, retry.ErrExhausted)
	})
}

// Success on attempt k takes k calls and k-1 waits, here exponential.
func TestDoSucceedsOnAttempt(t *testing.T) {
	p := retry.Policy{MaxAttempts: 5, Backoff: retry.Exponential(time.Second, time.Minute)}
	wantAt := seconds(0, 1, 3, 7, 15)
	for k := 1; k <= 5; k++ {
		t.Run(fmt.Sprint("k=", k), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := failing(k-1, errBoom)
				v, err := retry.Do(t.Context(), p, s.call)
				assert.NoError(t, err)
				assert.Equal(t, 42, v)
				assert.Equal(t, wantAt[:k], s.at)
				assert.Equal(t, wantAt[k-1], s.elapsed())
			})
		})
	}
}

func TestDoMaxAttempts(t *testing.T) {
	tests := []struct {
		give, want int
	}{
		{0, 3},
		{1, 1},
		{2, 2},
		{7, 7},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("MaxAttempts=", tt.give), func(t *testing.T) {
			s := failing(100, errBoom)
			_, err := retry.Do(t.Context(), retry.Policy{MaxAttempts: tt.give, Backoff: retry.Constant(0)}, s.call)
			assert.Len(t, s.at, tt.want)
			assert.Equal(t, tt.want, retryError(t, err).Attempts)
		})
	}
}

// Forever retries until the context's deadline: with an hour's deadline
// and a second between attempts, the attempt at 59m59s is the last, as the
// next would start at the deadline.
func TestDoForever(t *testing.T) {
	for _, forever := range []int{retry.Forever, -7} {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
			defer cancel()
			s := failing(1_000_000, errBoom)
			p := retry.Policy{MaxAttempts: forever, Backoff: retry.Constant(time.Second)}
			_, err := retry.Do(ctx, p, s.call)
			assert.Len(t, s.at, 3600)
			assert.Equal(t, time.Hour-time.Second, s.elapsed())
			assert.Equal(t, retry.ErrDeadline, retryError(t, err).Cause)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		})
	}
}

func TestDoPermanent(t *testing.T) {
	wrapped := fmt.Errorf("lookup: %w", retry.Permanent(errBoom))
	tests := []struct {
		name     string
		give     error
		wantLast error
	}{
		{"marked", retry.Permanent(errBoom), errBoom},
		{"wrapped mark", wrapped, wrapped},
		{"joined mark", errors.Join(errCause, retry.Permanent(errBoom)), nil},
		{"panic", &future.PanicError{Value: "oops"}, nil},
		{"goexit", future.ErrGoexit, future.ErrGoexit},
		{"inner retry gave up", &retry.Error{Cause: retry.ErrPermanent, Last: errBoom}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newScript(tt.give, tt.give)
				_, err := retry.Do(t.Context(), retry.Policy{Backoff: retry.Constant(time.Second)}, s.call)
				assert.Len(t, s.at, 1)
				assert.Zero(t, s.elapsed(), "no wait after a permanent error")
				re := retryError(t, err)
				assert.Equal(t, retry.ErrPermanent, re.Cause)
				if tt.wantLast != nil {
					assert.Equal(t, tt.wantLast, re.Last)
				}
				assert.ErrorIs(t, err, retry.ErrPermanent)
			})
		})
	}
	assert.NoError(t, retry.Permanent(nil))
	assert.ErrorIs(t, wrapped, errBoom)
	assert.Equal(t, "boom", retry.Permanent(errBoom).Error())
}

func TestDoRetryIf(t *testing.T) {
	errTransient := errors.New("transient")
	var asked []error
	p := retry.Policy{
		Backoff: retry.Constant(0),
		RetryIf: func(err error) bool {
			asked = append(asked, err)
			return errors.Is(err, errTransient)
		},
	}
	s := newScript(errTransient, errBoom, errTransient)
	_, err := retry.Do(t.Context(), p, s.call)
	assert.Len(t, s.at, 2)
	assert.Equal(t, []error{errTransient, errBoom}, asked)
	re := retryError(t, err)
	assert.Equal(t, retry.ErrNotRetryable, re.Cause)
	assert.Equal(t, errBoom, re.Last, "the rejected error is kept")

	asked = nil
	_, err = retry.Do(t.Context(), p, newScript(retry.Permanent(errTransient)).call)
	assert.Equal(t, retry.ErrPermanent, retryError(t, err).Cause)
	assert.Empty(t, asked, "RetryIf is not asked about a permanent error")
}

// OnRetry sees each retry with its attempt, error, wait and elapsed time,
// and is never called when no retry follows.
func TestDoOnRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var events []retry.Event
		p := retry.Policy{
			MaxAttempts: 4,
			Backoff:     retry.Exponential(time.Second, time.Minute),
			OnRetry:     func(_ context.Context, e retry.Event) { events = append(events, e) },
		}
		s := newScript(errBoom, errCause, errBoom, errCause)
		s.took = 100 * ms
		_, err := retry.Do(t.Context(), p, s.call)
		assert.Equal(t, []retry.Event{
			{Attempt: 1, Err: errBoom, Delay: time.Second, Elapsed: 100 * ms},
			{Attempt: 2, Err: errCause, Delay: 2 * time.Second, Elapsed: 1200 * ms},
			{Attempt: 3, Err: errBoom, Delay: 4 * time.Second, Elapsed: 3300 * ms},
		}, events)
		assert.Equal(t, 7400*ms, retryError(t, err).Elapsed)
	})

	stops := []struct {
		name string
		p    retry.Policy
		ctx  func(context.Context) (context.Context, context.CancelFunc)
		fail error
	}{
		{"exhausted", retry.Policy{MaxAttempts: 1}, nil, errBoom},
		{"permanent", retry.Policy{}, nil, retry.Permanent(errBoom)},
		{"not retryable", retry.Policy{RetryIf: func(error) bool { return false }}, nil, errBoom},
		{"budget", retry.Policy{Budget: denyAll{}}, nil, errBoom},
		{"hint too long", retry.Policy{}, nil, retry.After(time.Hour, errBoom)},
		{"max elapsed", retry.Policy{MaxElapsed: time.Second, Backoff: retry.Constant(time.Second)}, nil, errBoom},
		{"deadline", retry.Policy{Backoff: retry.Constant(time.Minute)}, func(ctx context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(ctx, time.Second)
		}, errBoom},
	}
	for _, tt := range stops {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				called := 0
				tt.p.OnRetry = func(context.Context, retry.Event) { called++ }
				ctx := t.Context()
				if tt.ctx != nil {
					var cancel context.CancelFunc
					ctx, cancel = tt.ctx(ctx)
					defer cancel()
				}
				_, err := retry.Do(ctx, tt.p, failing(10, tt.fail).call)
				assert.Equal(t, 1, retryError(t, err).Attempts)
				assert.Zero(t, called, "OnRetry was called")
			})
		})
	}
}

// denyAll is a budget that denies every retry.
type denyAll struct{}

func (denyAll) Allow() bool       { return false }
func (denyAll) Record(int, error) {}

// An OnRetry that cancels the context stops the calls before the wait.
func TestDoOnRetryCancels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		defer cancel(nil)
		p := retry.Policy{
			Backoff: retry.Constant(time.Hour),
			OnRetry: func(context.Context, retry.Event) { cancel(errCause) },
		}
		s := failing(5, errBoom)
		_, err := retry.Do(ctx, p, s.call)
		assert.Len(t, s.at, 1)
		assert.Zero(t, s.elapsed())
		re := retryError(t, err)
		assert.Equal(t, errCause, re.Cause)
		assert.Equal(t, errBoom, re.Last)
	})
}

type callKey struct{}

// One policy shared by many goroutines gives each call its own sequence of
// waits: decorrelated jitter's previous wait belongs to the call.
func TestDoSharedPolicy(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const callers = 100
		delays := make([][]time.Duration, callers)
		p := retry.Policy{
			MaxAttempts: 5,
			Backoff:     retry.Decorrelated(100*ms, time.Second),
			Rand:        func() float64 { return 0.5 },
			OnRetry: func(ctx context.Context, e retry.Event) {
				i := ctx.Value(callKey{}).(int)
				delays[i] = append(delays[i], e.Delay)
			},
		}
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() {
				ctx := context.WithValue(t.Context(), callKey{}, i)
				retry.Do(ctx, p, failing(i%5, errBoom).call)
			})
		}
		wg.Wait()
		all := []time.Duration{200 * ms, 350 * ms, 550 * ms, 550 * ms}
		for i, got := range delays {
			assert.Equal(t, all[:i%5], append([]time.Duration{}, got...), "caller %d", i)
		}
	})
}

// A context that is already done gets no call at all.
func TestDoDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	s := failing(0, nil)
	_, err := retry.Do(ctx, retry.Policy{}, s.call)
	assert.Empty(t, s.at)
	re := retryError(t, err)
	assert.Equal(t, errCause, re.Cause)
	assert.Nil(t, re.Last)
	assert.Zero(t, re.Attempts)
	assert.Equal(t, []error{errCause}, re.Unwrap())
}

func TestDoBadInput(t *testing.T) {
	//lint:ignore SA1012 a nil context is the input under test
	_, err := retry.Do(nil, retry.Policy{}, failing(0, nil).call)
	assert.Equal(t, future.ErrNilContext, err)
	_, err = retry.Do[int](t.Context(), retry.Policy{}, nil)
	assert.Equal(t, future.ErrNilFunc, err)
	_, err = retry.DoFuture[int](t.Context(), retry.Policy{}, nil)
	assert.Equal(t, future.ErrNilFunc, err)
	_, err = retry.Go[int](t.Context(), retry.Policy{}, nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFunc, err)
}
