package retry_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/retry"
)

// The bucket follows gRPC's arithmetic: each failure takes a token, each
// success adds ratio, and retries stop at half the tokens.
func TestTokenBucket(t *testing.T) {
	b := retry.NewTokenBucket(10, 0.1)
	assert.Equal(t, 10.0, b.Tokens())
	for range 4 {
		b.Record(1, errBoom)
	}
	assert.Equal(t, 6.0, b.Tokens())
	assert.True(t, b.Allow())
	b.Record(1, errBoom)
	assert.Equal(t, 5.0, b.Tokens())
	assert.False(t, b.Allow(), "exactly half the tokens left")
	b.Record(1, nil)
	assert.Equal(t, 5.1, b.Tokens())
	assert.True(t, b.Allow())

	for range 20 {
		b.Record(1, errBoom)
	}
	assert.Equal(t, 0.0, b.Tokens(), "never below zero")
	for range 200 {
		b.Record(1, nil)
	}
	assert.Equal(t, 10.0, b.Tokens(), "never above the maximum")
}

func TestNewTokenBucketClamps(t *testing.T) {
	tests := []struct {
		name      string
		maxTokens int
		ratio     float64
		wantMax   float64
		wantRatio float64 // the tokens one success adds after one failure
	}{
		{"gRPC example", 10, 0.1, 10, 0.1},
		{"three decimals", 10, 0.12345, 10, 0.123},
		{"no tokens", 0, 1, 1, 1},
		{"negative", -5, 1, 1, 1},
		{"too many", 5000, 1, 1000, 1},
		{"negative ratio", 10, -1, 10, 0},
		{"NaN ratio", 10, math.NaN(), 10, 0},
		{"huge ratio", 10, math.Inf(1), 10, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := retry.NewTokenBucket(tt.maxTokens, tt.ratio)
			assert.Equal(t, tt.wantMax, b.Tokens())
			b.Record(1, errBoom)
			b.Record(1, nil)
			assert.InDelta(t, tt.wantMax-1+tt.wantRatio, b.Tokens(), 1e-9)
		})
	}
	var zero retry.TokenBucket
	assert.False(t, zero.Allow(), "the zero bucket denies every retry")
}

// A recording budget remembers what it was asked and told.
type recording struct {
	mu      sync.Mutex
	allow   bool
	asked   int
	records []string
}

func (r *recording) Allow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked++
	return r.allow
}

func (r *recording) Record(attempt int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	outcome := "ok"
	if err != nil {
		outcome = err.Error()
	}
	r.records = append(r.records, string(rune('0'+attempt))+":"+outcome)
}

// Do asks the budget before each retry, never before the first attempt, and
// tells it of each success and retryable failure.
func TestDoBudget(t *testing.T) {
	b := &recording{allow: true}
	v, err := retry.Do(t.Context(), retry.Policy{Budget: b, Backoff: retry.Constant(0)}, failing(2, errBoom).call)
	assert.Equal(t, 42, v)
	assert.NoError(t, err)
	assert.Equal(t, 2, b.asked)
	assert.Equal(t, []string{"1:boom", "2:boom", "3:ok"}, b.records)

	b = &recording{allow: true}
	p := retry.Policy{Budget: b, Backoff: retry.Constant(0), RetryIf: func(err error) bool { return err != errCause }}
	retry.Do(t.Context(), p, newScript(errBoom, retry.Permanent(errBoom)).call)
	retry.Do(t.Context(), p, newScript(errCause).call)
	assert.Equal(t, []string{"1:boom"}, b.records, "permanent and rejected errors are not recorded")
}

// A denied retry stops at once, with no wait and no OnRetry.
func TestDoBudgetDenies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := &recording{allow: false}
		hooked := false
		p := retry.Policy{Budget: b, Backoff: retry.Constant(time.Second), OnRetry: func(context.Context, retry.Event) { hooked = true }}
		s := failing(5, errBoom)
		_, err := retry.Do(t.Context(), p, s.call)
		assert.Len(t, s.at, 1, "the first attempt is never denied")
		assert.Zero(t, s.elapsed())
		assert.False(t, hooked)
		re := retryError(t, err)
		assert.Equal(t, retry.ErrThrottled, re.Cause)
		assert.Equal(t, errBoom, re.Last)
	})
}

// A shared bucket throttles calls once half its tokens are gone: here
// every call fails, so the first calls retry and the later ones do not.
func TestDoSharedTokenBucket(t *testing.T) {
	b := retry.NewTokenBucket(10, 0.1)
	p := retry.Policy{Budget: b, Backoff: retry.Constant(0)}
	var attempts []int
	for range 4 {
		_, err := retry.Do(t.Context(), p, failing(10, errBoom).call)
		attempts = append(attempts, retryError(t, err).Attempts)
	}
	// 10 tokens: 3 failures leave 7, 2 more leave 5 and deny the third
	// attempt, and after that only first attempts run.
	assert.Equal(t, []int{3, 2, 1, 1}, attempts)
	assert.Equal(t, 3.0, b.Tokens())
}

// A bucket made outside a synctest bubble works inside one, and the other
// way round: it holds no timer, channel or goroutine.
func TestTokenBucketAcrossBubbles(t *testing.T) {
	outside := retry.NewTokenBucket(10, 0.5)
	var inside *retry.TokenBucket
	synctest.Test(t, func(t *testing.T) {
		inside = retry.NewTokenBucket(10, 0.5)
		for _, b := range []*retry.TokenBucket{outside, inside} {
			p := retry.Policy{Budget: b, Backoff: retry.Constant(time.Second)}
			_, err := retry.Do(t.Context(), p, failing(10, errBoom).call)
			assert.Equal(t, 3, retryError(t, err).Attempts)
		}
	})
	inside.Record(1, nil)
	assert.True(t, inside.Allow())
	assert.Equal(t, 7.5, inside.Tokens())
}

// Many goroutines recording at once lose no update.
func TestTokenBucketConcurrent(t *testing.T) {
	b := retry.NewTokenBucket(1000, 1)
	var wg sync.WaitGroup
	for range 400 {
		wg.Go(func() {
			b.Allow()
			b.Record(1, errBoom)
		})
	}
	wg.Wait()
	assert.Equal(t, 600.0, b.Tokens())
	for range 300 {
		wg.Go(func() { b.Record(2, nil) })
	}
	wg.Wait()
	assert.Equal(t, 900.0, b.Tokens())
}
