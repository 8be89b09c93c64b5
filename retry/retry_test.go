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
