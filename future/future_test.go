package future_test

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	errBoom  = errors.New("boom")
	errOther = errors.New("other")
)

// blocked is a task that returns only when its context is canceled, with the
// cause it was canceled with.
func blocked(ctx context.Context) (int, error) {
	<-ctx.Done()
	return 0, context.Cause(ctx)
}

func value(v int) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return v, nil }
}

func failure(err error) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return 0, err }
}

func TestGo(t *testing.T) {
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
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := future.Go(t.Context(), tt.give).Await(t.Context())
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("Await() = %v, %v; want %v, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestGoBadContext(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errBoom)
	called := false
	_, err := future.Go(ctx, func(context.Context) (int, error) { called = true; return 1, nil }).Await(t.Context())
	assert.Equal(t, errBoom, err, "a done ctx fails with its cause")
	assert.False(t, called, "fn must not run when ctx is already done")

	//lint:ignore SA1012 a nil context is the input under test
	_, err = future.Go(nil, value(1)).Await(t.Context())
	assert.Equal(t, future.ErrNilContext, err)
}

// The context a task sees is canceled once the task returns, as a deferred
// cancel would do.
func TestGoCancelsContextOnReturn(t *testing.T) {
	var seen context.Context
	_, err := future.Go(t.Context(), func(ctx context.Context) (int, error) { seen = ctx; return 1, nil }).Await(t.Context())
	require.NoError(t, err)
	<-seen.Done()
	assert.Equal(t, context.Canceled, seen.Err())
}

func TestResolvedRejected(t *testing.T) {
	v, err := future.Resolved(5).Await(t.Context())
	assert.Equal(t, 5, v)
	assert.NoError(t, err)

	_, err = future.Rejected[int](errBoom).Await(t.Context())
	assert.Equal(t, errBoom, err)

	_, err = future.Rejected[int](nil).Await(t.Context())
	assert.Equal(t, future.ErrNilError, err, "a nil error must not read as success")
}

// Giving up on Await changes nothing: a later Await sees the real result,
// and nothing is left behind.
func TestAwaitContextEndsFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		f := future.Go(t.Context(), func(context.Context) (int, error) { <-release; return 42, nil })

		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := f.Await(ctx)
		assert.Equal(t, context.DeadlineExceeded, err)
		assert.Equal(t, time.Second, time.Since(start), "Await must return at the deadline exactly")

		canceled, cancel2 := context.WithCancel(t.Context())
		cancel2()
		_, err = f.Await(canceled)
		assert.Equal(t, context.Canceled, err)

		close(release)
		v, err := f.Await(t.Context())
		assert.Equal(t, 42, v)
		assert.NoError(t, err)
	})
}

// A result that is there wins over a context that is done.
func TestAwaitResultWinsOverDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	v, err := future.Resolved(1).Await(ctx)
	assert.Equal(t, 1, v)
	assert.NoError(t, err)
}

func TestAwaitNil(t *testing.T) {
	var f *future.Future[int]
	_, err := f.Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)

	//lint:ignore SA1012 a nil context is the input under test
	_, err = future.Resolved(1).Await(nil)
	assert.Equal(t, future.ErrNilContext, err)
}

func TestDone(t *testing.T) {
	p := promise.New[int]()
	f := p.Future()
	d := f.Done()
	assert.Equal(t, d, f.Done(), "successive calls return the same channel")
	select {
	case <-d:
		t.Fatal("Done closed before the future settled")
	default:
	}
	p.Resolve(1)
	<-d
	<-future.Resolved(1).Done()

	var nilFuture *future.Future[int]
	<-nilFuture.Done()
}

func TestPeek(t *testing.T) {
	p := promise.New[int]()
	r, ok := p.Future().Peek()
	assert.False(t, ok)
	assert.Equal(t, future.Result[int]{}, r)

	p.Reject(errBoom)
	r, ok = p.Future().Peek()
	assert.True(t, ok)
	assert.Equal(t, future.Result[int]{Err: errBoom}, r)

	var nilFuture *future.Future[int]
	r, ok = nilFuture.Peek()
	assert.True(t, ok)
	assert.Equal(t, future.ErrNilFuture, r.Err)
}

// Cancel reaches the task's context with the cause, and the future settles
// with what the task returns, once it has returned.
func TestCancelTask(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stopped := make(chan struct{})
		f := future.Go(t.Context(), func(ctx context.Context) (int, error) {
			<-ctx.Done()
			<-stopped // the task takes its time to stop
			return 0, context.Cause(ctx)
		})
		f.Cancel(errBoom)
		synctest.Wait()
		_, ok := f.Peek()
		assert.False(t, ok, "the future must not settle while its task runs")

		close(stopped)
		_, err := f.Await(t.Context())
		assert.Equal(t, errBoom, err)
	})
}

func TestCancelTaskWithoutCause(t *testing.T) {
	f := future.Go(t.Context(), blocked)
	f.Cancel(nil)
	_, err := f.Await(t.Context())
	assert.Equal(t, context.Canceled, err)
}

// Canceling the context given to Go reaches the task with its cause.
func TestCancelParentContext(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	f := future.Go(ctx, blocked)
	cancel(errBoom)
	_, err := f.Await(t.Context())
	assert.Equal(t, errBoom, err)
}

// A future with no task of its own fails with the cause at once; its writer
// learns of it from Resolve's result.
func TestCancelWithoutTask(t *testing.T) {
	p := promise.New[int]()
	p.Future().Cancel(errBoom)
	_, err := p.Future().Await(t.Context())
	assert.Equal(t, errBoom, err)
	assert.False(t, p.Resolve(1))

	q := promise.New[int]()
	q.Future().Cancel(nil)
	_, err = q.Future().Await(t.Context())
	assert.Equal(t, context.Canceled, err)
}

func TestCancelAfterSettleDoesNothing(t *testing.T) {
	f := future.Resolved(1)
	f.Cancel(errBoom)
	v, err := f.Await(t.Context())
	assert.Equal(t, 1, v)
	assert.NoError(t, err)

	var nilFuture *future.Future[int]
	nilFuture.Cancel(errBoom) // must not panic
}

// Canceling a derived future settles it and leaves its input alone, since
// the input may have other consumers.
func TestCancelDerivedLeavesInput(t *testing.T) {
	p := promise.New[int]()
	ran := false
	derived := future.Then(p.Future(), func(v int) (int, error) { ran = true; return v, nil })
	other := future.Then(p.Future(), func(v int) (int, error) { return v + 1, nil })
	derived.Cancel(errBoom)

	_, err := derived.Await(t.Context())
	assert.Equal(t, errBoom, err)
	p.Resolve(1)
	v, err := other.Await(t.Context())
	assert.Equal(t, 2, v)
	assert.NoError(t, err)
	assert.False(t, ran, "a canceled continuation must not run")
}
