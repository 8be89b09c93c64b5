package benchmarks

import (
	"context"
	"errors"
	"testing"
)

// The tests in this file check that every implementation of the retry and
// timeout benchmarks calls the task as often as it should and returns its
// value, so that none can win by skipping work.

func TestRetryImplsCallOnce(t *testing.T) {
	for _, w := range []task{noop, hashWork} {
		want, _ := w(t.Context())
		for _, im := range retryImpls {
			calls := 0
			fn := func(ctx context.Context) (int, error) { calls++; return w(ctx) }
			if v, err := im.run(t.Context(), fn); v != want || err != nil || calls != 1 {
				t.Errorf("impl=%s: got %d, %v with %d calls; want %d, <nil> with 1", im.name, v, err, calls, want)
			}
		}
	}
}

func TestRetryImplsRetry(t *testing.T) {
	for _, n := range []int{1, 3, 9} {
		for _, im := range retryImpls[1:] {
			f := &flakyTask{fails: n}
			for round := range 2 {
				if v, err := im.run(t.Context(), f.call); v != 1 || err != nil {
					t.Errorf("impl=%s n=%d round %d: got %d, %v; want 1, <nil>", im.name, n, round, v, err)
				}
			}
			if f.calls != 2*(n+1) {
				t.Errorf("impl=%s n=%d: %d calls; want %d", im.name, n, f.calls, 2*(n+1))
			}
		}
	}
}

// Past maxAttempts failures, every retrying implementation gives up with
// the task's error.
func TestRetryImplsGiveUp(t *testing.T) {
	for _, im := range retryImpls[1:] {
		f := &flakyTask{fails: maxAttempts}
		if _, err := im.run(t.Context(), f.call); !errors.Is(err, errFlaky) || f.calls != maxAttempts {
			t.Errorf("impl=%s: got %v after %d calls; want %v after %d", im.name, err, f.calls, errFlaky, maxAttempts)
		}
	}
}

// Every implementation of BenchmarkTimeout calls the task once, under a
// deadline unless it is impl=direct.
func TestTimeoutImplsCallOnceWithDeadline(t *testing.T) {
	want, _ := hashWork(t.Context())
	for _, im := range timeoutImpls {
		calls, deadlines := 0, 0
		fn := im.run(func(ctx context.Context) (int, error) {
			calls++
			if _, ok := ctx.Deadline(); ok {
				deadlines++
			}
			return hashWork(ctx)
		})
		v, err := fn(t.Context())
		wantDeadlines := 1
		if im.name == "direct" {
			wantDeadlines = 0
		}
		if v != want || err != nil || calls != 1 || deadlines != wantDeadlines {
			t.Errorf("impl=%s: got %d, %v with %d calls, %d under a deadline; want %d, <nil> with 1, %d",
				im.name, v, err, calls, deadlines, want, wantDeadlines)
		}
	}
}
