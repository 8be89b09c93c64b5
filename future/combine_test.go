package future_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// promises returns n pending promises and their futures.
func promises(n int) ([]*promise.Promise[int], []*future.Future[int]) {
	ps := make([]*promise.Promise[int], n)
	fs := make([]*future.Future[int], n)
	for i := range ps {
		ps[i] = promise.New[int]()
		fs[i] = ps[i].Future()
	}
	return ps, fs
}

// All keeps input order whatever order the inputs settle in.
func TestAllKeepsInputOrder(t *testing.T) {
	ps, fs := promises(5)
	all := future.All(fs...)
	for _, i := range []int{3, 0, 4, 1, 2} {
		_, ok := all.Peek()
		assert.False(t, ok)
		ps[i].Resolve(i * 10)
	}
	got, err := all.Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{0, 10, 20, 30, 40}, got)
}

// All fails with the first error without waiting for the other inputs, and
// a later error does not replace it.
func TestAllFailsFast(t *testing.T) {
	ps, fs := promises(3)
	all := future.All(fs...)
	ps[1].Reject(errBoom)
	_, err := all.Await(t.Context())
	assert.Equal(t, errBoom, err)
	ps[0].Reject(errOther)
	_, err = all.Await(t.Context())
	assert.Equal(t, errBoom, err)
	ps[2].Resolve(1)
}

func TestAllSettled(t *testing.T) {
	ps, fs := promises(3)
	settled := future.AllSettled(fs...)
	ps[2].Resolve(2)
	ps[0].Reject(errBoom)
	_, ok := settled.Peek()
	assert.False(t, ok, "AllSettled waits for every input")
	ps[1].Resolve(1)
	got, err := settled.Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []future.Result[int]{{Err: errBoom}, {Value: 1}, {Value: 2}}, got)
}

func TestAny(t *testing.T) {
	ps, fs := promises(3)
	anyOf := future.Any(fs...)
	ps[0].Reject(errBoom)
	_, ok := anyOf.Peek()
	assert.False(t, ok, "an error alone does not settle Any")
	ps[2].Resolve(2)
	ps[1].Resolve(1)
	v, err := anyOf.Await(t.Context())
	assert.Equal(t, 2, v, "the first success wins")
	assert.NoError(t, err)
}

// When every input fails, Any's error holds each input's error in input
// order, whatever order they failed in.
func TestAnyAllFail(t *testing.T) {
	ps, fs := promises(3)
	anyOf := future.Any(fs...)
	errs := []error{errBoom, errOther, context.Canceled}
	for _, i := range []int{2, 0, 1} {
		ps[i].Reject(errs[i])
	}
	_, err := anyOf.Await(t.Context())
	var agg *future.AggregateError
	require.ErrorAs(t, err, &agg)
	assert.Equal(t, errs, agg.Unwrap())
	for _, e := range errs {
		assert.ErrorIs(t, err, e)
	}
	assert.Equal(t, "future: all 3 failed: boom; other; context canceled", err.Error())
}

func TestRace(t *testing.T) {
	ps, fs := promises(3)
	race := future.Race(fs...)
	ps[1].Reject(errBoom)
	ps[0].Resolve(0)
	_, err := race.Await(t.Context())
	assert.Equal(t, errBoom, err, "the first to settle wins, error or not")

	ps, fs = promises(2)
	race = future.Race(fs...)
	ps[1].Resolve(7)
	ps[0].Reject(errBoom)
	v, err := race.Await(t.Context())
	assert.Equal(t, 7, v)
	assert.NoError(t, err)
}

func TestCombinatorsEmpty(t *testing.T) {
	all, err := future.All[int]().Await(t.Context())
	assert.NoError(t, err)
	assert.NotNil(t, all)
	assert.Empty(t, all)

	settled, err := future.AllSettled[int]().Await(t.Context())
	assert.NoError(t, err)
	assert.NotNil(t, settled)
	assert.Empty(t, settled)

	_, err = future.Any[int]().Await(t.Context())
	assert.Equal(t, future.ErrEmpty, err)
	_, err = future.Race[int]().Await(t.Context())
	assert.Equal(t, future.ErrEmpty, err)
}

func TestCombinatorsNilInput(t *testing.T) {
	ok := future.Resolved(1)
	_, err := future.All(ok, nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)

	settled, err := future.AllSettled(ok, nil).Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, future.ErrNilFuture, settled[1].Err)

	v, err := future.Any(nil, ok).Await(t.Context())
	assert.Equal(t, 1, v, "Any skips a nil input")
	assert.NoError(t, err)

	_, err = future.Any[int](nil).Await(t.Context())
	assert.ErrorIs(t, err, future.ErrNilFuture)

	_, err = future.Race[int](nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)
}

// The combinators park no goroutine: over 100 pending futures they add at
// most one (none, in fact) while pending, and Then adds none.
func TestCombinatorsStartNoGoroutines(t *testing.T) {
	builds := map[string]func([]*future.Future[int]) func(){
		"All": func(fs []*future.Future[int]) func() {
			f := future.All(fs...)
			return func() { f.Await(context.Background()) }
		},
		"AllSettled": func(fs []*future.Future[int]) func() {
			f := future.AllSettled(fs...)
			return func() { f.Await(context.Background()) }
		},
		"Any": func(fs []*future.Future[int]) func() {
			f := future.Any(fs...)
			return func() { f.Await(context.Background()) }
		},
		"Race": func(fs []*future.Future[int]) func() {
			f := future.Race(fs...)
			return func() { f.Await(context.Background()) }
		},
		"Then": func(fs []*future.Future[int]) func() {
			outs := make([]*future.Future[int], len(fs))
			for i, f := range fs {
				outs[i] = future.Then(f, double)
			}
			return func() { future.All(outs...).Await(context.Background()) }
		},
	}
	for name, build := range builds {
		t.Run(name, func(t *testing.T) {
			ps, fs := promises(100)
			before := runtime.NumGoroutine()
			wait := build(fs)
			assert.LessOrEqual(t, runtime.NumGoroutine()-before, 0, "goroutines added while pending")
			for i, p := range ps {
				p.Resolve(i)
			}
			wait()
		})
	}
}
