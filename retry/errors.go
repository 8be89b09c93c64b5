package retry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/eventual-go/eventual/future"
)

// The causes an [*Error] gives for stopping, besides the context's own.
var (
	// ErrExhausted is the cause when every attempt the policy allows failed.
	ErrExhausted = errors.New("retry: attempts exhausted")

	// ErrPermanent is the cause when an attempt failed with an error marked
	// by [Permanent], or with a panic (a [*future.PanicError]) or
	// [future.ErrGoexit], which are never retried.
	ErrPermanent = errors.New("retry: permanent error")

	// ErrNotRetryable is the cause when the policy's RetryIf rejected an
	// attempt's error.
	ErrNotRetryable = errors.New("retry: error not retryable")

	// ErrMaxElapsed is the cause when the next attempt would start at or
	// after the policy's MaxElapsed.
	ErrMaxElapsed = errors.New("retry: next attempt would start after MaxElapsed")

	// ErrDeadline is the cause when the next attempt would start at or
	// after the context's deadline. It wraps [context.DeadlineExceeded], so
	// errors.Is reports a deadline as it would had the wait run out.
	ErrDeadline = fmt.Errorf("retry: next attempt would start after the deadline: %w", context.DeadlineExceeded)

	// ErrThrottled is the cause when the policy's [Budget] denied a retry
	// or a hedge.
	ErrThrottled = errors.New("retry: budget denied the retry")

	// ErrHintTooLong is the cause when an attempt's error asked for a wait
	// (see [After]) longer than the policy's MaxHint. The [*Error] holds the
	// hint, so the caller can reschedule the work.
	ErrHintTooLong = errors.New("retry: server hint exceeds MaxHint")

	// ErrAttemptTimeout is the cause of the context of an attempt that ran
	// out of the policy's AttemptTimeout, and the attempt's error when it
	// returned the bare [context.DeadlineExceeded]. It wraps
	// context.DeadlineExceeded. An attempt timeout is retried like any
	// other failure; the caller's own deadline is not.
	ErrAttemptTimeout = fmt.Errorf("retry: attempt timed out: %w", context.DeadlineExceeded)
)

// An Error is the error of every call in this package that did not
// succeed. It says why the calls stopped (Cause), how many attempts ran and
// for how long, and what the last attempt returned (Last).
//
// [errors.Is] and [errors.As] look at both Cause and Last, so a caller
// finds [context.Canceled], [context.DeadlineExceeded] or one of this
// package's causes, and its own errors, on the same value. [errors.Unwrap]
// returns nil, as for an error made by [errors.Join].
type Error struct {
	// Cause is why the calls stopped: ErrExhausted, ErrPermanent,
	// ErrNotRetryable, ErrMaxElapsed, ErrDeadline, ErrThrottled,
	// ErrHintTooLong, or the cause of the caller's context
	// ([context.Cause]) when it ended.
	Cause error

	// Last is the error of the last attempt, without the mark of
	// [Permanent] or [After]; nil if no attempt ran.
	Last error

	// Attempts is the number of attempts started.
	Attempts int

	// Elapsed is the time from the call to its return.
	Elapsed time.Duration

	// Hint is the wait the last attempt's error asked for (see [After]),
	// or 0 if it asked for none.
	Hint time.Duration
}

// Error describes the stop as "retry: stopped after N attempts (cause):
// last error".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "retry: stopped after %d attempt", e.Attempts)
	if e.Attempts != 1 {
		b.WriteByte('s')
	}
	fmt.Fprintf(&b, " (%s", strings.TrimPrefix(fmt.Sprint(e.Cause), "retry: "))
	if e.Cause == ErrHintTooLong {
		fmt.Fprintf(&b, ": %v", e.Hint)
	}
	b.WriteByte(')')
	if e.Last != nil {
		fmt.Fprintf(&b, ": %v", e.Last)
	}
	return b.String()
}

// Unwrap returns Cause and Last, leaving out a nil Last, so that errors.Is
// and errors.As look at both.
func (e *Error) Unwrap() []error {
	if e.Last == nil {
		return []error{e.Cause}
	}
	return []error{e.Cause, e.Last}
}

// Permanent marks err as not worth retrying: an attempt that returns it,
// even wrapped by [fmt.Errorf] with %w, stops the calls at once with cause
// [ErrPermanent]. The [*Error] holds err itself as Last. Permanent(nil) is
// nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string        { return e.err.Error() }
func (e *permanentError) Unwrap() error        { return e.err }
func (e *permanentError) Is(target error) bool { return target == ErrPermanent }

// After marks err with a server's hint (an HTTP Retry-After header, a gRPC
// pushback) that the next attempt should wait at least d. The hint is a
// floor under the policy's backoff, and a hint longer than the policy's
// MaxHint stops the calls with [ErrHintTooLong]. A d of zero or less asks
// for nothing. The [*Error] holds err itself as Last. After(d, nil) is nil.
//
// An error of your own type gives a hint the same way if it, or an error
// it wraps, has a method RetryAfter() time.Duration.
func After(d time.Duration, err error) error {
	if err == nil {
		return nil
	}
	return &hintError{err: err, after: d}
}

type hintError struct {
	err   error
	after time.Duration
}

func (e *hintError) Error() string             { return e.err.Error() }
func (e *hintError) Unwrap() error             { return e.err }
func (e *hintError) RetryAfter() time.Duration { return e.after }

// hinter is an error that carries a server's hint.
type hinter interface{ RetryAfter() time.Duration }

// unmark returns the error inside the mark of Permanent or After, if err is
// one, and err otherwise.
func unmark(err error) error {
	switch e := err.(type) {
	case *permanentError:
		return e.err
	case *hintError:
		return e.err
	}
	return err
}

// inspect walks err's tree once, and reports whether an error in it is
// marked by Permanent, is a panic or Goexit, or says an inner retry stopped
// for good; and the first hint in it, or 0. A negative hint counts as 0.
func inspect(err error) (permanent bool, hint time.Duration) {
	hinted := false
	walk(err, func(e error) bool {
		switch e := e.(type) {
		case *permanentError, *future.PanicError:
			permanent = true
		case hinter:
			if !hinted {
				hint, hinted = max(e.RetryAfter(), 0), true
			}
		default:
			permanent = permanent || e == ErrPermanent || e == future.ErrGoexit
		}
		return permanent && hinted
	})
	return permanent, hint
}

// walk calls match on err and on every error in its tree, depth first as
// errors.Is does, until match returns true, and reports whether it did. It
// exists because errors.As allocates for its target, and the failure path
// of a retry should not.
func walk(err error, match func(error) bool) bool {
	for err != nil {
		if match(err) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if walk(e, match) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
