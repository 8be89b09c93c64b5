package future_test

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
)

type task = func(context.Context) (int, error)

// causes records the cause each task saw when its context was canceled.
type causes struct{ seen [8]atomic.Value }

func (c *causes) blocked(i int) task {
	return func(ctx context.Context) (int, error) {
		<-ctx.Done()
		c.seen[i].Store(context.Cause(ctx))
		return 0, context.Cause(ctx)
	}
}

func (c *causes) of(i int) error {
	err, _ := c.seen[i].Load().(error)
	return err
}

func TestGoAll(t *testing.T) {
	got, err := future.GoAll(t.Context(), value(1), value(2), value(3)).Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, got)

	got, err = future.GoAll[int](t.Context()).Await(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{}, got)
}

// When a task fails, GoAll cancels its siblings with the error as the cause,
// and fails with that error once they have all returned.
func TestGoAllFailFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c causes
		release := make(chan struct{})
		slow := func(ctx context.Context) (int, error) {
			<-ctx.Done()
			<-release
			return 0, ctx.Err()
		}
		f := future.GoAll(t.Context(), c.blocked(0), failure(errBoom), slow)
		synctest.Wait()
		assert.Equal(t, errBoom, c.of(0), "the sibling sees the error as the cause")
		_, ok := f.Peek()
		assert.False(t, ok, "GoAll settles only once every task has returned")

		close(release)
		_, err := f.Await(t.Context())
		assert.Equal(t, errBoom, err)
	})
}

func TestGoAny(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c causes
		release := make(chan struct{})
		late := func(context.Context) (int, error) { <-release; return 5, nil }
		f := future.GoAny(t.Context(), failure(errBoom), c.blocked(1), value(2), late)
		synctest.Wait()
		assert.Equal(t, future.ErrLost, c.of(1), "a loser is canceled with ErrLost")
		_, ok := f.Peek()
		assert.False(t, ok)

		close(release)
		v, err := f.Await(t.Context())
		assert.Equal(t, 2, v)
		assert.NoError(t, err)
	})
}

func TestGoAnyAllFail(t *testing.T) {
	_, err := future.GoAny(t.Context(), failure(errBoom), failure(errOther)).Await(t.Context())
	var agg *future.AggregateError
	require.ErrorAs(t, err, &agg)
	assert.Equal(t, []error{errBoom, errOther}, agg.Errs)
}

// GoRace settles with the first result, error or value, and cancels the
// losers; with a panic, the panic is the result.
func TestGoRace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c causes
		_, err := future.GoRace(t.Context(), c.blocked(0), failure(errBoom), c.blocked(2)).Await(t.Context())
		assert.Equal(t, errBoom, err)
		assert.Equal(t, future.ErrLost, c.of(0))
		assert.Equal(t, future.ErrLost, c.of(2))

		v, err := future.GoRace(t.Context(), c.blocked(0), value(9)).Await(t.Context())
		assert.Equal(t, 9, v)
		assert.NoError(t, err)

		_, err = future.GoRace(t.Context(), c.blocked(0), func(context.Context) (int, error) { panic(errBoom) }).Await(t.Context())
		var pe *future.PanicError
		assert.ErrorAs(t, err, &pe)
	})
}

// Cancel on a group's future cancels the context every task shares.
func TestGroupCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c causes
		f := future.GoAll(t.Context(), c.blocked(0), c.blocked(1))
		f.Cancel(errBoom)
		_, err := f.Await(t.Context())
		assert.Equal(t, errBoom, err)
		assert.Equal(t, errBoom, c.of(0))
		assert.Equal(t, errBoom, c.of(1))
	})
}

func TestGroupBadInput(t *testing.T) {
	starts := 0
	counted := func(context.Context) (int, error) { starts++; return 1, nil }
	done, cancel := context.WithCancelCause(t.Context())
	cancel(errBoom)
	groups := map[string]func(context.Context, ...func(context.Context) (int, error)) error{
		"GoAll": func(ctx context.Context, fns ...func(context.Context) (int, error)) error {
			_, err := future.GoAll(ctx, fns...).Await(t.Context())
			return err
		},
		"GoAny": func(ctx context.Context, fns ...func(context.Context) (int, error)) error {
			_, err := future.GoAny(ctx, fns...).Await(t.Context())
			return err
		},
		"GoRace": func(ctx context.Context, fns ...func(context.Context) (int, error)) error {
			_, err := future.GoRace(ctx, fns...).Await(t.Context())
			return err
		},
	}
	for name, run := range groups {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, future.ErrNilFunc, run(t.Context(), counted, nil))
			assert.Equal(t, errBoom, run(done, counted))
			assert.Equal(t, future.ErrNilContext, run(nil, counted))
			assert.Equal(t, 0, starts, "no task starts on bad input")
		})
	}
	_, err := future.GoAny[int](t.Context()).Await(t.Context())
	assert.Equal(t, future.ErrEmpty, err)
	_, err = future.GoRace[int](t.Context()).Await(t.Context())
	assert.Equal(t, future.ErrEmpty, err)
}
