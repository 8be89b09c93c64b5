package retry_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/retry"
)

// flaky fails with errBoom until it has failed n times in a row, then
// succeeds and starts over.
type flaky struct{ n, failed int }

func (f *flaky) call(context.Context) (int, error) {
	if f.failed < f.n {
		f.failed++
		return 0, errBoom
	}
	f.failed = 0
	return 1, nil
}

// Do allocates nothing when the first attempt succeeds, nothing per failed
// attempt with zero waits, one timer per call that waits however many times
// (what time.NewTimer allocates: 3 objects in Go 1.26), and one *Error when
// it gives up.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	ctx := context.Background()
	zero := retry.Policy{MaxAttempts: retry.Forever, Backoff: retry.Constant(0)}
	full := retry.Policy{
		MaxAttempts: retry.Forever,
		Backoff:     retry.Decorrelated(0, time.Second),
		MaxElapsed:  time.Hour,
		Budget:      retry.NewTokenBucket(1000, 1000),
		OnRetry:     func(context.Context, retry.Event) {},
		RetryIf:     func(error) bool { return true },
	}
	waits := retry.Policy{MaxAttempts: retry.Forever, Backoff: retry.Constant(time.Nanosecond)}
	timer := testing.AllocsPerRun(100, func() { <-time.NewTimer(time.Nanosecond).C })
	tests := []struct {
		name string
		p    retry.Policy
		fail int
		want float64
	}{
		{"success, zero policy", retry.Policy{}, 0, 0},
		{"success, every field set", full, 0, 0},
		{"1 failure, zero waits", zero, 1, 0},
		{"9 failures, zero waits", zero, 9, 0},
		{"9 failures, every field set", full, 9, 0},
		{"1 failure, with a wait", waits, 1, timer},
		{"9 failures, with waits", waits, 9, timer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &flaky{n: tt.fail}
			got := testing.AllocsPerRun(100, func() {
				if v, err := retry.Do(ctx, tt.p, f.call); v != 1 || err != nil {
					t.Fatal(v, err)
				}
			})
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("gives up", func(t *testing.T) {
		f := &flaky{n: 1 << 30}
		p := retry.Policy{MaxAttempts: 5, Backoff: retry.Constant(0)}
		got := testing.AllocsPerRun(100, func() { retry.Do(ctx, p, f.call) })
		assert.Equal(t, 1.0, got, "the *Error")
	})
}
