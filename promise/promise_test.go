package promise_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errBoom = errors.New("boom")

func TestResolve(t *testing.T) {
	p := promise.New[string]()
	assert.True(t, p.Resolve("first"))
	assert.False(t, p.Resolve("second"))
	assert.False(t, p.Reject(errBoom))
	v, err := p.Future().Await(t.Context())
	assert.Equal(t, "first", v, "the first value is kept")
	assert.NoError(t, err)
}

func TestReject(t *testing.T) {
	p := promise.New[int]()
	assert.True(t, p.Reject(errBoom))
	assert.False(t, p.Resolve(1))
	_, err := p.Future().Await(t.Context())
	assert.Equal(t, errBoom, err)

	q := promise.New[int]()
	assert.True(t, q.Reject(nil))
	_, err = q.Future().Await(t.Context())
	assert.Equal(t, future.ErrNilError, err, "a nil error must not read as success")
}

func TestSettle(t *testing.T) {
	p := promise.New[int]()
	assert.True(t, p.Settle(strconvAtoi("12")))
	v, err := p.Future().Await(t.Context())
	assert.Equal(t, 12, v)
	assert.NoError(t, err)

	q := promise.New[int]()
	assert.True(t, q.Settle(strconvAtoi("x")))
	_, err = q.Future().Await(t.Context())
	assert.Error(t, err)
}

func strconvAtoi(s string) (int, error) {
	var v int
	_, err := fmt.Sscan(s, &v)
	return v, err
}

func TestFutureIsShared(t *testing.T) {
	p := promise.New[int]()
	assert.Same(t, p.Future(), p.Future())
	var zero promise.Promise[int]
	assert.True(t, zero.Resolve(1), "the zero Promise is usable")
}

// A promise, resolved and awaited on one goroutine, costs one allocation.
func TestPromiseAllocs(t *testing.T) {
	ctx := context.Background()
	allocs := testing.AllocsPerRun(1000, func() {
		p := promise.New[int]()
		p.Resolve(1)
		if v, _ := p.Future().Await(ctx); v != 1 {
			panic("wrong value")
		}
	})
	assert.Equal(t, 1.0, allocs)
}

// One settlement per round, seen the same by every awaiter and every
// continuation, each of which runs once: 64 goroutines race to Resolve or
// Reject one promise, while awaiters wait and continuations are added
// before, during and after.
func TestSettlesExactlyOnce(t *testing.T) {
	const settlers, awaiters, conts = 64, 8, 16
	rounds := 10_000
	if testing.Short() {
		rounds = 500
	}
	errs := make([]error, settlers)
	for i := range errs {
		errs[i] = fmt.Errorf("settler %d", i)
	}
	ctx := context.Background()
	for round := range rounds {
		p := promise.New[int]()
		start := make(chan struct{})
		var wins atomic.Int32
		var ran [conts]atomic.Int32
		seen := make(chan future.Result[int], awaiters+conts)
		outs := make([]*future.Future[int], conts)
		var wg sync.WaitGroup
		addCont := func(k int) {
			outs[k] = future.Then(p.Future(), func(v int) (int, error) {
				ran[k].Add(1)
				seen <- future.Result[int]{Value: v}
				return v, nil
			})
			outs[k] = future.Catch(outs[k], func(err error) (int, error) {
				ran[k].Add(1)
				seen <- future.Result[int]{Err: err}
				return 0, err
			})
		}
		for k := range conts / 2 {
			addCont(k)
		}
		for i := range settlers {
			wg.Go(func() {
				<-start
				won := false
				if i%2 == 0 {
					won = p.Resolve(i)
				} else {
					won = p.Reject(errs[i])
				}
				if won {
					wins.Add(1)
				}
				if i < conts/2 {
					addCont(conts/2 + i)
				}
			})
		}
		for range awaiters {
			wg.Go(func() {
				v, err := p.Future().Await(ctx)
				seen <- future.Result[int]{Value: v, Err: err}
			})
		}
		close(start)
		wg.Wait()

		require.Equal(t, int32(1), wins.Load(), "round %d: winners", round)
		want, ok := p.Future().Peek()
		require.True(t, ok)
		for range awaiters + conts {
			require.Equal(t, want, <-seen, "round %d", round)
		}
		for k := range conts {
			require.Equal(t, int32(1), ran[k].Load(), "round %d: continuation %d runs", round, k)
		}
	}
	runtime.GC()
}
