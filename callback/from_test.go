package callback_test

import (
	"bytes"
	"context"
	"errors"
	"log"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/future"
)

// An ignoredCall is one report of Trace.Ignored.
type ignoredCall struct {
	n   int
	v   any
	err error
}

// recorder is a Trace that records what it is told.
type recorder struct {
	mu      sync.Mutex
	ignored []ignoredCall
	panics  []error
}

func (r *recorder) trace() *callback.Trace {
	return &callback.Trace{
		Ignored: func(n int, v any, err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.ignored = append(r.ignored, ignoredCall{n, v, err})
		},
		Panic: func(err error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.panics = append(r.panics, err)
		},
	}
}

func (r *recorder) calls() []ignoredCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]ignoredCall(nil), r.ignored...)
}

func (r *recorder) panicked() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.panics...)
}

func TestFromCallbackOnAnotherGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	f := callback.From(t.Context(), func(done func(int, error)) func() {
		wg.Go(func() { done(42, nil) })
		return nil
	})
	v, err := f.Await(t.Context())
	assert.Equal(t, 42, v)
	assert.NoError(t, err)
	wg.Wait()
}

// A callback called before start returns settles the future before From
// returns, and cancel is never called.
func TestFromSynchronousCallback(t *testing.T) {
	ctx, cancelCtx := context.WithCancel(t.Context())
	canceled := 0
	f := callback.From(ctx, func(done func(string, error)) func() {
		done("now", errBoom)
		return func() { canceled++ }
	})
	r, ok := f.Peek()
	require.True(t, ok, "the future settles before From returns")
	assert.Equal(t, "now", r.Value)
	assert.Equal(t, errBoom, r.Err)

	cancelCtx()
	f.Cancel(errCause)
	assert.Equal(t, 0, canceled, "cancel is not called once the callback has settled the future")
}

// A second call is ignored and reported to the trace with its arguments.
func TestFromDoubleCall(t *testing.T) {
	rec := new(recorder)
	ctx := callback.WithTrace(t.Context(), rec.trace())
	var done func(int, error)
	f := callback.From(ctx, func(d func(int, error)) func() { done = d; return nil })

	done(1, nil)
	done(2, errBoom)
	done(3, nil)
	v, err := f.Await(t.Context())
	assert.Equal(t, 1, v, "the first call wins")
	assert.NoError(t, err)
	assert.Equal(t, []ignoredCall{{2, 2, errBoom}, {3, 3, nil}}, rec.calls())
}

// Without a trace, extra calls are ignored quietly.
func TestFromDoubleCallWithoutTrace(t *testing.T) {
	f := callback.FromValue(t.Context(), func(done func(int)) func() {
		done(1)
		done(2)
		return nil
	})
	v, err := f.Await(t.Context())
	assert.Equal(t, 1, v)
	assert.NoError(t, err)
}

// Many goroutines calling one callback at once settle the future once;
// every other call is reported, each with its own number.
func TestFromConcurrentCalls(t *testing.T) {
	const n = 100
	rec := new(recorder)
	ctx := callback.WithTrace(t.Context(), rec.trace())
	var wg sync.WaitGroup
	f := callback.From(ctx, func(done func(int, error)) func() {
		for i := range n {
			wg.Go(func() { done(i, nil) })
		}
		return nil
	})
	wg.Wait()
	v, err := f.Await(t.Context())
	require.NoError(t, err)

	seen := map[int]bool{v: true}
	numbers := map[int]bool{}
	for _, c := range rec.calls() {
		seen[c.v.(int)] = true
		numbers[c.n] = true
	}
	assert.Len(t, seen, n, "every call is either the winner or reported")
	assert.Len(t, numbers, n-1)
	for i := 2; i <= n; i++ {
		assert.True(t, numbers[i], "call number %d reported", i)
	}
}

// A callback that is never called does not leave the future pending: it
// fails when the context's deadline passes, exactly then, and the API's
// cancel is called once. A late call is reported as the first call, and
// nothing is left running.
func TestFromNeverCalledDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := new(recorder)
		ctx, cancel := context.WithTimeout(callback.WithTrace(t.Context(), rec.trace()), time.Hour)
		defer cancel()
		var done func(int, error)
		canceled := 0
		start := time.Now()
		f := callback.From(ctx, func(d func(int, error)) func() {
			done = d
			return func() { canceled++ }
		})

		_, err := f.Await(t.Context())
		assert.Equal(t, context.DeadlineExceeded, err)
		assert.Equal(t, time.Hour, time.Since(start))
		synctest.Wait()
		assert.Equal(t, 1, canceled)

		done(7, nil)
		assert.Equal(t, []ignoredCall{{1, 7, nil}}, rec.calls())
	})
}

// The future fails with the cause of the context's cancel.
func TestFromContextCanceledWithCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		canceled := make(chan struct{})
		f := callback.From(ctx, func(func(int, error)) func() {
			return func() { close(canceled) }
		})
		cancel(errCause)
		_, err := f.Await(t.Context())
		assert.Equal(t, errCause, err)
		<-canceled
	})
}

// Canceling the future tells the API to stop, on the canceling goroutine.
func TestFromCancelFuture(t *testing.T) {
	canceled := 0
	f := callback.From(t.Context(), func(func(int, error)) func() {
		return func() { canceled++ }
	})
	f.Cancel(errCause)
	assert.Equal(t, 1, canceled, "cancel runs before Cancel returns")
	_, err := f.Await(t.Context())
	assert.Equal(t, errCause, err)
	f.Cancel(errBoom)
	assert.Equal(t, 1, canceled)
}

// A callback racing a cancel of the context has exactly one outcome: the
// value, and cancel is not called; or the cause, cancel is called once,
// and the callback is reported as ignored.
func TestFromCallbackRacesCancel(t *testing.T) {
	n := 10_000
	if testing.Short() {
		n = 1000
	}
	for range n {
		rec := new(recorder)
		ctx, cancel := context.WithCancelCause(callback.WithTrace(context.Background(), rec.trace()))
		var canceled atomic.Int32
		var wg sync.WaitGroup
		f := callback.From(ctx, func(done func(int, error)) func() {
			wg.Go(func() { done(1, nil) })
			return func() { canceled.Add(1) }
		})
		wg.Go(func() { cancel(errCause) })
		wg.Wait()
		v, err := f.Await(context.Background())
		switch err {
		case nil:
			require.Equal(t, 1, v)
			require.Zero(t, canceled.Load(), "cancel called after the callback won")
			require.Empty(t, rec.calls())
		case errCause:
			require.Equal(t, int32(1), canceled.Load())
			require.Equal(t, []ignoredCall{{1, 1, nil}}, rec.calls())
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
}

// A panic in start fails the future if it is still pending; the caller
// goes on.
func TestFromStartPanics(t *testing.T) {
	f := callback.From(t.Context(), func(func(int, error)) func() { panic(errBoom) })
	_, err := f.Await(t.Context())
	var perr *future.PanicError
	require.ErrorAs(t, err, &perr)
	assert.ErrorIs(t, err, errBoom)
	assert.Contains(t, string(perr.Stack), "TestFromStartPanics")
}

// A panic in start after it called the callback, or in cancel, has no
// future to fail: it goes to the trace.
func TestFromLatePanicsGoToTrace(t *testing.T) {
	rec := new(recorder)
	ctx := callback.WithTrace(t.Context(), rec.trace())
	f := callback.From(ctx, func(done func(int, error)) func() {
		done(1, nil)
		panic("after done")
	})
	v, err := f.Await(t.Context())
	assert.Equal(t, 1, v)
	assert.NoError(t, err)

	g := callback.From(ctx, func(func(int, error)) func() {
		return func() { panic("in cancel") }
	})
	g.Cancel(errCause)

	panics := rec.panicked()
	require.Len(t, panics, 2)
	for i, want := range []string{"after done", "in cancel"} {
		var perr *future.PanicError
		require.ErrorAs(t, panics[i], &perr)
		assert.Equal(t, want, perr.Value)
	}
}

// Without a trace, a panic that no future can carry is logged with its
// stack, not lost.
func TestFromLatePanicIsLogged(t *testing.T) {
	var buf bytes.Buffer
	defer log.SetOutput(log.Writer())
	log.SetOutput(&buf)

	f := callback.From(t.Context(), func(func(int, error)) func() {
		return func() { panic("in cancel") }
	})
	f.Cancel(errCause)
	assert.Contains(t, buf.String(), "future: panic: in cancel")
	assert.Contains(t, buf.String(), "TestFromLatePanicIsLogged")
}

// A start that calls runtime.Goexit settles the future with ErrGoexit
// rather than leave it pending: From cannot return it, but a later call of
// the callback is reported as coming after the future settled.
func TestFromStartGoexit(t *testing.T) {
	rec := new(recorder)
	ctx := callback.WithTrace(t.Context(), rec.trace())
	var done func(int, error)
	var wg sync.WaitGroup
	wg.Go(func() {
		callback.From(ctx, func(d func(int, error)) func() {
			done = d
			runtime.Goexit()
			return nil
		})
		t.Error("From returned after Goexit")
	})
	wg.Wait()
	done(1, nil)
	assert.Equal(t, []ignoredCall{{1, 1, nil}}, rec.calls())
}

func TestFromBadInput(t *testing.T) {
	called := false
	start := func(func(int, error)) func() { called = true; return nil }
	canceled, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)

	tests := []struct {
		name  string
		ctx   context.Context
		start func(func(int, error)) func()
		want  error
	}{
		{"nil context", nil, start, future.ErrNilContext},
		{"nil start", t.Context(), nil, future.ErrNilFunc},
		{"done context", canceled, start, errCause},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := callback.From(tt.ctx, tt.start).Await(t.Context())
			assert.Equal(t, tt.want, err)
			_, err = callback.FromValue(tt.ctx, nilIf(tt.start == nil, func(func(int)) func() { called = true; return nil })).Await(t.Context())
			assert.Equal(t, tt.want, err)
			_, err = callback.FromError(tt.ctx, nilIf(tt.start == nil, func(func(error)) func() { called = true; return nil })).Await(t.Context())
			assert.Equal(t, tt.want, err)
			assert.False(t, called, "start must not be called")
		})
	}
}

// nilIf returns nil if cond holds, and fn otherwise.
func nilIf[F any](cond bool, fn F) F {
	if cond {
		var zero F
		return zero
	}
	return fn
}

func TestFromValue(t *testing.T) {
	f := callback.FromValue(t.Context(), func(done func(string)) func() {
		go done("hello")
		return nil
	})
	v, err := f.Await(t.Context())
	assert.Equal(t, "hello", v)
	assert.NoError(t, err)
}

func TestFromError(t *testing.T) {
	for _, want := range []error{nil, errBoom} {
		f := callback.FromError(t.Context(), func(done func(error)) func() {
			go done(want)
			return nil
		})
		_, err := f.Await(t.Context())
		assert.Equal(t, want, err)
	}
}

// When ctx ends, cancel runs before the future fails: a callback that the
// API calls from inside cancel, as many do with an error of their own, is
// ignored, and the future fails with the context's cause.
func TestFromCallbackInsideCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := new(recorder)
		ctx, cancel := context.WithCancelCause(callback.WithTrace(t.Context(), rec.trace()))
		errAborted := errors.New("aborted")
		f := callback.From(ctx, func(done func(int, error)) func() {
			return func() { done(0, errAborted) }
		})
		cancel(errCause)
		_, err := f.Await(t.Context())
		assert.Equal(t, errCause, err)
		assert.Equal(t, []ignoredCall{{1, 0, errAborted}}, rec.calls(), "cancel has returned by the time the future fails")
	})
}

// A panic in cancel when ctx ends fails the future, which has not settled
// yet, instead of the context's cause.
func TestFromCancelPanicsWhenContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		f := callback.From(ctx, func(func(int, error)) func() {
			return func() { panic(errBoom) }
		})
		cancel()
		_, err := f.Await(t.Context())
		var perr *future.PanicError
		require.ErrorAs(t, err, &perr)
		assert.ErrorIs(t, err, errBoom)
	})
}

// A cancel of the future racing the end of its context calls the API's
// cancel exactly once, whichever wins.
func TestFromCancelRacesContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for range 1000 {
			ctx, cancelCtx := context.WithCancelCause(t.Context())
			var canceled atomic.Int32
			f := callback.From(ctx, func(func(int, error)) func() {
				return func() { canceled.Add(1) }
			})
			go f.Cancel(errBoom)
			go cancelCtx(errCause)
			_, err := f.Await(t.Context())
			if err != errBoom && err != errCause {
				t.Fatalf("unexpected error %v", err)
			}
			synctest.Wait()
			require.Equal(t, int32(1), canceled.Load())
		}
	})
}
