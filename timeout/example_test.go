package timeout_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
	"github.com/eventual-go/eventual/retry"
	"github.com/eventual-go/eventual/timeout"
)

// slowQuery stands in for a call that heeds its context and takes longer
// than anyone will wait.
func slowQuery(ctx context.Context) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(time.Hour):
		return "rows", nil
	}
}

// This example runs a call that answers in time.
func ExampleDo() {
	ctx := context.Background()
	rows, err := timeout.Do(ctx, time.Second, func(ctx context.Context) (string, error) {
		return "rows", nil
	})
	fmt.Println(rows, err)
	// Output: rows <nil>
}

// This example runs a call that does not answer in time. The call sees a
// real deadline, and the error is both a context.DeadlineExceeded and a
// timeout.ErrTimeout.
func ExampleDo_timeout() {
	ctx := context.Background()
	_, err := timeout.Do(ctx, time.Millisecond, slowQuery)
	fmt.Println(err)
	fmt.Println(errors.Is(err, context.DeadlineExceeded), errors.Is(err, timeout.ErrTimeout))
	// Output:
	// timeout: took longer than 1ms
	// true true
}

// This example shows that a parent context's own deadline is reported as
// the parent's: it is not this timeout.
func ExampleDo_parentDeadline() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := timeout.Do(ctx, time.Hour, slowQuery)
	fmt.Println(err)
	fmt.Println(errors.Is(err, timeout.ErrTimeout))
	// Output:
	// context deadline exceeded
	// false
}

// This example limits a call once and runs the limited call where any such
// function goes: here, future.Go.
func ExampleWrap() {
	ctx := context.Background()
	query := timeout.Wrap(time.Millisecond, slowQuery)

	_, err := future.Go(ctx, query).Await(ctx)
	fmt.Println(err)
	// Output: timeout: took longer than 1ms
}

// This example limits each attempt of a retried call to 10ms and the whole
// call to a second. The attempts that time out are retried; the call here
// succeeds on its third attempt.
func ExampleWrap_withRetry() {
	ctx := context.Background()
	attempts := 0
	query := func(ctx context.Context) (string, error) {
		attempts++
		if attempts < 3 {
			return slowQuery(ctx) // times out after 10ms
		}
		return "rows", nil
	}
	p := retry.Policy{Backoff: retry.Constant(0)}

	rows, err := timeout.Wrap(time.Second, retry.Wrap(p, timeout.Wrap(10*time.Millisecond, query)))(ctx)
	fmt.Println(rows, err, attempts)
	// Output: rows <nil> 3
}

// This example serves a default when a recommendation service is too slow.
func ExampleFallback() {
	ctx := context.Background()
	recommend := func(ctx context.Context) ([]string, error) {
		<-ctx.Done() // a service that is slow today
		return nil, ctx.Err()
	}

	items, err := timeout.Fallback(ctx, time.Millisecond, recommend, []string{"bestsellers"})
	fmt.Println(items, err)
	// Output: [bestsellers] <nil>
}

// This example stops waiting for a shared future without canceling it:
// another consumer still gets its result.
func ExampleAwait() {
	ctx := context.Background()
	p := promise.New[string]()

	_, err := timeout.Await(ctx, p.Future(), time.Millisecond)
	fmt.Println(err)

	p.Resolve("done")
	v, err := p.Future().Await(ctx)
	fmt.Println(v, err)
	// Output:
	// timeout: took longer than 1ms
	// done <nil>
}

// This example gives up on a future it owns, which cancels its work with
// the timeout as the cause.
func ExampleAwaitCancel() {
	ctx := context.Background()
	f := future.Go(ctx, func(ctx context.Context) (string, error) {
		<-ctx.Done()
		return "", context.Cause(ctx)
	})

	_, err := timeout.AwaitCancel(ctx, f, time.Millisecond)
	fmt.Println(err)
	_, err = f.Await(ctx)
	fmt.Println("the work saw:", err)
	// Output:
	// timeout: took longer than 1ms
	// the work saw: timeout: took longer than 1ms
}

// This example reads the limit that passed from the error.
func ExampleError() {
	_, err := timeout.Do(context.Background(), time.Millisecond, slowQuery)
	var te *timeout.Error
	if errors.As(err, &te) {
		fmt.Println("limit:", te.After)
	}
	// Output: limit: 1ms
}

func ExampleError_Error() {
	err := &timeout.Error{After: 2 * time.Second, Err: errors.New("query canceled")}
	fmt.Println(err.Error())
	// Output: timeout: took longer than 2s: query canceled
}

func ExampleError_Is() {
	err := &timeout.Error{After: time.Second}
	fmt.Println(err.Is(context.DeadlineExceeded), err.Is(timeout.ErrTimeout), err.Is(context.Canceled))
	// Output: true true false
}

// This example keeps the call's own error, which came after the limit had
// passed, inside the timeout error.
func ExampleError_Unwrap() {
	errCanceled := errors.New("query canceled")
	_, err := timeout.Do(context.Background(), time.Millisecond, func(ctx context.Context) (string, error) {
		<-ctx.Done()
		return "", errCanceled
	})
	fmt.Println(err)
	fmt.Println(errors.Unwrap(err) == errCanceled)
	// Output:
	// timeout: took longer than 1ms: query canceled
	// true
}

// This example treats the error as package net treats its timeouts.
func ExampleError_Timeout() {
	_, err := timeout.Do(context.Background(), time.Millisecond, slowQuery)
	var t interface{ Timeout() bool }
	fmt.Println(errors.As(err, &t) && t.Timeout())
	// Output: true
}
