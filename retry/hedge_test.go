package retry_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/retry"
)

// A step is what one attempt of a hedged call does.
type step struct {
	took    time.Duration // how long it takes
	v       int
	err     error
	deaf    bool // it ignores its context
	panics  bool
	running bool // it never finishes on its own
}

// A hedgeRun is a function to hedge whose attempts, in the order they
// start, do steps[0], steps[1], and so on. It records when each started,
// from when the run was made, and the cause its context ended with, if it
// ended. Make it inside a synctest bubble.
type hedgeRun struct {
	start  time.Time
	steps  []step
	mu     sync.Mutex
	starts []time.Duration
	causes map[int]error
}

func newHedgeRun(steps ...step) *hedgeRun {
	return &hedgeRun{start: time.Now(), steps: steps, causes: map[int]error{}}
}

func (h *hedgeRun) call(ctx context.Context) (int, error) {
	h.mu.Lock()
	k := len(h.starts)
	h.starts = append(h.starts, time.Since(h.start))
	h.mu.Unlock()
	s := h.steps[k]
	if s.panics {
		panic(errBoom)
	}
	wait := time.After(s.took)
	if s.running {
		wait = nil
	}
	if s.deaf {
		<-wait
		return s.v, s.err
	}
	select {
	case <-wait:
		return s.v, s.err
	case <-ctx.Done():
		h.mu.Lock()
		defer h.mu.Unlock()
		h.causes[k] = context.Cause(ctx)
		return 0, ctx.Err()
	}
}

// started returns the instants the attempts started at. Call it once the
// hedged call has returned, and after synctest.Wait to see every attempt.
func (h *hedgeRun) started() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.starts
}

// canceled returns the cause each attempt's context ended with, by attempt.
func (h *hedgeRun) canceled() map[int]error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.causes
}

func (h *hedgeRun) elapsed() time.Duration { return time.Since(h.start) }

var hedge50 = retry.HedgePolicy{Delay: 50 * ms}

// A primary that answers before the delay is the only attempt.
func TestHedgeNotNeeded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHedgeRun(step{took: 10 * ms, v: 1})
		v, err := retry.Hedge(t.Context(), hedge50, h.call)
		assert.Equal(t, 1, v)
		assert.NoError(t, err)
		assert.Equal(t, 10*ms, h.elapsed())
		synctest.Wait()
		assert.Equal(t, []time.Duration{0}, h.started())
		assert.Empty(t, h.canceled())
	})
}

// A slow primary gets a hedge at exactly the delay; the hedge wins and the
// primary is canceled with future.ErrLost.
func TestHedgeWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHedgeRun(step{running: true}, step{took: 10 * ms, v: 2})
		v, err := retry.Hedge(t.Context(), hedge50, h.call)
		assert.Equal(t, 2, v)
		assert.NoError(t, err)
		assert.Equal(t, 60*ms, h.elapsed())
		synctest.Wait()
		assert.Equal(t, []time.Duration{0, 50 * ms}, h.started())
		assert.Equal(t, map[int]error{0: future.ErrLost}, h.canceled())
	})
}

// Each hedge starts a delay after the one before, up to MaxHedges, and
// OnHedge hears of each.
func TestHedgeSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var hooked []int
		p := retry.HedgePolicy{
			Delay:     50 * ms,
			MaxHedges: 3,
			OnHedge:   func(_ context.Context, attempt int) { hooked = append(hooked, attempt) },
		}
		h := newHedgeRun(step{running: true}, step{running: true}, step{running: true}, step{took: time.Second, v: 4})
		v, err := retry.Hedge(t.Context(), p, h.call)
		assert.Equal(t, 4, v)
		assert.NoError(t, err)
		assert.Equal(t, 1150*ms, h.elapsed())
		synctest.Wait()
		assert.Equal(t, []time.Duration{0, 50 * ms, 100 * ms, 150 * ms}, h.started())
		assert.Equal(t, []int{2, 3, 4}, hooked)
		assert.Equal(t, map[int]error{0: future.ErrLost, 1: future.ErrLost, 2: future.ErrLost}, h.canceled())
	})
}

// A retryable failure starts the next attempt at once, not at the delay,
// and the delay then counts from it.
func TestHedgeFailureStartsNext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := retry.HedgePolicy{Delay: 50 * ms, MaxHedges: 2}
		h := newHedgeRun(step{took: 10 * ms, err: errBoom}, step{running: true}, step{took: 5 * ms, v: 3})
		v, err := retry.Hedge(t.Context(), p, h.call)
		assert.Equal(t, 3, v)
		assert.NoError(t, err)
		synctest.Wait()
		assert.Equal(t, []time.Duration{0, 10 * ms, 60 * ms}, h.started())
		assert.Equal(t, 65*ms, h.elapsed())
	})
}

// A fatal error cancels the other attempts and returns at once.
func TestHedgeFatal(t *testing.T) {
	errBad := errors.New("bad request")
	tests := []struct {
		name      string
		p         retry.HedgePolicy
		fail      error
		wantCause error
	}{
		{"permanent", retry.HedgePolicy{}, retry.Permanent(errBad), retry.ErrPermanent},
		{"not retryable", retry.HedgePolicy{RetryIf: func(err error) bool { return err != errBad }}, errBad, retry.ErrNotRetryable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHedgeRun(step{took: 10 * ms, err: tt.fail}, step{running: true})
				_, err := retry.Hedge(t.Context(), tt.p, h.call)
				assert.Equal(t, 10*ms, h.elapsed())
				re := retryError(t, err)
				assert.Equal(t, tt.wantCause, re.Cause)
				assert.Equal(t, errBad, re.Last)
				assert.Equal(t, 2, re.Attempts)
				synctest.Wait()
				assert.Equal(t, map[int]error{1: tt.fail}, h.canceled())
			})
		})
	}
}

// A panic in an attempt is a fatal error, not a crash.
func TestHedgePanic(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHedgeRun(step{panics: true}, step{running: true})
		_, err := retry.Hedge(t.Context(), retry.HedgePolicy{}, h.call)
		re := retryError(t, err)
		assert.Equal(t, retry.ErrPermanent, re.Cause)
		var pe *future.PanicError
		assert.ErrorAs(t, err, &pe)
		assert.ErrorIs(t, err, errBoom)
	})
}

// When every attempt fails, the error holds the last failure.
func TestHedgeExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errLast := errors.New("last")
		p := retry.HedgePolicy{Delay: 50 * ms, MaxHedges: 2}
		h := newHedgeRun(step{took: 10 * ms, err: errBoom}, step{took: 10 * ms, err: errBoom}, step{took: 10 * ms, err: errLast})
		_, err := retry.Hedge(t.Context(), p, h.call)
		assert.Equal(t, 30*ms, h.elapsed())
		re := retryError(t, err)
		assert.Equal(t, retry.ErrExhausted, re.Cause)
		assert.Equal(t, errLast, re.Last)
		assert.Equal(t, 3, re.Attempts)
		assert.Equal(t, 30*ms, re.Elapsed)
	})
}

// allowN is a budget that allows n hedges and then denies.
type allowN struct {
	n       atomic.Int32
	records atomic.Int32
}

func (a *allowN) Allow() bool       { return a.n.Add(-1) >= 0 }
func (a *allowN) Record(int, error) { a.records.Add(1) }

// A budget that denies a hedge starts no new attempt, and the ones running
// go on and can still win.
func TestHedgeBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := new(allowN)
		b.n.Store(1)
		p := retry.HedgePolicy{Delay: 50 * ms, MaxHedges: 3, Budget: b}
		h := newHedgeRun(step{took: 200 * ms, v: 1}, step{running: true})
		v, err := retry.Hedge(t.Context(), p, h.call)
		assert.Equal(t, 1, v)
		assert.NoError(t, err)
		assert.Equal(t, 200*ms, h.elapsed())
		synctest.Wait()
		assert.Equal(t, []time.Duration{0, 50 * ms}, h.started())
		assert.Equal(t, int32(1), b.records.Load(), "the winner's success")

		// Denied, and every attempt running fails: the budget is why.
		b.n.Store(0)
		h = newHedgeRun(step{took: 100 * ms, err: errBoom})
		_, err = retry.Hedge(t.Context(), p, h.call)
		re := retryError(t, err)
		assert.Equal(t, retry.ErrThrottled, re.Cause)
		assert.Equal(t, 1, re.Attempts)
		assert.Equal(t, 100*ms, h.elapsed())
	})
}

// A loser that succeeds late has its result released, once; the winner's
// never is.
func TestHedgeRelease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var released []int
		var mu sync.Mutex
		release := func(v int) {
			mu.Lock()
			defer mu.Unlock()
			released = append(released, v)
		}
		p := retry.HedgePolicy{MaxHedges: 2}
		h := newHedgeRun(step{took: 20 * ms, v: 1, deaf: true}, step{took: 10 * ms, v: 2}, step{took: 30 * ms, v: 3, deaf: true})
		v, err := retry.HedgeRelease(t.Context(), p, h.call, release)
		assert.Equal(t, 2, v)
		assert.NoError(t, err)
		assert.Equal(t, 10*ms, h.elapsed())
		time.Sleep(time.Second)
		mu.Lock()
		assert.Equal(t, []int{1, 3}, released)
		mu.Unlock()

		// A release that panics does not take the program down.
		h = newHedgeRun(step{took: 20 * ms, v: 1, deaf: true}, step{took: 10 * ms, v: 2})
		v, _ = retry.HedgeRelease(t.Context(), retry.HedgePolicy{}, h.call, func(int) { panic(errBoom) })
		assert.Equal(t, 2, v)
		time.Sleep(time.Second)
	})
}

// Canceling the caller's context cancels every attempt, with its cause.
func TestHedgeCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		time.AfterFunc(70*ms, func() { cancel(errCause) })
		h := newHedgeRun(step{running: true}, step{running: true})
		_, err := retry.Hedge(ctx, hedge50, h.call)
		assert.Equal(t, 70*ms, h.elapsed())
		re := retryError(t, err)
		assert.Equal(t, errCause, re.Cause)
		assert.Equal(t, 2, re.Attempts)
		synctest.Wait()
		assert.Equal(t, map[int]error{0: errCause, 1: errCause}, h.canceled())
	})
}

// A delay of zero starts every attempt at once; MaxHedges is 1 by default
// and 10 at most.
func TestHedgeAllAtOnce(t *testing.T) {
	tests := []struct {
		maxHedges, want int
	}{
		{-1, 2},
		{0, 2},
		{3, 4},
		{10, 11},
		{50, 11},
	}
	for _, tt := range tests {
		synctest.Test(t, func(t *testing.T) {
			steps := make([]step, tt.want)
			for i := range steps {
				steps[i] = step{running: true}
			}
			steps[tt.want-1] = step{took: time.Second, v: 9}
			h := newHedgeRun(steps...)
			v, err := retry.Hedge(t.Context(), retry.HedgePolicy{MaxHedges: tt.maxHedges}, h.call)
			assert.Equal(t, 9, v)
			assert.NoError(t, err)
			synctest.Wait()
			assert.Equal(t, make([]time.Duration, tt.want), h.started(), "MaxHedges=%d", tt.maxHedges)
		})
	}
}

func TestHedgeBadInput(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	calls := 0
	fn := func(context.Context) (int, error) { calls++; return 1, nil }
	_, err := retry.Hedge(ctx, retry.HedgePolicy{}, fn)
	assert.Equal(t, errCause, retryError(t, err).Cause)
	assert.Zero(t, calls)

	//lint:ignore SA1012 a nil context is the input under test
	_, err = retry.Hedge(nil, retry.HedgePolicy{}, fn)
	assert.Equal(t, future.ErrNilContext, err)
	_, err = retry.Hedge[int](t.Context(), retry.HedgePolicy{}, nil)
	assert.Equal(t, future.ErrNilFunc, err)
}

// HedgeWrap gives a function of the same type.
func TestHedgeWrap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHedgeRun(step{running: true}, step{took: 10 * ms, v: 2})
		v, err := retry.HedgeWrap(hedge50, h.call)(t.Context())
		assert.Equal(t, 2, v)
		assert.NoError(t, err)
		assert.Equal(t, 60*ms, h.elapsed())
	})
}

// Many hedged calls at once, every attempt succeeding at the same time:
// one winner each, and every other result released exactly once.
func TestHedgeConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var released, won atomic.Int64
		p := retry.HedgePolicy{MaxHedges: 10}
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				gate := make(chan struct{})
				var n atomic.Int64
				fn := func(context.Context) (int, error) {
					if n.Add(1) == 11 {
						close(gate)
					}
					<-gate
					return 1, nil
				}
				v, err := retry.HedgeRelease(t.Context(), p, fn, func(int) { released.Add(1) })
				if v == 1 && err == nil {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		synctest.Wait()
		assert.Equal(t, int64(100), won.Load())
		assert.Equal(t, int64(1000), released.Load())
	})
}

// A success that is there when the caller's context ends wins over the
// cancel. Which of the two the hedged call sees first is up to select, so
// the test runs it many times.
func TestHedgeResultWinsOverCancel(t *testing.T) {
	for range 20 {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(t.Context())
			defer cancel(nil)
			h := newHedgeRun(step{took: 100 * ms, v: 1, deaf: true}, step{running: true})
			p := retry.HedgePolicy{Delay: 100 * ms, OnHedge: func(context.Context, int) {
				cancel(errCause)
				synctest.Wait() // the first attempt has succeeded by now
			}}
			v, err := retry.Hedge(ctx, p, h.call)
			assert.Equal(t, 1, v)
			assert.NoError(t, err)
		})
	}
}

// A panic in OnHedge reaches the caller, and the attempts are canceled.
func TestHedgeOnHedgePanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHedgeRun(step{running: true})
		p := retry.HedgePolicy{Delay: 50 * ms, OnHedge: func(context.Context, int) { panic(errBoom) }}
		assert.PanicsWithValue(t, errBoom, func() { retry.Hedge(t.Context(), p, h.call) })
		synctest.Wait()
		assert.Equal(t, map[int]error{0: context.Canceled}, h.canceled())
	})
}
