package timeout

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrTimeout matches every timeout error of this package with errors.Is.
var ErrTimeout = errors.New("timeout: time limit passed")

// An Error is a time limit that passed: the cause of the context that a
// function run by [Do] sees once its limit passes, and the error that [Do],
// [Await] and [AwaitCancel] return for it.
//
// errors.Is reports that an Error is both [context.DeadlineExceeded] and
// [ErrTimeout], so code that maps deadlines (to HTTP 504, or to gRPC's
// DEADLINE_EXCEEDED) keeps working.
type Error struct {
	// After is the limit that passed.
	After time.Duration

	// Err is the error the function returned once its limit had passed,
	// when that was not the bare error of its context; nil otherwise.
	Err error
}

// Error describes the limit as "timeout: took longer than 2s", followed by
// the function's error if there is one.
func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("timeout: took longer than %v", e.After)
	}
	return fmt.Sprintf("timeout: took longer than %v: %v", e.After, e.Err)
}

// Is reports whether target is [context.DeadlineExceeded] or [ErrTimeout].
func (e *Error) Is(target error) bool {
	return target == context.DeadlineExceeded || target == ErrTimeout
}

// Unwrap returns the function's error, so errors.Is and errors.As find it.
func (e *Error) Unwrap() error { return e.Err }

// Timeout reports true, as the errors of package net do for a timeout.
func (e *Error) Timeout() bool { return true }
