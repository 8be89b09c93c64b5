package pool_test

import (
	"bytes"
	"context"
	"errors"
	"log"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// panicsInTask panics; its name must show in the recorded stack.
func panicsInTask(context.Context) (int, error) { panic(errBoom) }

// A panic fails only its own task's future, with the value and the stack
// of the panicking goroutine.
func TestPanicFailsOnlyItsFuture(t *testing.T) {
	p := newPool(t, 1)
	bad := pool.Submit(t.Context(), p, panicsInTask)
	good := pool.Submit(t.Context(), p, value(1))

	_, err := bad.Await(t.Context())
	var pe *future.PanicError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, errBoom, pe.Value)
	assert.ErrorIs(t, err, errBoom)
	assert.Contains(t, string(pe.Stack), "panicsInTask")

	v, err := good.Await(t.Context())
	assert.Equal(t, 1, v)
	assert.NoError(t, err)
}

// size tasks that panic, then size tasks that can only finish if all of
// them run at once: the panics cost the pool no capacity.
func TestPanicsKeepCapacity(t *testing.T) {
	const size = 4
	synctest.Test(t, func(t *testing.T) {
		p := pool.New(size, pool.WithUnhandled(nil))
		for range size {
			pool.Submit(t.Context(), p, panicsInTask)
			require.NoError(t, p.Go(t.Context(), func(context.Context) { panic("go") }))
		}
		var all sync.WaitGroup
		all.Add(size)
		for range size {
			require.NoError(t, p.Go(t.Context(), func(context.Context) {
				all.Done()
				all.Wait() // needs every worker
			}))
		}
		require.NoError(t, p.Close(t.Context()))
		s := p.Stats()
		assert.Equal(t, uint64(2*size), s.Panicked)
		assert.Equal(t, uint64(size), s.Succeeded)
	})
}

// A task that calls runtime.Goexit fails with ErrGoexit; its worker is
// replaced, the next task runs, and Close returns.
func TestGoexit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var reported []error
		p := pool.New(1, pool.WithUnhandled(func(err error) { reported = append(reported, err) }))
		exits := pool.Submit(t.Context(), p, func(context.Context) (int, error) { runtime.Goexit(); return 1, nil })
		require.NoError(t, p.Go(t.Context(), func(context.Context) { runtime.Goexit() }))
		next := pool.Submit(t.Context(), p, value(2))

		_, err := exits.Await(t.Context())
		assert.Equal(t, future.ErrGoexit, err)
		v, err := next.Await(t.Context())
		assert.Equal(t, 2, v)
		assert.NoError(t, err)
		require.NoError(t, p.Close(t.Context()))
		assert.Equal(t, []error{future.ErrGoexit}, reported)
		s := p.Stats()
		assert.Equal(t, uint64(2), s.Goexited)
		assert.Equal(t, 0, s.Workers)
	})
}

// Panics and Goexit in fire-and-forget tasks reach the unhandled hook on
// the goroutine that ran them, including the caller's under CallerRuns.
func TestUnhandledHook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var reported []error
		p := pool.New(1, pool.WithQueueSize(0), pool.WithFullPolicy(pool.CallerRuns),
			pool.WithUnhandled(func(err error) {
				mu.Lock()
				defer mu.Unlock()
				reported = append(reported, err)
			}))
		gate := make(chan struct{})
		require.NoError(t, p.Go(t.Context(), func(context.Context) { <-gate; panic("on a worker") }))
		require.NoError(t, p.Go(t.Context(), func(context.Context) { panic("on the caller") }))
		close(gate)
		require.NoError(t, p.Close(t.Context()))

		require.Len(t, reported, 2)
		for i, want := range []string{"on the caller", "on a worker"} {
			var pe *future.PanicError
			require.ErrorAs(t, reported[i], &pe)
			assert.Equal(t, want, pe.Value)
		}
		assert.Equal(t, uint64(2), p.Stats().Panicked)
	})
}

// By default, unhandled failures go to the standard logger with the
// stack.
func TestUnhandledDefaultLogs(t *testing.T) {
	var buf bytes.Buffer
	out, flags := log.Writer(), log.Flags()
	log.SetOutput(&buf)
	defer log.SetOutput(out)
	log.SetFlags(0)
	defer log.SetFlags(flags)

	p := pool.New(1)
	require.NoError(t, p.Go(t.Context(), func(context.Context) { panic(errBoom) }))
	require.NoError(t, p.Go(t.Context(), func(context.Context) { runtime.Goexit() }))
	require.NoError(t, p.Close(t.Context()))
	logged := buf.String()
	assert.Contains(t, logged, "pool: task panicked: boom\ngoroutine ")
	assert.Contains(t, logged, "TestUnhandledDefaultLogs")
	assert.Contains(t, logged, "pool: task failed: "+future.ErrGoexit.Error())
}

// A panic with a nil value is a panic too.
func TestPanicNil(t *testing.T) {
	p := newPool(t, 1)
	_, err := pool.Submit(t.Context(), p, func(context.Context) (int, error) { panic(nil) }).Await(t.Context())
	var pne *runtime.PanicNilError
	assert.True(t, errors.As(err, &pne), "got %v", err)
}
