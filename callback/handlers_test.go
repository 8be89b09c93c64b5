package callback_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// A handler registered before its future settles runs on the goroutine
// that settles it, before Resolve returns; one registered after runs before
// the registration returns.
func TestOnCompleteBeforeAndAfterSettling(t *testing.T) {
	p := promise.New[int]()
	var got []string
	before := callback.OnComplete(p.Future(), func(v int, err error) { got = append(got, "before") })
	assert.Empty(t, got)
	_, ok := before.Peek()
	assert.False(t, ok, "the handler's future waits for the handler")

	p.Resolve(1)
	assert.Equal(t, []string{"before"}, got, "the handler runs before Resolve returns")
	after := callback.OnComplete(p.Future(), func(v int, err error) { got = append(got, "after") })
	assert.Equal(t, []string{"before", "after"}, got, "the handler runs before OnComplete returns")

	for _, h := range []*future.Future[struct{}]{before, after} {
		r, ok := h.Peek()
		assert.True(t, ok)
		assert.NoError(t, r.Err)
	}
}

// Each kind of handler runs for the outcomes it is for, with the value or
// error, and its future succeeds whether or not it ran.
func TestHandlersSeeTheirOutcome(t *testing.T) {
	for _, give := range []*future.Future[int]{future.Resolved(7), future.Rejected[int](errBoom)} {
		want, _ := give.Peek()
		var success, failure, complete []future.Result[int]
		hs := []*future.Future[struct{}]{
			callback.OnSuccess(give, func(v int) { success = append(success, future.Result[int]{Value: v}) }),
			callback.OnFailure(give, func(err error) { failure = append(failure, future.Result[int]{Err: err}) }),
			callback.OnComplete(give, func(v int, err error) { complete = append(complete, future.Result[int]{Value: v, Err: err}) }),
		}
		if want.Err == nil {
			assert.Equal(t, []future.Result[int]{want}, success)
			assert.Empty(t, failure)
		} else {
			assert.Empty(t, success)
			assert.Equal(t, []future.Result[int]{{Err: errBoom}}, failure)
		}
		assert.Equal(t, []future.Result[int]{want}, complete)
		for _, h := range hs {
			_, err := h.Await(t.Context())
			assert.NoError(t, err)
		}
	}
}

// Handlers on one future run in the order they were registered.
func TestHandlersRunInOrder(t *testing.T) {
	p := promise.New[string]()
	var order []int
	for i := range 5 {
		callback.OnSuccess(p.Future(), func(string) { order = append(order, i) })
	}
	p.Resolve("go")
	assert.Equal(t, []int{0, 1, 2, 3, 4}, order)
}

// A panicking handler among others: the others run, the settling goroutine
// goes on, and the panic is reported through the handler's own future.
func TestHandlerPanicsAmongOthers(t *testing.T) {
	p := promise.New[int]()
	var ran []string
	first := callback.OnSuccess(p.Future(), func(int) { ran = append(ran, "first") })
	boom := callback.OnSuccess(p.Future(), func(int) { ran = append(ran, "boom"); panic(errBoom) })
	last := callback.OnComplete(p.Future(), func(int, error) { ran = append(ran, "last") })

	assert.True(t, p.Resolve(1), "Resolve returns normally")
	assert.Equal(t, []string{"first", "boom", "last"}, ran)

	_, err := boom.Await(t.Context())
	var perr *future.PanicError
	require.ErrorAs(t, err, &perr)
	assert.ErrorIs(t, err, errBoom)
	assert.Contains(t, string(perr.Stack), "TestHandlerPanicsAmongOthers")
	for _, h := range []*future.Future[struct{}]{first, last} {
		_, err := h.Await(t.Context())
		assert.NoError(t, err)
	}
	v, err := p.Future().Await(t.Context())
	assert.Equal(t, 1, v, "the future itself is untouched")
	assert.NoError(t, err)
}

// A handler that calls runtime.Goexit ends the settling goroutine, as it
// must, but its future fails with ErrGoexit and later handlers still run.
func TestHandlerGoexit(t *testing.T) {
	p := promise.New[int]()
	exits := callback.OnSuccess(p.Future(), func(int) { runtime.Goexit() })
	later := make(chan int, 1)
	callback.OnSuccess(p.Future(), func(v int) { later <- v })

	var wg sync.WaitGroup
	wg.Go(func() {
		p.Resolve(3)
		t.Error("Resolve returned after Goexit")
	})
	wg.Wait()
	_, err := exits.Await(t.Context())
	assert.Equal(t, future.ErrGoexit, err)
	assert.Equal(t, 3, <-later)
}

// 10,000 goroutines register handlers on one future while it settles:
// every handler runs exactly once, and every handler's future settles.
func TestConcurrentRegistrations(t *testing.T) {
	const n = 10_000
	p := promise.New[int]()
	runs := make([]atomic.Int32, n)
	hs := make([]*future.Future[struct{}], n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			hs[i] = callback.OnComplete(p.Future(), func(v int, err error) {
				if v == 5 && err == nil {
					runs[i].Add(1)
				}
			})
		})
	}
	wg.Go(func() {
		<-start
		p.Resolve(5)
	})
	close(start)
	wg.Wait()
	for i := range n {
		_, err := hs[i].Await(t.Context())
		require.NoError(t, err)
		require.Equal(t, int32(1), runs[i].Load(), "handler %d", i)
	}
}

func TestHandlersBadInput(t *testing.T) {
	var nilFuture *future.Future[int]
	ok := future.Resolved(1)
	r := goRunner(new(sync.WaitGroup))
	called := false
	tests := []struct {
		name string
		h    *future.Future[struct{}]
		want error
	}{
		{"OnSuccess nil future", callback.OnSuccess(nilFuture, func(int) { called = true }), future.ErrNilFuture},
		{"OnFailure nil future", callback.OnFailure(nilFuture, func(error) { called = true }), future.ErrNilFuture},
		{"OnComplete nil future", callback.OnComplete(nilFuture, func(int, error) { called = true }), future.ErrNilFuture},
		{"OnSuccess nil func", callback.OnSuccess[int](ok, nil), future.ErrNilFunc},
		{"OnFailure nil func", callback.OnFailure[int](ok, nil), future.ErrNilFunc},
		{"OnComplete nil func", callback.OnComplete[int](ok, nil), future.ErrNilFunc},
		{"OnSuccessAsync nil runner", callback.OnSuccessAsync(t.Context(), nil, ok, func(context.Context, int) { called = true }), callback.ErrNilRunner},
		//lint:ignore SA1012 a nil context is the input under test
		{"OnFailureAsync nil context", callback.OnFailureAsync(nil, r, ok, func(context.Context, error) { called = true }), future.ErrNilContext},
		{"OnCompleteAsync nil future", callback.OnCompleteAsync(t.Context(), r, nilFuture, func(context.Context, int, error) { called = true }), future.ErrNilFuture},
		{"OnCompleteAsync nil func", callback.OnCompleteAsync[int](t.Context(), r, ok, nil), future.ErrNilFunc},
	}
	for _, tt := range tests {
		_, err := tt.h.Await(t.Context())
		assert.Equal(t, tt.want, err, tt.name)
	}
	assert.False(t, called)
}

// A queue is a Runner that keeps the functions it is given until the test
// runs them, so the test decides when and where they run.
type queue struct {
	mu   sync.Mutex
	jobs []func(context.Context)
	ctxs []context.Context
	err  error // returned by Go instead of queuing, if set
}

func (q *queue) Go(ctx context.Context, fn func(context.Context)) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		return q.err
	}
	q.jobs = append(q.jobs, fn)
	q.ctxs = append(q.ctxs, ctx)
	return nil
}

// runAll runs the queued functions on the calling goroutine with ctx.
func (q *queue) runAll(ctx context.Context) int {
	q.mu.Lock()
	jobs := q.jobs
	q.jobs = nil
	q.mu.Unlock()
	for _, job := range jobs {
		job(ctx)
	}
	return len(jobs)
}

type runnerKey struct{}

// An async handler is handed to the runner with the registration's
// context; the settling goroutine does not run it, and the handler's future
// settles only when the runner has run it, with the runner's context.
func TestOnCompleteAsyncRunsOnTheRunner(t *testing.T) {
	q := new(queue)
	regCtx := context.WithValue(t.Context(), runnerKey{}, "registration")
	p := promise.New[int]()
	var got []any
	h := callback.OnCompleteAsync(regCtx, q, p.Future(), func(ctx context.Context, v int, err error) {
		got = append(got, v, err, ctx.Value(runnerKey{}))
	})
	p.Resolve(9)
	assert.Empty(t, got, "the settling goroutine only hands the handler over")
	_, ok := h.Peek()
	assert.False(t, ok)
	require.Len(t, q.ctxs, 1)
	assert.Equal(t, "registration", q.ctxs[0].Value(runnerKey{}))

	runCtx := context.WithValue(t.Context(), runnerKey{}, "runner")
	assert.Equal(t, 1, q.runAll(runCtx))
	assert.Equal(t, []any{9, nil, "runner"}, got)
	_, err := h.Await(t.Context())
	assert.NoError(t, err)
}

// Async success and failure handlers skip the outcomes they are not for
// without bothering the runner.
func TestAsyncHandlersSkip(t *testing.T) {
	q := new(queue)
	ok, failed := future.Resolved(1), future.Rejected[int](errBoom)
	hs := []*future.Future[struct{}]{
		callback.OnSuccessAsync(t.Context(), q, failed, func(context.Context, int) { t.Error("called") }),
		callback.OnFailureAsync(t.Context(), q, ok, func(context.Context, error) { t.Error("called") }),
	}
	for _, h := range hs {
		_, err := h.Await(t.Context())
		assert.NoError(t, err)
	}
	assert.Zero(t, q.runAll(t.Context()))

	var gotErr error
	h := callback.OnFailureAsync(t.Context(), q, failed, func(_ context.Context, err error) { gotErr = err })
	var gotV int
	g := callback.OnSuccessAsync(t.Context(), q, ok, func(_ context.Context, v int) { gotV = v })
	assert.Equal(t, 2, q.runAll(t.Context()))
	assert.Equal(t, errBoom, gotErr)
	assert.Equal(t, 1, gotV)
	for _, f := range []*future.Future[struct{}]{h, g} {
		_, err := f.Await(t.Context())
		assert.NoError(t, err)
	}
}

// A runner that refuses, a context that is done, and a runner that panics
// each fail the handler's future, and the handler does not run.
func TestAsyncHandlerNotRun(t *testing.T) {
	errFull := errors.New("runner: closed")
	done, cancel := context.WithCancelCause(t.Context())
	cancel(errCause)
	panicky := callback.RunnerFunc(func(context.Context, func(context.Context)) error { panic("runner") })
	tests := []struct {
		name string
		ctx  context.Context
		r    callback.Runner
		want func(error) bool
	}{
		{"refused", t.Context(), &queue{err: errFull}, func(err error) bool { return err == errFull }},
		{"context done", done, new(queue), func(err error) bool { return err == errCause }},
		{"runner panics", t.Context(), panicky, func(err error) bool {
			var perr *future.PanicError
			return errors.As(err, &perr) && perr.Value == "runner"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := promise.New[int]()
			h := callback.OnCompleteAsync(tt.ctx, tt.r, p.Future(), func(context.Context, int, error) { t.Error("called") })
			p.Resolve(1)
			_, err := h.Await(t.Context())
			assert.True(t, tt.want(err), "got %v", err)
			if q, ok := tt.r.(*queue); ok {
				assert.Zero(t, q.runAll(t.Context()))
			}
		})
	}
}

// goRunner is a Runner that runs each function on a new goroutine, which
// wg tracks.
func goRunner(wg *sync.WaitGroup) callback.RunnerFunc {
	return func(ctx context.Context, fn func(context.Context)) error {
		wg.Go(func() { fn(ctx) })
		return nil
	}
}

// A panic in an async handler is caught before it reaches the runner's
// goroutine, and fails the handler's future.
func TestAsyncHandlerPanics(t *testing.T) {
	var wg sync.WaitGroup
	h := callback.OnSuccessAsync(t.Context(), goRunner(&wg), future.Resolved(1), func(context.Context, int) {
		panic(errBoom)
	})
	_, err := h.Await(t.Context())
	assert.ErrorIs(t, err, errBoom)
	wg.Wait()
}
