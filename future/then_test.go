package future_test

import (
	"errors"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

func double(v int) (int, error) { return 2 * v, nil }

func TestThen(t *testing.T) {
	calls := 0
	count := func(v int) (string, error) { calls++; return strconv.Itoa(v), nil }

	got, err := future.Then(future.Resolved(4), count).Await(t.Context())
	assert.Equal(t, "4", got)
	assert.NoError(t, err)

	_, err = future.Then(future.Rejected[int](errBoom), count).Await(t.Context())
	assert.Equal(t, errBoom, err)
	assert.Equal(t, 1, calls, "Then must skip fn on error")

	_, err = future.Then(future.Resolved(4), func(int) (string, error) { return "", errOther }).Await(t.Context())
	assert.Equal(t, errOther, err)
}

// Two continuations on one pending future both complete, in the order they
// were added.
func TestThenTwiceOnPending(t *testing.T) {
	p := promise.New[int]()
	var order []string
	a := future.Then(p.Future(), func(v int) (int, error) { order = append(order, "a"); return v + 1, nil })
	b := future.Then(p.Future(), func(v int) (int, error) { order = append(order, "b"); return v + 2, nil })
	p.Resolve(10)
	va, _ := a.Await(t.Context())
	vb, _ := b.Await(t.Context())
	assert.Equal(t, 11, va)
	assert.Equal(t, 12, vb)
	assert.Equal(t, []string{"a", "b"}, order)
}

// Continuations on a pending future run on the goroutine that settles it,
// before Resolve returns; on a settled one, before Then returns.
func TestThenRunsInline(t *testing.T) {
	p := promise.New[int]()
	ran := false
	future.Then(p.Future(), func(v int) (int, error) { ran = true; return v, nil })
	assert.False(t, ran)
	p.Resolve(1)
	assert.True(t, ran, "the continuation runs before Resolve returns")

	ran = false
	future.Then(p.Future(), func(v int) (int, error) { ran = true; return v, nil })
	assert.True(t, ran, "on a settled future the continuation runs before Then returns")
}

func TestCatch(t *testing.T) {
	recoverTo := func(v int) func(error) (int, error) {
		return func(error) (int, error) { return v, nil }
	}
	v, err := future.Catch(future.Rejected[int](errBoom), recoverTo(9)).Await(t.Context())
	assert.Equal(t, 9, v, "Catch turns an error into a value")
	assert.NoError(t, err)

	v, err = future.Catch(future.Resolved(1), recoverTo(9)).Await(t.Context())
	assert.Equal(t, 1, v, "Catch passes a value through")
	assert.NoError(t, err)

	var seen error
	_, err = future.Catch(future.Rejected[int](errBoom), func(err error) (int, error) {
		seen = err
		return 0, errOther
	}).Await(t.Context())
	assert.Equal(t, errBoom, seen)
	assert.Equal(t, errOther, err)
}

func TestFinally(t *testing.T) {
	for _, in := range []*future.Future[int]{future.Resolved(3), future.Rejected[int](errBoom)} {
		calls := 0
		out := future.Finally(in, func() { calls++ })
		want, _ := in.Peek()
		got, _ := out.Peek()
		assert.Equal(t, want, got, "Finally passes the result through")
		assert.Equal(t, 1, calls)
	}
}

func TestFlatMap(t *testing.T) {
	p := promise.New[int]()
	inner := promise.New[string]()
	var got int
	out := future.FlatMap(p.Future(), func(v int) *future.Future[string] { got = v; return inner.Future() })
	p.Resolve(5)
	_, ok := out.Peek()
	assert.False(t, ok, "FlatMap waits for the inner future")
	inner.Resolve("five")
	s, err := out.Await(t.Context())
	assert.Equal(t, "five", s)
	assert.NoError(t, err)
	assert.Equal(t, 5, got)

	_, err = future.FlatMap(future.Rejected[int](errBoom), func(int) *future.Future[string] {
		t.Error("fn called on error")
		return nil
	}).Await(t.Context())
	assert.Equal(t, errBoom, err)

	_, err = future.FlatMap(future.Resolved(1), func(int) *future.Future[string] { return nil }).Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)
}

func TestContinuationNilInputs(t *testing.T) {
	var nilFuture *future.Future[int]
	_, err := future.Then(nilFuture, double).Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)

	_, err = future.Then[int, int](future.Resolved(1), nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFunc, err)
	_, err = future.Catch(future.Resolved(1), nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFunc, err)
	_, err = future.Finally(future.Resolved(1), nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFunc, err)
	_, err = future.FlatMap[int, int](future.Resolved(1), nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFunc, err)
}

func panicsWith(v any) func() { return func() { panic(v) } }

// A panic in a continuation fails its own future with a *PanicError that
// holds the value and a stack showing where it happened; errors.Is sees
// through it; the settling goroutine and the other continuations go on.
func TestContinuationPanics(t *testing.T) {
	cases := map[string]func(in *future.Future[int], boom func()) *future.Future[int]{
		"Then": func(in *future.Future[int], boom func()) *future.Future[int] {
			return future.Then(in, func(int) (int, error) { boom(); return 0, nil })
		},
		"Catch": func(in *future.Future[int], boom func()) *future.Future[int] {
			return future.Catch(future.Then(in, func(int) (int, error) { return 0, errOther }),
				func(error) (int, error) { boom(); return 0, nil })
		},
		"Finally": func(in *future.Future[int], boom func()) *future.Future[int] {
			return future.Finally(in, boom)
		},
		"FlatMap": func(in *future.Future[int], boom func()) *future.Future[int] {
			return future.FlatMap(in, func(int) *future.Future[int] { boom(); return nil })
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			p := promise.New[int]()
			out := build(p.Future(), panicsWith(errBoom))
			after := future.Then(p.Future(), double)
			assert.True(t, p.Resolve(1), "the panic must not reach the resolver")

			_, err := out.Await(t.Context())
			var pe *future.PanicError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, errBoom)
			assert.Equal(t, errBoom, pe.Value)
			assert.Contains(t, string(pe.Stack), "panicsWith", "the stack shows where the panic happened")
			v, err := after.Await(t.Context())
			assert.Equal(t, 2, v, "a later continuation still runs")
			assert.NoError(t, err)
		})
	}
}

func TestPanicValues(t *testing.T) {
	for name, v := range map[string]any{"string": "oops", "int": 3, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			_, err := future.Then(future.Resolved(1), func(int) (int, error) { panic(v) }).Await(t.Context())
			var pe *future.PanicError
			require.ErrorAs(t, err, &pe)
			if v == nil {
				var pn *runtime.PanicNilError
				assert.ErrorAs(t, err, &pn)
			} else {
				assert.Equal(t, v, pe.Value)
			}
			assert.Contains(t, pe.Error(), "future: panic: ")
		})
	}
}

// runtime.Goexit in a continuation ends the goroutine that settled its
// input, but leaves no future pending: its own fails with ErrGoexit, and the
// continuations queued behind it still run.
func TestContinuationGoexit(t *testing.T) {
	p := promise.New[int]()
	exits := future.Then(p.Future(), func(int) (int, error) { runtime.Goexit(); return 0, nil })
	chained := future.Then(exits, double)
	sibling := future.Then(p.Future(), double)

	var wg sync.WaitGroup
	wg.Go(func() { p.Resolve(1) })
	wg.Wait()

	_, err := chained.Await(t.Context())
	assert.Equal(t, future.ErrGoexit, err)
	v, err := sibling.Await(t.Context())
	assert.Equal(t, 2, v)
	assert.NoError(t, err)
}

// A long chain settles in a loop, not by recursion: ten million Thens on a
// pending promise settle without growing the stack (a shorter chain under
// the race detector, which makes each step far slower).
func TestLongChain(t *testing.T) {
	n := 10_000_000
	if raceEnabled || testing.Short() {
		n = 100_000
	}
	p := promise.New[int]()
	f := p.Future()
	for range n {
		f = future.Then(f, func(v int) (int, error) { return v + 1, nil })
	}
	p.Resolve(0)
	v, err := f.Await(t.Context())
	assert.Equal(t, n, v)
	assert.NoError(t, err)
}

// The same for a chain of FlatMaps whose inner futures have already settled,
// which must not recurse either.
func TestLongFlatMapChain(t *testing.T) {
	n := 1_000_000
	if raceEnabled || testing.Short() {
		n = 50_000
	}
	p := promise.New[int]()
	f := p.Future()
	for range n {
		f = future.FlatMap(f, func(v int) *future.Future[int] { return future.Resolved(v + 1) })
	}
	p.Resolve(0)
	v, err := f.Await(t.Context())
	assert.Equal(t, n, v)
	assert.NoError(t, err)
}

func TestPanicErrorUnwrap(t *testing.T) {
	assert.Equal(t, errBoom, (&future.PanicError{Value: errBoom}).Unwrap())
	assert.Nil(t, (&future.PanicError{Value: "text"}).Unwrap())
	assert.False(t, errors.Is(&future.PanicError{Value: "text"}, errBoom))
}

// Finally cleans up after its input even when its own future was canceled
// first.
func TestFinallyRunsAfterCancel(t *testing.T) {
	p := promise.New[int]()
	calls := 0
	out := future.Finally(p.Future(), func() { calls++ })
	out.Cancel(errBoom)
	p.Resolve(1)
	assert.Equal(t, 1, calls)
	_, err := out.Await(t.Context())
	assert.Equal(t, errBoom, err)
}
