package benchmarks

import (
	"context"
	"time"

	retrygo "github.com/avast/retry-go/v5"
	"github.com/cenkalti/backoff/v5"
	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/hedgepolicy"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	goretry "github.com/sethvargo/go-retry"
)

// This file holds the peer libraries' versions of the retry scenarios:
// up to maxAttempts attempts with no wait between them, each configured
// once, as a service would, and used for every call.

func init() {
	retryImpls = append(retryImpls,
		impl[func(context.Context, task) (int, error)]{"backoff", retryBackoff},
		impl[func(context.Context, task) (int, error)]{"retrygo", retryRetryGo},
		impl[func(context.Context, task) (int, error)]{"goretry", retryGoRetry},
		impl[func(context.Context, task) (int, error)]{"failsafe", retryFailsafe},
	)
}

// retryBackoff is cenkalti/backoff's Retry with a zero backoff.
func retryBackoff(ctx context.Context, fn task) (int, error) {
	return backoff.Retry(ctx, func() (int, error) { return fn(ctx) },
		backoff.WithBackOff(&backoff.ZeroBackOff{}), backoff.WithMaxTries(maxAttempts))
}

// retryGo is avast/retry-go's retrier with no delay, made once.
var retryGo = retrygo.NewWithData[int](retrygo.Attempts(maxAttempts),
	retrygo.Delay(0), retrygo.DelayType(retrygo.FixedDelay), retrygo.LastErrorOnly(true))

func retryRetryGo(ctx context.Context, fn task) (int, error) {
	return retryGo.Do(func() (int, error) { return fn(ctx) })
}

// noWait is sethvargo/go-retry's backoff of zero, which its NewConstant
// refuses, capped at maxAttempts-1 retries.
func noWait() goretry.Backoff {
	return goretry.WithMaxRetries(maxAttempts-1, goretry.BackoffFunc(func() (time.Duration, bool) { return 0, false }))
}

// retryGoRetry is sethvargo/go-retry's DoValue, which retries only errors
// marked retryable, so every error is marked. Its backoffs keep state, so
// each call needs its own.
func retryGoRetry(ctx context.Context, fn task) (int, error) {
	return goretry.DoValue(ctx, noWait(), func(ctx context.Context) (int, error) {
		v, err := fn(ctx)
		if err != nil {
			return 0, goretry.RetryableError(err)
		}
		return v, nil
	})
}

// failsafeRetry is failsafe-go's retry policy with no delay, made once.
var failsafeRetry = failsafe.With(retrypolicy.NewBuilder[int]().
	WithMaxAttempts(maxAttempts).WithDelay(0).ReturnLastFailure().Build())

func retryFailsafe(ctx context.Context, fn task) (int, error) {
	return failsafeRetry.WithContext(ctx).GetWithExecution(func(exec failsafe.Execution[int]) (int, error) {
		return fn(exec.Context())
	})
}

// failsafeHedge is failsafe-go's hedge policy: one hedge, at once.
var failsafeHedge = failsafe.With(hedgepolicy.NewBuilderWithDelay[int](0).WithMaxHedges(1).Build())

func hedgeFailsafe(ctx context.Context, fn task) (int, error) {
	return failsafeHedge.WithContext(ctx).GetWithExecution(func(exec failsafe.Execution[int]) (int, error) {
		return fn(exec.Context())
	})
}
