package retry_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/retry"
)

const ms = time.Millisecond

// almostOne is the largest random number a Rand may return.
var almostOne = math.Nextafter(1, 0)

// sequence returns the first n waits of b with the random number r,
// passing each wait back as the next prev, as Do does.
func sequence(b retry.Backoff, n int, r float64) []time.Duration {
	out := make([]time.Duration, n)
	var prev time.Duration
	for i := range out {
		prev = b(i+1, prev, r)
		out[i] = prev
	}
	return out
}

func TestBackoffSequences(t *testing.T) {
	tests := []struct {
		name string
		b    retry.Backoff
		r    float64
		want []time.Duration
	}{
		{"constant", retry.Constant(time.Second), 0.5, []time.Duration{time.Second, time.Second, time.Second}},
		{"constant negative", retry.Constant(-time.Second), 0.5, []time.Duration{0, 0}},
		{"linear", retry.Linear(100*ms, 350*ms), 0.5, []time.Duration{100 * ms, 200 * ms, 300 * ms, 350 * ms, 350 * ms}},
		{"exponential", retry.Exponential(100*ms, time.Second), 0.5,
			[]time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, time.Second, time.Second}},
		{"full jitter", retry.FullJitter(100*ms, 10*time.Second), 0.5,
			[]time.Duration{50 * ms, 100 * ms, 200 * ms, 400 * ms, 800 * ms, 1600 * ms, 3200 * ms, 5 * time.Second, 5 * time.Second}},
		{"full jitter at 0", retry.FullJitter(100*ms, time.Second), 0, []time.Duration{0, 0, 0}},
		{"equal jitter floor", retry.EqualJitter(100*ms, time.Second), 0,
			[]time.Duration{50 * ms, 100 * ms, 200 * ms, 400 * ms, 500 * ms}},
		{"equal jitter", retry.EqualJitter(100*ms, time.Second), 0.5,
			[]time.Duration{75 * ms, 150 * ms, 300 * ms, 600 * ms, 750 * ms}},
		// Each wait is drawn from [100ms, min(1s, 3×prev)]; at the cap the
		// draw stays spread below it instead of sticking to it.
		{"decorrelated", retry.Decorrelated(100*ms, time.Second), 0.5,
			[]time.Duration{200 * ms, 350 * ms, 550 * ms, 550 * ms, 550 * ms}},
		{"decorrelated at 0", retry.Decorrelated(100*ms, time.Second), 0, []time.Duration{100 * ms, 100 * ms}},
		{"decorrelated cap below base", retry.Decorrelated(time.Second, 100*ms), 0.5, []time.Duration{100 * ms, 100 * ms}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sequence(tt.b, len(tt.want), tt.r))
		})
	}
}

// backoffs returns every backoff of the package, built from base and cap,
// and the largest wait each may return.
func backoffs(base, cap time.Duration) map[string]struct {
	b   retry.Backoff
	max time.Duration
} {
	type bound = struct {
		b   retry.Backoff
		max time.Duration
	}
	capped := max(cap, 0)
	return map[string]bound{
		"constant":     {retry.Constant(base), max(base, 0)},
		"linear":       {retry.Linear(base, cap), capped},
		"exponential":  {retry.Exponential(base, cap), capped},
		"full":         {retry.FullJitter(base, cap), capped},
		"equal":        {retry.EqualJitter(base, cap), capped},
		"decorrelated": {retry.Decorrelated(base, cap), capped},
	}
}

// Every backoff stays in [0, cap] for every retry number and random
// number, including the edges of both.
func TestBackoffBounds(t *testing.T) {
	durations := []time.Duration{math.MinInt64, -1, 0, 1, 100 * ms, time.Hour, math.MaxInt64 / 3, math.MaxInt64}
	ns := []int{math.MinInt, -1, 0, 1, 2, 31, 62, 63, 64, 1000, 10_000, math.MaxInt}
	rs := []float64{math.Inf(-1), -1, 0, 0.5, almostOne, 1, 2, math.Inf(1), math.NaN()}
	for _, base := range durations {
		for _, cap := range durations {
			for name, bb := range backoffs(base, cap) {
				for _, n := range ns {
					for _, r := range rs {
						for _, prev := range durations {
							if d := bb.b(n, prev, r); d < 0 || d > bb.max {
								t.Fatalf("%s(%v, %v)(%d, %v, %v) = %v; want in [0, %v]", name, base, cap, n, prev, r, d, bb.max)
							}
						}
					}
				}
			}
		}
	}
}

// Large retry numbers saturate at the cap instead of overflowing to zero or
// a negative wait.
func TestBackoffOverflow(t *testing.T) {
	const cap = time.Minute
	for _, n := range []int{62, 63, 64, 65, 1000, math.MaxInt} {
		assert.Equal(t, cap, retry.Exponential(time.Nanosecond, cap)(n, 0, 0.5), "exponential n=%d", n)
		assert.Equal(t, cap, retry.Linear(time.Minute, cap)(n, 0, 0.5), "linear n=%d", n)
		assert.Equal(t, cap/2, retry.FullJitter(time.Second, cap)(n, 0, 0.5), "full jitter n=%d", n)
		assert.Equal(t, cap/2, retry.EqualJitter(time.Second, cap)(n, 0, 0), "equal jitter n=%d", n)
	}
	huge := time.Duration(math.MaxInt64)
	assert.Equal(t, huge, retry.Exponential(1, huge)(64, 0, 0))
	assert.Equal(t, time.Duration(1<<62), retry.Exponential(1, huge)(63, 0, 0))
	// The largest draws come within float64's precision of the cap.
	for _, d := range []time.Duration{
		retry.FullJitter(huge, huge)(1, 0, almostOne),
		retry.Decorrelated(1, huge)(1, huge, almostOne),
	} {
		assert.LessOrEqual(t, d, huge)
		assert.Greater(t, d, huge-2048)
	}
}

// Over many draws, full jitter averages half the exponential wait, and
// decorrelated jitter never spikes above its cap nor sticks to it.
func TestBackoffDistribution(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	const draws = 10_000

	full := retry.FullJitter(100*ms, 10*time.Second)
	var sum time.Duration
	for range draws {
		sum += full(4, 0, src.Float64()) // exponential wait 800ms
	}
	assert.InDelta(t, 400*ms, sum/draws, float64(10*ms))

	const cap = time.Second
	dec := retry.Decorrelated(100*ms, cap)
	var prev time.Duration
	atCap := 0
	for n := 1; n <= draws; n++ {
		prev = dec(n, prev, src.Float64())
		assert.LessOrEqual(t, prev, cap)
		if prev == cap {
			atCap++
		}
	}
	assert.Less(t, atCap, draws/100, "draws equal to the cap")
}

// FuzzBackoff checks that every backoff returns a wait in [0, cap] for any
// input, without panicking. Plain go test runs the seeds.
func FuzzBackoff(f *testing.F) {
	f.Add(int64(100*ms), int64(10*time.Second), 1, int64(0), 0.5)
	f.Add(int64(0), int64(0), 0, int64(0), 0.0)
	f.Add(int64(1), int64(math.MaxInt64), 64, int64(math.MaxInt64), almostOne)
	f.Add(int64(time.Second), int64(ms), math.MaxInt, int64(-1), math.Inf(1))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64), math.MinInt, int64(math.MinInt64), math.NaN())
	f.Add(int64(-5), int64(7), 3, int64(9), -0.5)
	f.Fuzz(func(t *testing.T, base, cap int64, n int, prev int64, r float64) {
		for name, bb := range backoffs(time.Duration(base), time.Duration(cap)) {
			if d := bb.b(n, time.Duration(prev), r); d < 0 || d > bb.max {
				t.Errorf("%s(%d, %d)(%d, %d, %v) = %v; want in [0, %v]", name, base, cap, n, prev, r, d, bb.max)
			}
		}
	})
}
