package future_test

import (
	"context"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
)

// collect ranges over it and returns the indexes and results in the order
// they were yielded.
func collect(it func(func(int, future.Result[int]) bool)) ([]int, []future.Result[int]) {
	var idx []int
	var rs []future.Result[int]
	for i, r := range it {
		idx = append(idx, i)
		rs = append(rs, r)
	}
	return idx, rs
}

func TestCompletedOrder(t *testing.T) {
	ps, fs := promises(4)
	order := []int{2, 0, 3, 1}
	var idx []int
	var rs []future.Result[int]
	step := 0
	settleNext := func() {
		i := order[step]
		step++
		if i == 3 {
			ps[i].Reject(errBoom)
		} else {
			ps[i].Resolve(i * 10)
		}
	}
	settleNext()
	for i, r := range future.Completed(t.Context(), fs...) {
		idx = append(idx, i)
		rs = append(rs, r)
		if step < len(order) {
			settleNext()
		}
	}
	assert.Equal(t, order, idx, "yielded in the order they settled")
	assert.Equal(t, []future.Result[int]{{Value: 20}, {Value: 0}, {Err: errBoom}, {Value: 10}}, rs)
}

// When ctx ends, the iterator yields what has settled, then every input
// still pending, in input order, with ctx's error: each index exactly once.
func TestCompletedContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ps, fs := promises(4)
		ps[2].Resolve(2)
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		start := time.Now()
		var elapsed []time.Duration
		idx, rs := collect(func(yield func(int, future.Result[int]) bool) {
			for i, r := range future.Completed(ctx, fs...) {
				elapsed = append(elapsed, time.Since(start))
				if !yield(i, r) {
					return
				}
			}
		})
		assert.Equal(t, []int{2, 0, 1, 3}, idx)
		assert.Equal(t, []future.Result[int]{
			{Value: 2},
			{Err: context.DeadlineExceeded},
			{Err: context.DeadlineExceeded},
			{Err: context.DeadlineExceeded},
		}, rs)
		assert.Equal(t, []time.Duration{0, time.Minute, time.Minute, time.Minute}, elapsed)
		for _, p := range ps {
			p.Resolve(0)
		}
	})
}

// Breaking out early leaves nothing running, and the futures still pending
// can settle afterwards without anyone receiving.
func TestCompletedBreak(t *testing.T) {
	ps, fs := promises(100)
	ps[7].Resolve(7)
	before := runtime.NumGoroutine()
	for i := range future.Completed(t.Context(), fs...) {
		assert.Equal(t, 7, i)
		break
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before)
	for i, p := range ps {
		p.Resolve(i) // must not block on the abandoned mailbox
	}
}

func TestCompletedEdgeCases(t *testing.T) {
	idx, _ := collect(future.Completed[int](t.Context()))
	assert.Empty(t, idx)

	idx, rs := collect(future.Completed(t.Context(), nil, future.Resolved(1)))
	assert.ElementsMatch(t, []int{0, 1}, idx)
	for k, i := range idx {
		if i == 0 {
			assert.Equal(t, future.ErrNilFuture, rs[k].Err)
		}
	}

	//lint:ignore SA1012 a nil context is the input under test
	idx, rs = collect(future.Completed(nil, future.Resolved(1), future.Resolved(2)))
	assert.Equal(t, []int{0, 1}, idx)
	assert.Equal(t, []future.Result[int]{{Err: future.ErrNilContext}, {Err: future.ErrNilContext}}, rs)
}

// The iterator can be ranged over more than once.
func TestCompletedTwice(t *testing.T) {
	it := future.Completed(t.Context(), future.Resolved(1), future.Resolved(2))
	a, _ := collect(it)
	b, _ := collect(it)
	assert.ElementsMatch(t, []int{0, 1}, a)
	assert.ElementsMatch(t, []int{0, 1}, b)
}
