package timeout_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/timeout"
)

// A limit costs what context.WithTimeoutCause costs and no more when made
// with Wrap; Do adds its cause; Await costs one timer.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	ctx := context.Background()
	fast := func(context.Context) (int, error) { return 1, nil }
	cause := &timeout.Error{After: time.Hour}
	stdlib := testing.AllocsPerRun(100, func() {
		ctx, cancel := context.WithTimeoutCause(ctx, time.Hour, cause)
		fast(ctx)
		cancel()
	})
	wrapped := timeout.Wrap(time.Hour, fast)
	assert.Equal(t, stdlib, testing.AllocsPerRun(100, func() { wrapped(ctx) }), "Wrap")
	assert.Equal(t, stdlib+1, testing.AllocsPerRun(100, func() { timeout.Do(ctx, time.Hour, fast) }), "Do")

	timer := testing.AllocsPerRun(100, func() { time.NewTimer(time.Hour).Stop() })
	pending := future.Go(ctx, func(ctx context.Context) (int, error) { <-ctx.Done(); return 0, nil })
	defer pending.Await(ctx)
	defer pending.Cancel(nil)
	pending.Done()
	assert.Equal(t, timer+1, testing.AllocsPerRun(100, func() { timeout.Await(ctx, pending, time.Nanosecond) }),
		"Await: a timer and the error")
	settled := future.Resolved(1)
	assert.Zero(t, testing.AllocsPerRun(100, func() { timeout.Await(ctx, settled, time.Hour) }),
		"Await on a settled future")
}
