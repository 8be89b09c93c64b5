package retry_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/retry"
)

// A server's hint is a floor under the backoff, and the error keeps the
// hinted error itself.
func TestDoHint(t *testing.T) {
	errBusy := errors.New("busy")
	tests := []struct {
		name     string
		give     error
		wantAt   []time.Duration
		wantHint time.Duration
	}{
		{"longer than the backoff", retry.After(3*time.Second, errBusy), []time.Duration{0, 3 * time.Second}, 3 * time.Second},
		{"shorter than the backoff", retry.After(ms, errBusy), []time.Duration{0, 100 * ms}, ms},
		{"zero", retry.After(0, errBusy), []time.Duration{0, 100 * ms}, 0},
		{"negative", retry.After(-time.Hour, errBusy), []time.Duration{0, 100 * ms}, 0},
		{"wrapped", fmt.Errorf("get: %w", retry.After(2*time.Second, errBusy)), []time.Duration{0, 2 * time.Second}, 2 * time.Second},
		{"own type", throttled{time.Second}, []time.Duration{0, time.Second}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := newScript(tt.give, tt.give)
				_, err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 2, Backoff: retry.Constant(100 * ms)}, s.call)
				assert.Equal(t, tt.wantAt, s.at)
				assert.Equal(t, s.at[1], s.elapsed())
				re := retryError(t, err)
				assert.Equal(t, retry.ErrExhausted, re.Cause)
				assert.Equal(t, tt.wantHint, re.Hint)
			})
		})
	}
	assert.NoError(t, retry.After(time.Second, nil))
	assert.ErrorIs(t, retry.After(time.Second, errBusy), errBusy)
	assert.Equal(t, "busy", retry.After(time.Second, errBusy).Error())
}

// throttled is a caller's own error type that carries a hint.
type throttled struct{ after time.Duration }

func (e throttled) Error() string             { return "throttled" }
func (e throttled) RetryAfter() time.Duration { return e.after }

// The Last of a hinted error is the error itself, without the hint.
func TestDoHintLast(t *testing.T) {
	errBusy := errors.New("busy")
	_, err := retry.Do(t.Context(), retry.Policy{MaxAttempts: 1}, newScript(retry.After(time.Second, errBusy)).call)
	assert.Equal(t, errBusy, retryError(t, err).Last)
}

// A hint longer than MaxHint stops at once rather than sleeping on it, and
// one that passes the deadline stops with ErrDeadline.
func TestDoHintTooLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := failing(5, retry.After(time.Hour, errBoom))
		_, err := retry.Do(t.Context(), retry.Policy{MaxHint: time.Minute}, s.call)
		assert.Len(t, s.at, 1)
		assert.Zero(t, s.elapsed())
		re := retryError(t, err)
		assert.Equal(t, retry.ErrHintTooLong, re.Cause)
		assert.Equal(t, time.Hour, re.Hint)
		assert.Equal(t, errBoom, re.Last)
		assert.EqualError(t, err, "retry: stopped after 1 attempt (server hint exceeds MaxHint: 1h0m0s): boom")

		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		s = failing(5, retry.After(time.Minute, errBoom))
		_, err = retry.Do(ctx, retry.Policy{MaxHint: time.Hour}, s.call)
		assert.Zero(t, s.elapsed())
		assert.Equal(t, retry.ErrDeadline, retryError(t, err).Cause)
	})
}

// Every way of stopping gives a *retry.Error whose Cause and Last errors.Is
// and errors.As both find.
func TestErrorEveryPath(t *testing.T) {
	_, errPath := os.Open("/does/not/exist")
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		p         retry.Policy
		fail      error
		wantCause error
	}{
		{"exhausted", nil, retry.Policy{}, errPath, retry.ErrExhausted},
		{"permanent", nil, retry.Policy{}, retry.Permanent(errPath), retry.ErrPermanent},
		{"not retryable", nil, retry.Policy{RetryIf: func(error) bool { return false }}, errPath, retry.ErrNotRetryable},
		{"throttled", nil, retry.Policy{Budget: denyAll{}}, errPath, retry.ErrThrottled},
		{"hint too long", nil, retry.Policy{}, retry.After(time.Hour, errPath), retry.ErrHintTooLong},
		{"max elapsed", nil, retry.Policy{MaxElapsed: 1}, errPath, retry.ErrMaxElapsed},
		{"canceled", canceled, retry.Policy{}, errPath, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			p := tt.p
			p.Backoff = retry.Constant(0)
			_, err := retry.Do(ctx, p, failing(5, tt.fail).call)
			re := retryError(t, err)
			assert.Equal(t, tt.wantCause, re.Cause)
			assert.ErrorIs(t, err, tt.wantCause)
			if re.Attempts > 0 {
				assert.ErrorIs(t, err, fs.ErrNotExist)
				var pe *fs.PathError
				assert.ErrorAs(t, err, &pe)
			}
			assert.Nil(t, errors.Unwrap(err), "errors.Unwrap sees no single error")
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		give *retry.Error
		want string
	}{
		{&retry.Error{Cause: retry.ErrExhausted, Last: errBoom, Attempts: 3}, "retry: stopped after 3 attempts (attempts exhausted): boom"},
		{&retry.Error{Cause: retry.ErrPermanent, Last: errBoom, Attempts: 1}, "retry: stopped after 1 attempt (permanent error): boom"},
		{&retry.Error{Cause: context.Canceled, Attempts: 0}, "retry: stopped after 0 attempts (context canceled)"},
		{&retry.Error{Cause: retry.ErrDeadline, Last: errBoom, Attempts: 2},
			"retry: stopped after 2 attempts (next attempt would start after the deadline: context deadline exceeded): boom"},
		{&retry.Error{Cause: retry.ErrHintTooLong, Last: errBoom, Attempts: 1, Hint: 90 * time.Second},
			"retry: stopped after 1 attempt (server hint exceeds MaxHint: 1m30s): boom"},
	}
	for _, tt := range tests {
		assert.EqualError(t, tt.give, tt.want)
	}
}
