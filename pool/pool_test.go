package pool_test

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"strings"
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

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	errBoom  = errors.New("boom")
	errCause = errors.New("cause")
)

// newPool returns a pool that is closed when the test ends.
func newPool(t *testing.T, size int, opts ...pool.Option) *pool.Pool {
	t.Helper()
	p := pool.New(size, opts...)
	t.Cleanup(func() {
		p.Abort(nil)
		assert.NoError(t, p.Close(context.Background()))
	})
	return p
}

func value(v int) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return v, nil }
}

func failure(err error) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return 0, err }
}

// blocked is a task that returns only when its context is done, with the
// cause.
func blocked(ctx context.Context) (int, error) {
	<-ctx.Done()
	return 0, context.Cause(ctx)
}

// gated returns a task that waits for gate to close and then returns v.
func gated(gate <-chan struct{}, v int) func(context.Context) (int, error) {
	return func(context.Context) (int, error) {
		<-gate
		return v, nil
	}
}

// A gauge counts the tasks inside it and remembers the most at once.
type gauge struct{ now, peak atomic.Int64 }

func (g *gauge) enter() {
	n := g.now.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
}

func (g *gauge) leave() { g.now.Add(-1) }

// settles awaits f and fails the test if it is still pending when ctx
// ends.
func settles[T any](t *testing.T, f *future.Future[T]) (T, error) {
	t.Helper()
	select {
	case <-f.Done():
	case <-t.Context().Done():
		t.Fatal("the future never settled")
	}
	return f.Await(t.Context())
}

// addsUp checks the identity between the pool's counts at one moment.
func addsUp(t *testing.T, s pool.Stats) {
	t.Helper()
	ended := s.Rejected + s.Canceled + s.Succeeded + s.Failed + s.Panicked + s.Goexited
	inFlight := uint64(s.Running + s.Queued + s.Blocked)
	assert.Equal(t, s.Submitted, ended+inFlight, "the counts must add up: %+v", s)
}

// bubbleMark matches the part of a goroutine's header that names its
// synctest bubble.
var bubbleMark = regexp.MustCompile(`synctest bubble \d+\]`)

// bubbleGoroutines returns the stacks of the goroutines, other than the
// caller, in the caller's synctest bubble whose stack contains code. Unlike
// runtime.NumGoroutine, it does not see the goroutines of other tests. A
// goroutine that is just starting may be missed, so call it once the
// others are blocked, after synctest.Wait.
func bubbleGoroutines(code string) []string {
	buf := make([]byte, 1<<20)
	all := strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n")
	mark := bubbleMark.FindString(all[0]) // the caller's own stack comes first
	if mark == "" {
		panic("bubbleGoroutines called outside a synctest bubble")
	}
	var stacks []string
	for _, s := range all[1:] {
		header, _, _ := strings.Cut(s, "\n")
		if strings.Contains(header, mark) && strings.Contains(s, code) {
			stacks = append(stacks, s)
		}
	}
	return stacks
}

// poolGoroutines returns the stacks of the goroutines in the caller's
// synctest bubble that run code of package pool.
func poolGoroutines() []string { return bubbleGoroutines("eventual/pool.") }

func TestSubmit(t *testing.T) {
	tests := []struct {
		name    string
		give    func(context.Context) (int, error)
		want    int
		wantErr error
	}{
		{"value", value(7), 7, nil},
		{"error", failure(errBoom), 0, errBoom},
		{"value and error", func(context.Context) (int, error) { return 3, errBoom }, 3, errBoom},
		{"nil function", nil, 0, future.ErrNilFunc},
		{"panic", func(context.Context) (int, error) { panic(errBoom) }, 0, errBoom},
		{"goexit", func(context.Context) (int, error) { runtime.Goexit(); return 1, nil }, 0, future.ErrGoexit},
	}
	p := newPool(t, 2)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pool.Submit(t.Context(), p, tt.give).Await(t.Context())
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("Await() = %v, %v; want %v, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestGo(t *testing.T) {
	p := newPool(t, 2)
	done := make(chan int)
	require.NoError(t, p.Go(t.Context(), func(context.Context) { done <- 1 }))
	assert.Equal(t, 1, <-done)
}

// Bad input gets a clear error from every way of submitting, and is counted
// as rejected.
func TestBadInput(t *testing.T) {
	p := newPool(t, 1)
	var nilPool *pool.Pool
	nop := func(context.Context) {}
	ctx := t.Context()

	//lint:ignore SA1012 a nil context is the input under test
	assert.Equal(t, future.ErrNilContext, p.Go(nil, nop))
	assert.Equal(t, future.ErrNilFunc, p.Go(ctx, nil))
	assert.Equal(t, future.ErrNilFunc, p.TryGo(ctx, nil))
	_, err := pool.TrySubmit[int](ctx, p, nil)
	assert.Equal(t, future.ErrNilFunc, err)
	//lint:ignore SA1012 a nil context is the input under test
	_, err = pool.Submit(nil, p, value(1)).Await(ctx)
	assert.Equal(t, future.ErrNilContext, err)
	assert.Equal(t, pool.Stats{Submitted: 5, Rejected: 5, Size: 1}, p.Stats())

	assert.Equal(t, pool.ErrNilPool, nilPool.Go(ctx, nop))
	assert.Equal(t, pool.ErrNilPool, nilPool.TryGo(ctx, nop))
	_, err = pool.Submit(ctx, nilPool, value(1)).Await(ctx)
	assert.Equal(t, pool.ErrNilPool, err)
	_, err = pool.TrySubmit(ctx, nilPool, value(1))
	assert.Equal(t, pool.ErrNilPool, err)
	assert.Equal(t, pool.ErrNilPool, nilPool.Close(ctx))
	assert.Equal(t, pool.ErrNilPool, nilPool.Wait(ctx))
	assert.Equal(t, pool.ErrNilPool, nilPool.Resize(1))
	nilPool.Abort(nil) // must not panic
	assert.Equal(t, pool.Stats{}, nilPool.Stats())
	//lint:ignore SA1012 a nil context is the input under test
	assert.Equal(t, future.ErrNilContext, p.Close(nil))
	//lint:ignore SA1012 a nil context is the input under test
	assert.Equal(t, future.ErrNilContext, p.Wait(nil))
}

// A pool made with a bad size or option fails every submit with an error
// that says what was wrong, and starts nothing.
func TestInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		size int
		opts []pool.Option
		want string
	}{
		{"zero size", 0, nil, "pool: invalid configuration: size 0 is less than one"},
		{"negative size", -3, nil, "pool: invalid configuration: size -3 is less than one"},
		{"negative queue", 1, []pool.Option{pool.WithQueueSize(-1)}, "pool: invalid configuration: queue size -1 is negative"},
		{"unknown policy", 1, []pool.Option{pool.WithFullPolicy(7)}, "pool: invalid configuration: unknown full policy 7"},
		{"negative idle timeout", 1, []pool.Option{pool.WithIdleTimeout(-time.Second)}, "pool: invalid configuration: idle timeout -1s is negative"},
		{"negative task timeout", 1, []pool.Option{pool.WithTaskTimeout(-time.Second)}, "pool: invalid configuration: task timeout -1s is negative"},
		//lint:ignore SA1012 a nil context is the input under test
		{"nil context", 1, []pool.Option{pool.WithContext(nil)}, "pool: invalid configuration: nil context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPool(t, tt.size, tt.opts...)
			ran := false
			err := p.Go(t.Context(), func(context.Context) { ran = true })
			require.ErrorIs(t, err, pool.ErrInvalid)
			assert.EqualError(t, err, tt.want)
			_, err = pool.Submit(t.Context(), p, value(1)).Await(t.Context())
			assert.EqualError(t, err, tt.want)
			assert.EqualError(t, p.Resize(2), tt.want)
			assert.False(t, ran)
			assert.Equal(t, 0, p.Stats().Workers)
		})
	}
}

// A submit whose context is already done fails with its cause, never runs,
// and counts as canceled.
func TestSubmitDoneContext(t *testing.T) {
	p := newPool(t, 1)
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	ran := false
	_, err := pool.Submit(ctx, p, func(context.Context) (int, error) { ran = true; return 1, nil }).Await(t.Context())
	assert.Equal(t, errCause, err)
	assert.Equal(t, errCause, p.Go(ctx, func(context.Context) { ran = true }))
	assert.False(t, ran)
	assert.Equal(t, uint64(2), p.Stats().Canceled)
}

// After Close, every way of submitting fails with ErrClosed at once.
func TestSubmitAfterClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(1)
		require.NoError(t, p.Close(t.Context()))
		start := time.Now()
		nop := func(context.Context) {}
		assert.Equal(t, pool.ErrClosed, p.Go(t.Context(), nop))
		assert.Equal(t, pool.ErrClosed, p.TryGo(t.Context(), nop))
		_, err := pool.Submit(t.Context(), p, value(1)).Await(t.Context())
		assert.Equal(t, pool.ErrClosed, err)
		f, err := pool.TrySubmit(t.Context(), p, value(1))
		assert.Equal(t, pool.ErrClosed, err)
		_, ferr := f.Await(t.Context())
		assert.Equal(t, pool.ErrClosed, ferr)
		assert.Equal(t, pool.ErrClosed, p.Resize(2))
		assert.Zero(t, time.Since(start), "a closed pool must refuse at once")
		assert.Equal(t, uint64(4), p.Stats().Rejected)
	})
}

// Queued tasks run first come, first served.
func TestQueueIsFIFO(t *testing.T) {
	p := newPool(t, 1, pool.WithQueueSize(100))
	gate := make(chan struct{})
	first := pool.Submit(t.Context(), p, gated(gate, -1))
	var order []int
	var fs []*future.Future[int]
	for i := range 100 {
		fs = append(fs, pool.Submit(t.Context(), p, func(context.Context) (int, error) {
			order = append(order, i) // one worker: no race
			return i, nil
		}))
	}
	close(gate)
	_, err := future.All(append(fs, first)...).Await(t.Context())
	require.NoError(t, err)
	for i, v := range order {
		require.Equal(t, i, v)
	}
}
