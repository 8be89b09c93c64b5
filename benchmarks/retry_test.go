package benchmarks

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/eventual-go/eventual/retry"
	"github.com/eventual-go/eventual/timeout"
)

// errFlaky is what a flaky task fails with.
var errFlaky = errors.New("flaky")

// maxAttempts is the attempts every retrying implementation allows.
const maxAttempts = 10

// noop is the cheapest task there is: the worst case for any overhead.
func noop(context.Context) (int, error) { return 1, nil }

// hashInput is what hashWork hashes.
var hashInput = make([]byte, 1024)

// hashWork stands in for a small function worth calling: FNV-1a over 1 KiB,
// about a microsecond of work. Any call that goes over a network takes far
// longer.
func hashWork(context.Context) (int, error) {
	h := uint32(2166136261)
	for _, b := range hashInput {
		h = (h ^ uint32(b)) * 16777619
	}
	return int(h>>1) | 1, nil
}

// A flakyTask fails fails times in a row, then succeeds once, and starts
// over; calls counts its calls.
type flakyTask struct {
	fails, failed, calls int
}

func (f *flakyTask) call(context.Context) (int, error) {
	f.calls++
	if f.failed < f.fails {
		f.failed++
		return 0, errFlaky
	}
	f.failed = 0
	return 1, nil
}

// BenchmarkRetrySuccess calls a task that succeeds at once. impl=direct
// calls it; impl=handwritten is the loop people write by hand; impl=retry
// is retry.Do with a zero-wait policy. work=noop shows the fixed cost of
// each, work=hash1KiB the same next to a microsecond of work.
func BenchmarkRetrySuccess(b *testing.B) {
	ctx := context.Background()
	for _, w := range []struct {
		name string
		fn   task
	}{{"noop", noop}, {"hash1KiB", hashWork}} {
		for _, im := range retryImpls {
			b.Run(fmt.Sprintf("work=%s/impl=%s", w.name, im.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if v, err := im.run(ctx, w.fn); v <= 0 || err != nil {
						b.Fatalf("got %d, %v; want a positive value, <nil>", v, err)
					}
				}
			})
		}
	}
}

// retryImpls are the ways of calling a task with up to maxAttempts
// attempts and no wait between them. impl=direct makes only one.
var retryImpls = []impl[func(context.Context, task) (int, error)]{
	{"direct", func(ctx context.Context, fn task) (int, error) { return fn(ctx) }},
	{"handwritten", retryHandwritten},
	{"retry", retryDo},
}

// retryHandwritten is a careful retry loop without backoff: it does not
// call fn once ctx is done, and returns the last error.
func retryHandwritten(ctx context.Context, fn task) (int, error) {
	var err error
	for range maxAttempts {
		if ctx.Err() != nil {
			return 0, context.Cause(ctx)
		}
		var v int
		if v, err = fn(ctx); err == nil {
			return v, nil
		}
	}
	return 0, err
}

// zeroWait is the policy of impl=retry.
var zeroWait = retry.Policy{MaxAttempts: maxAttempts, Backoff: retry.Constant(0)}

func retryDo(ctx context.Context, fn task) (int, error) { return retry.Do(ctx, zeroWait, fn) }

// BenchmarkRetryFailures calls a task that fails n times, then succeeds,
// with no wait between attempts. impl=handwritten is the baseline. The
// allocations of impl=retry stay the same whatever n is.
func BenchmarkRetryFailures(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{1, 3, 9} {
		for _, im := range retryImpls[1:] {
			b.Run(fmt.Sprintf("n=%d/impl=%s", n, im.name), func(b *testing.B) {
				f := &flakyTask{fails: n}
				fn := f.call
				b.ReportAllocs()
				for b.Loop() {
					if v, err := im.run(ctx, fn); v != 1 || err != nil {
						b.Fatalf("got %d, %v; want 1, <nil>", v, err)
					}
				}
			})
		}
	}
}

// BenchmarkTimeout runs a task of a microsecond under a limit of an hour,
// so the limit never passes: the cost of setting one up. impl=direct calls
// the task; impl=withtimeout, context.WithTimeoutCause with a cause made
// once and a deferred cancel, is the baseline for a limit; impl=do is
// timeout.Do, and impl=wrap a function made once by timeout.Wrap.
func BenchmarkTimeout(b *testing.B) {
	ctx := context.Background()
	for _, im := range timeoutImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			fn := im.run(hashWork)
			b.ReportAllocs()
			for b.Loop() {
				if v, err := fn(ctx); v <= 0 || err != nil {
					b.Fatalf("got %d, %v; want a positive value, <nil>", v, err)
				}
			}
		})
	}
}

// limit is the limit of BenchmarkTimeout.
const limit = time.Hour

// errLimit is the cause of impl=withtimeout, made once as timeout.Wrap
// makes its own.
var errLimit = errors.New("took longer than an hour")

// timeoutImpls each turn a task into one that runs under limit.
var timeoutImpls = []impl[func(task) task]{
	{"direct", func(fn task) task { return fn }},
	{"withtimeout", func(fn task) task {
		return func(ctx context.Context) (int, error) {
			ctx, cancel := context.WithTimeoutCause(ctx, limit, errLimit)
			defer cancel()
			return fn(ctx)
		}
	}},
	{"do", func(fn task) task {
		return func(ctx context.Context) (int, error) { return timeout.Do(ctx, limit, fn) }
	}},
	{"wrap", func(fn task) task { return timeout.Wrap(limit, fn) }},
}
