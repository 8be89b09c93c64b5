package core

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errCause = errors.New("cause")

type key struct{}

func newTaskCtx(parent context.Context) *TaskCtx {
	c := new(TaskCtx)
	c.Init(parent)
	return c
}

// Each way of looking at a TaskCtx must agree with a stdlib child canceled
// the same way, whether or not the real child was built first.
func TestTaskCtxMatchesStdlib(t *testing.T) {
	tests := []struct {
		name      string
		act       func(cancelParent context.CancelCauseFunc, c *TaskCtx)
		wantErr   error
		wantCause error
	}{
		{"live", func(context.CancelCauseFunc, *TaskCtx) {}, nil, nil},
		{"canceled with cause", func(_ context.CancelCauseFunc, c *TaskCtx) { c.Cancel(errCause) }, context.Canceled, errCause},
		{"canceled without cause", func(_ context.CancelCauseFunc, c *TaskCtx) { c.Cancel(nil) }, context.Canceled, context.Canceled},
		{"parent canceled", func(p context.CancelCauseFunc, _ *TaskCtx) { p(errCause) }, context.Canceled, errCause},
		{"parent first", func(p context.CancelCauseFunc, c *TaskCtx) { p(errCause); c.Cancel(errors.New("late")) }, context.Canceled, errCause},
		{"own first", func(p context.CancelCauseFunc, c *TaskCtx) { c.Cancel(errCause); p(errors.New("late")) }, context.Canceled, errCause},
		{"first cancel wins", func(_ context.CancelCauseFunc, c *TaskCtx) { c.Cancel(errCause); c.Cancel(errors.New("late")) }, context.Canceled, errCause},
		{"task returned", func(_ context.CancelCauseFunc, c *TaskCtx) { c.Finish() }, context.Canceled, context.Canceled},
		{"parent before return", func(p context.CancelCauseFunc, c *TaskCtx) { p(errCause); c.Finish() }, context.Canceled, errCause},
		{"cancel before return", func(_ context.CancelCauseFunc, c *TaskCtx) { c.Cancel(errCause); c.Finish() }, context.Canceled, errCause},
		{"cancel after return", func(_ context.CancelCauseFunc, c *TaskCtx) { c.Finish(); c.Cancel(errCause) }, context.Canceled, context.Canceled},
	}
	for _, tt := range tests {
		for _, built := range []bool{false, true} {
			t.Run(tt.name+map[bool]string{false: "/lazy", true: "/built"}[built], func(t *testing.T) {
				parent, cancelParent := context.WithCancelCause(context.WithValue(context.Background(), key{}, "v"))
				defer cancelParent(nil)
				c := newTaskCtx(parent)
				if built {
					c.Done()
				}
				tt.act(cancelParent, c)

				assert.ErrorIs(t, c.Err(), tt.wantErr)
				assert.Equal(t, tt.wantErr, c.Err())
				assert.Equal(t, tt.wantCause, context.Cause(c))
				assert.Equal(t, "v", c.Value(key{}))
				select {
				case <-c.Done():
					assert.NotNil(t, tt.wantErr, "Done closed on a live context")
				default:
					assert.Nil(t, tt.wantErr, "Done open on a canceled context")
				}
			})
		}
	}
}

// Contexts derived from a TaskCtx are canceled with its cause, and hear of a
// cancel of the TaskCtx without a goroutine of their own.
func TestTaskCtxChildren(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newTaskCtx(context.Background())
		child, cancel := context.WithTimeout(c, time.Hour)
		defer cancel()
		fired := make(chan struct{})
		stop := context.AfterFunc(c, func() { close(fired) })
		defer stop()

		c.Cancel(errCause)
		<-child.Done()
		<-fired
		assert.Equal(t, context.Canceled, child.Err())
		assert.Equal(t, errCause, context.Cause(child))
	})
}

// A TaskCtx reports its parent's deadline, and the parent's expiry as its
// own error, before and after the real child is built.
func TestTaskCtxDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		lazy, built := newTaskCtx(parent), newTaskCtx(parent)
		built.Done()
		want, _ := parent.Deadline()
		for _, c := range []*TaskCtx{lazy, built} {
			got, ok := c.Deadline()
			assert.True(t, ok)
			assert.Equal(t, want, got)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		for _, c := range []*TaskCtx{lazy, built} {
			assert.Equal(t, context.DeadlineExceeded, c.Err())
			assert.Equal(t, context.DeadlineExceeded, context.Cause(c))
		}
	})
}

// Cancel racing the first Done must leave one consistent outcome.
func TestTaskCtxCancelRacesBuild(t *testing.T) {
	for range 1000 {
		c := newTaskCtx(context.Background())
		go c.Cancel(errCause)
		<-c.Done()
		require.Equal(t, errCause, context.Cause(c))
	}
}

// Finish racing the first Done must leave the context canceled.
func TestTaskCtxFinishRacesBuild(t *testing.T) {
	for range 1000 {
		c := newTaskCtx(context.Background())
		go c.Finish()
		<-c.Done()
		require.Equal(t, context.Canceled, context.Cause(c))
	}
}

// The structures every task and future allocate stay within their size
// classes: a pending future in 64 bytes, a task in 96.
func TestSizes(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(Cell[int]{}), uintptr(56))
	assert.LessOrEqual(t, unsafe.Sizeof(TaskCtx{}), uintptr(24))
	assert.LessOrEqual(t, unsafe.Sizeof(Task[int]{}), uintptr(96))
}

func TestTaskCtxString(t *testing.T) {
	c := newTaskCtx(context.Background())
	assert.Equal(t, "context.Background.WithCancelCause", c.String())
}
