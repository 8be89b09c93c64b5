package callback_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// A value or a close that is already there settles the future before
// FromChan returns, even if ctx is done.
func TestFromChanReady(t *testing.T) {
	done, cancel := context.WithCancel(t.Context())
	cancel()

	full := make(chan int, 2)
	full <- 1
	full <- 2
	f := callback.FromChan(done, full)
	r, ok := f.Peek()
	require.True(t, ok)
	assert.Equal(t, future.Result[int]{Value: 1}, r)
	assert.Len(t, full, 1, "FromChan takes one value only")

	closed := make(chan int)
	close(closed)
	_, err := callback.FromChan(done, closed).Await(t.Context())
	assert.Equal(t, callback.ErrChanClosed, err)
}

// A value or a close that comes later settles the future.
func TestFromChanLater(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan string)
		f := callback.FromChan(t.Context(), ch)
		ch <- "late"
		v, err := f.Await(t.Context())
		assert.Equal(t, "late", v)
		assert.NoError(t, err)

		closing := make(chan string)
		g := callback.FromChan(t.Context(), closing)
		close(closing)
		_, err = g.Await(t.Context())
		assert.Equal(t, callback.ErrChanClosed, err)
	})
}

// When ctx's deadline passes first, the future fails with it, exactly
// then, and a value sent afterwards stays in the channel.
func TestFromChanDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		ch := make(chan int, 1)
		start := time.Now()
		_, err := callback.FromChan(ctx, ch).Await(t.Context())
		assert.Equal(t, context.DeadlineExceeded, err)
		assert.Equal(t, time.Minute, time.Since(start))
		synctest.Wait() // the goroutine of FromChan has ended
		ch <- 1
		assert.Len(t, ch, 1, "the value is not taken")
	})
}

// Canceling the future ends its goroutine, which the bubble would report
// as a leak otherwise.
func TestFromChanCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := callback.FromChan(t.Context(), make(chan int))
		f.Cancel(errCause)
		_, err := f.Await(t.Context())
		assert.Equal(t, errCause, err)
	})
}

func TestFromChanBadInput(t *testing.T) {
	_, err := callback.FromChan(t.Context(), (chan int)(nil)).Await(t.Context())
	assert.Equal(t, callback.ErrNilChan, err)
	//lint:ignore SA1012 a nil context is the input under test
	_, err = callback.FromChan(nil, make(chan int)).Await(t.Context())
	assert.Equal(t, future.ErrNilContext, err)
}

// ToChan delivers the result once, and then the channel is closed.
func TestToChan(t *testing.T) {
	p := promise.New[int]()
	ch := callback.ToChan(p.Future())
	select {
	case <-ch:
		t.Fatal("received before the future settled")
	default:
	}
	p.Reject(errBoom)
	assert.Equal(t, []future.Result[int]{{Err: errBoom}}, drain(ch))

	assert.Equal(t, []future.Result[int]{{Value: 3}}, drain(callback.ToChan(future.Resolved(3))))
	var nilFuture *future.Future[int]
	assert.Equal(t, []future.Result[int]{{Err: future.ErrNilFuture}}, drain(callback.ToChan(nilFuture)))
}

// drain receives from ch until it is closed.
func drain[T any](ch <-chan T) []T {
	var got []T
	for v := range ch {
		got = append(got, v)
	}
	return got
}

// FanIn delivers the futures that have settled first, in input order, then
// the others as they settle, and closes the channel after the last.
func TestFanIn(t *testing.T) {
	ps := []*promise.Promise[int]{promise.New[int](), promise.New[int](), promise.New[int]()}
	var nilFuture *future.Future[int]
	fs := []*future.Future[int]{ps[0].Future(), future.Resolved(10), ps[1].Future(), nilFuture, ps[2].Future()}
	ch := callback.FanIn(fs...)

	ps[2].Resolve(12)
	ps[0].Reject(errBoom)
	ps[1].Resolve(11)
	want := []callback.Indexed[int]{
		{Index: 1, Result: future.Result[int]{Value: 10}},
		{Index: 3, Result: future.Result[int]{Err: future.ErrNilFuture}},
		{Index: 4, Result: future.Result[int]{Value: 12}},
		{Index: 0, Result: future.Result[int]{Err: errBoom}},
		{Index: 2, Result: future.Result[int]{Value: 11}},
	}
	assert.Equal(t, want, drain(ch))
}

func TestFanInEmpty(t *testing.T) {
	assert.Empty(t, drain(callback.FanIn[int]()))
}

// Futures settled from many goroutines at once each arrive once.
func TestFanInConcurrent(t *testing.T) {
	const n = 1000
	ps := make([]*promise.Promise[int], n)
	fs := make([]*future.Future[int], n)
	for i := range ps {
		ps[i] = promise.New[int]()
		fs[i] = ps[i].Future()
	}
	ch := callback.FanIn(fs...)
	for i, p := range ps {
		go p.Resolve(i)
	}
	var got []int
	for r := range ch {
		require.Equal(t, r.Index, r.Value)
		got = append(got, r.Index)
	}
	slices.Sort(got)
	assert.Len(t, slices.Compact(got), n)
}
