package retry_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
	"github.com/eventual-go/eventual/retry"
	"github.com/eventual-go/eventual/timeout"
)

// errUnavailable is what a flaky service fails with.
var errUnavailable = errors.New("503 service unavailable")

// flakyService stands in for a remote call that fails the first n times it
// is called, and then answers.
func flakyService(n int) func(context.Context) (string, error) {
	calls := 0
	return func(context.Context) (string, error) {
		calls++
		if calls <= n {
			return "", errUnavailable
		}
		return fmt.Sprintf("answer after %d calls", calls), nil
	}
}

// This example retries a call that fails twice. The zero Policy makes three
// attempts with jittered waits; Constant(0) leaves the waits out, as a test
// would.
func ExampleDo() {
	ctx := context.Background()
	fetch := flakyService(2)

	answer, err := retry.Do(ctx, retry.Policy{Backoff: retry.Constant(0)}, fetch)
	fmt.Println(answer, err)
	// Output: answer after 3 calls <nil>
}

// This example gives up: every failure is a *retry.Error that says why it
// stopped, and errors.Is finds the service's own error in it.
func ExampleDo_exhausted() {
	ctx := context.Background()
	fetch := flakyService(10)

	_, err := retry.Do(ctx, retry.Policy{MaxAttempts: 4, Backoff: retry.Constant(0)}, fetch)
	fmt.Println(err)
	fmt.Println(errors.Is(err, errUnavailable), errors.Is(err, retry.ErrExhausted))
	// Output:
	// retry: stopped after 4 attempts (attempts exhausted): 503 service unavailable
	// true true
}

// This example shows deadline-aware scheduling: the next wait would end
// after the context's deadline, so Do stops at once instead of sleeping and
// failing later. The error is still a context.DeadlineExceeded.
func ExampleDo_deadline() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fetch := flakyService(10)

	_, err := retry.Do(ctx, retry.Policy{Backoff: retry.Constant(time.Hour)}, fetch)
	fmt.Println(err)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// retry: stopped after 1 attempt (next attempt would start after the deadline: context deadline exceeded): 503 service unavailable
	// true
}

// This example logs each retry. OnRetry is called only when a retry is
// scheduled, never after the last attempt.
func ExampleDo_onRetry() {
	ctx := context.Background()
	p := retry.Policy{
		Backoff: retry.Exponential(0, time.Second), // a base of 0 waits 0
		OnRetry: func(ctx context.Context, e retry.Event) {
			fmt.Printf("attempt %d failed (%v); retrying in %v\n", e.Attempt, e.Err, e.Delay)
		},
	}

	_, err := retry.Do(ctx, p, flakyService(10))
	fmt.Println(err)
	// Output:
	// attempt 1 failed (503 service unavailable); retrying in 0s
	// attempt 2 failed (503 service unavailable); retrying in 0s
	// retry: stopped after 3 attempts (attempts exhausted): 503 service unavailable
}

// This example retries only the errors that are worth it: RetryIf rejects
// the others, which stop the calls at once.
func ExamplePolicy() {
	ctx := context.Background()
	errNotFound := errors.New("404 not found")
	p := retry.Policy{
		MaxAttempts:    5,
		Backoff:        retry.FullJitter(100*time.Millisecond, 5*time.Second),
		MaxElapsed:     30 * time.Second,
		AttemptTimeout: 2 * time.Second,
		RetryIf:        func(err error) bool { return !errors.Is(err, errNotFound) },
	}

	_, err := retry.Do(ctx, p, func(context.Context) (string, error) {
		return "", errNotFound
	})
	fmt.Println(err)
	// Output: retry: stopped after 1 attempt (error not retryable): 404 not found
}

// This example runs the retries in a goroutine and awaits the future.
func ExampleGo() {
	ctx := context.Background()
	f := retry.Go(ctx, retry.Policy{Backoff: retry.Constant(0)}, flakyService(1))

	answer, err := f.Await(ctx)
	fmt.Println(answer, err)
	// Output: answer after 2 calls <nil>
}

// This example turns a call into a retrying call of the same type, and runs
// it where any such function goes: here, future.Go.
func ExampleWrap() {
	ctx := context.Background()
	fetch := retry.Wrap(retry.Policy{Backoff: retry.Constant(0)}, flakyService(2))

	answer, err := future.Go(ctx, fetch).Await(ctx)
	fmt.Println(answer, err)
	// Output: answer after 3 calls <nil>
}

// This example retries work that comes as a future. A future settles once,
// so DoFuture asks for a fresh one on each attempt.
func ExampleDoFuture() {
	ctx := context.Background()
	fetch := flakyService(1)

	answer, err := retry.DoFuture(ctx, retry.Policy{Backoff: retry.Constant(0)},
		func(ctx context.Context) *future.Future[string] {
			return future.Go(ctx, fetch)
		})
	fmt.Println(answer, err)
	// Output: answer after 2 calls <nil>
}

// This example stops at once on an error that no retry can fix.
func ExamplePermanent() {
	ctx := context.Background()
	calls := 0
	_, err := retry.Do(ctx, retry.Policy{}, func(context.Context) (string, error) {
		calls++
		return "", retry.Permanent(errors.New("401 unauthorized"))
	})
	fmt.Println(err)
	fmt.Println(calls, errors.Is(err, retry.ErrPermanent))
	// Output:
	// retry: stopped after 1 attempt (permanent error): 401 unauthorized
	// 1 true
}

// This example honors a server's Retry-After hint only up to MaxHint: a
// hint of an hour stops the calls at once, and the error holds the hint so
// the work can be scheduled for later.
func ExampleAfter() {
	ctx := context.Background()
	_, err := retry.Do(ctx, retry.Policy{MaxHint: time.Minute}, func(context.Context) (string, error) {
		return "", retry.After(time.Hour, errors.New("429 too many requests"))
	})
	var re *retry.Error
	if errors.As(err, &re) {
		fmt.Println(re.Cause)
		fmt.Println("try again in", re.Hint)
	}
	// Output:
	// retry: server hint exceeds MaxHint
	// try again in 1h0m0s
}

// This example reads why the calls stopped and what the last one returned.
func ExampleError() {
	ctx, cancel := context.WithCancelCause(context.Background())
	p := retry.Policy{
		Backoff: retry.Constant(0),
		OnRetry: func(context.Context, retry.Event) { cancel(errors.New("shutting down")) },
	}

	_, err := retry.Do(ctx, p, flakyService(10))
	var re *retry.Error
	if errors.As(err, &re) {
		fmt.Println("cause:", re.Cause)
		fmt.Println("last:", re.Last)
		fmt.Println("attempts:", re.Attempts)
	}
	// Output:
	// cause: shutting down
	// last: 503 service unavailable
	// attempts: 1
}

// This example prints an Error.
func ExampleError_Error() {
	err := &retry.Error{Cause: retry.ErrExhausted, Last: errUnavailable, Attempts: 3}
	fmt.Println(err.Error())
	// Output: retry: stopped after 3 attempts (attempts exhausted): 503 service unavailable
}

// This example shows that an Error unwraps to both its cause and the last
// error, so errors.Is finds the cancellation and the service's error.
func ExampleError_Unwrap() {
	ctx, cancel := context.WithCancel(context.Background())
	p := retry.Policy{
		Backoff: retry.Constant(0),
		OnRetry: func(context.Context, retry.Event) { cancel() },
	}

	_, err := retry.Do(ctx, p, flakyService(10))
	fmt.Println(errors.Is(err, context.Canceled), errors.Is(err, errUnavailable))
	fmt.Println(len(err.(*retry.Error).Unwrap()))
	// Output:
	// true true
	// 2
}

// printWaits prints the first n waits of b, with the random number r.
func printWaits(b retry.Backoff, n int, r float64) {
	var prev time.Duration
	for i := 1; i <= n; i++ {
		prev = b(i, prev, r)
		fmt.Print(prev, " ")
	}
	fmt.Println()
}

// This example writes a Backoff of its own: waits from a fixed table, the
// last one repeated.
func ExampleBackoff() {
	table := []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}
	var fromTable retry.Backoff = func(n int, _ time.Duration, _ float64) time.Duration {
		return table[min(n, len(table))-1]
	}
	printWaits(fromTable, 5, 0)
	// Output: 1s 5s 30s 30s 30s
}

func ExampleConstant() {
	printWaits(retry.Constant(time.Second), 3, 0.5)
	// Output: 1s 1s 1s
}

func ExampleLinear() {
	printWaits(retry.Linear(time.Second, 3*time.Second), 5, 0.5)
	// Output: 1s 2s 3s 3s 3s
}

func ExampleExponential() {
	printWaits(retry.Exponential(time.Second, 10*time.Second), 6, 0.5)
	// Output: 1s 2s 4s 8s 10s 10s
}

// This example draws full jitter with a fixed random number of 0.5, which
// gives half of each exponential wait.
func ExampleFullJitter() {
	printWaits(retry.FullJitter(time.Second, 10*time.Second), 6, 0.5)
	// Output: 500ms 1s 2s 4s 5s 5s
}

// This example draws equal jitter with the smallest random number, which
// gives its floor: half of each exponential wait.
func ExampleEqualJitter() {
	printWaits(retry.EqualJitter(time.Second, 10*time.Second), 6, 0)
	// Output: 500ms 1s 2s 4s 5s 5s
}

// This example draws decorrelated jitter from a seeded source, as a test
// would, and checks that every wait lies between the base and the cap.
func ExampleDecorrelated() {
	src := rand.New(rand.NewPCG(1, 2))
	b := retry.Decorrelated(100*time.Millisecond, 2*time.Second)
	var prev time.Duration
	inRange := true
	for n := 1; n <= 1000; n++ {
		prev = b(n, prev, src.Float64())
		inRange = inRange && prev >= 100*time.Millisecond && prev <= 2*time.Second
	}
	fmt.Println(inRange)
	// Output: true
}

// This example shares one budget between calls: once half its tokens are
// spent on failures, calls stop retrying and fail after their first
// attempt, until successes refill it.
func ExampleNewTokenBucket() {
	ctx := context.Background()
	budget := retry.NewTokenBucket(10, 0.1)
	p := retry.Policy{Budget: budget, Backoff: retry.Constant(0)}

	for range 4 {
		_, err := retry.Do(ctx, p, flakyService(10))
		fmt.Println(err.(*retry.Error).Attempts, err.(*retry.Error).Cause)
	}
	fmt.Println(budget.Tokens(), "tokens left")
	// Output:
	// 3 retry: attempts exhausted
	// 2 retry: budget denied the retry
	// 1 retry: budget denied the retry
	// 1 retry: budget denied the retry
	// 3 tokens left
}

func ExampleTokenBucket_Allow() {
	b := retry.NewTokenBucket(4, 1)
	for range 3 {
		fmt.Println(b.Tokens(), b.Allow())
		b.Record(1, errUnavailable)
	}
	// Output:
	// 4 true
	// 3 true
	// 2 false
}

func ExampleTokenBucket_Record() {
	b := retry.NewTokenBucket(10, 0.5)
	b.Record(1, errUnavailable) // a failure takes a token
	b.Record(2, nil)            // a success gives back half of one
	fmt.Println(b.Tokens())
	// Output: 9.5
}

func ExampleTokenBucket_Tokens() {
	b := retry.NewTokenBucket(10, 0.1)
	fmt.Println(b.Tokens())
	// Output: 10
}

// A ratioBudget allows retries while they are fewer than a tenth of the
// calls, as the SRE book suggests for each client.
type ratioBudget struct {
	calls, retries atomic.Int64
}

func (b *ratioBudget) Allow() bool { return b.retries.Load()*10 < b.calls.Load() }

func (b *ratioBudget) Record(attempt int, _ error) {
	if attempt == 1 {
		b.calls.Add(1)
	} else {
		b.retries.Add(1)
	}
}

// This example writes a Budget of its own: retries may be at most a tenth
// of the calls. Of 30 calls that fail once each, every tenth can retry.
func ExampleBudget() {
	ctx := context.Background()
	budget := new(ratioBudget)
	p := retry.Policy{Budget: budget, Backoff: retry.Constant(0)}

	succeeded := 0
	for range 30 {
		if _, err := retry.Do(ctx, p, flakyService(1)); err == nil {
			succeeded++
		}
	}
	fmt.Println(succeeded, "of 30 calls succeeded, with", budget.retries.Load(), "retries")
	// Output: 3 of 30 calls succeeded, with 3 retries
}

// mirror stands in for a replica: a slow one answers only when its context
// ends, and tells why.
func mirror(ctx context.Context, slow bool, why chan<- error) (string, error) {
	if !slow {
		return "fast answer", nil
	}
	<-ctx.Done()
	why <- context.Cause(ctx)
	return "", ctx.Err()
}

// This example hedges a slow call: the first attempt has not answered after
// the delay, so a second starts; it wins, and the first is canceled with
// cause future.ErrLost.
func ExampleHedge() {
	ctx := context.Background()
	why := make(chan error, 1)
	var attempts atomic.Int32
	call := func(ctx context.Context) (string, error) {
		return mirror(ctx, attempts.Add(1) == 1, why)
	}

	answer, err := retry.Hedge(ctx, retry.HedgePolicy{Delay: time.Millisecond}, call)
	fmt.Println(answer, err)
	fmt.Println("the first attempt saw:", <-why)
	// Output:
	// fast answer <nil>
	// the first attempt saw: future: another task won
}

// This example closes what a loser returns after the call was decided, as
// one would close a response body.
func ExampleHedgeRelease() {
	ctx := context.Background()
	gate := make(chan struct{})
	released := make(chan string)
	var attempts atomic.Int32
	call := func(ctx context.Context) (string, error) {
		if attempts.Add(1) == 1 {
			<-gate // slow, and deaf to its context
			return "late response", nil
		}
		return "response", nil
	}

	answer, err := retry.HedgeRelease(ctx, retry.HedgePolicy{}, call, func(r string) { released <- r })
	fmt.Println(answer, err)
	close(gate)
	fmt.Println("released:", <-released)
	// Output:
	// response <nil>
	// released: late response
}

// This example turns a call into a hedged call of the same type.
func ExampleHedgeWrap() {
	ctx := context.Background()
	why := make(chan error, 1)
	var attempts atomic.Int32
	call := retry.HedgeWrap(retry.HedgePolicy{Delay: time.Millisecond}, func(ctx context.Context) (string, error) {
		return mirror(ctx, attempts.Add(1) == 1, why)
	})

	answer, err := call(ctx)
	fmt.Println(answer, err, <-why == future.ErrLost)
	// Output: fast answer <nil> true
}

// page stands in for a service that fails the first call for each page.
type page struct {
	mu    sync.Mutex
	calls map[int]int
}

func (p *page) fetch(ctx context.Context, id int) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[id]++
	if p.calls[id] == 1 {
		return "", errUnavailable
	}
	return fmt.Sprintf("page %d", id), nil
}

// This example composes the pieces: three pages are fetched side by side
// with future.GoAll, each call is retried under a policy, each attempt is
// limited to 200ms, and each page, retries and all, to a second.
func Example_composition() {
	ctx := context.Background()
	svc := &page{calls: map[int]int{}}
	p := retry.Policy{MaxAttempts: 3, Backoff: retry.Constant(0)}

	var fetches []func(context.Context) (string, error)
	for _, id := range []int{1, 2, 3} {
		call := func(ctx context.Context) (string, error) { return svc.fetch(ctx, id) }
		fetches = append(fetches, timeout.Wrap(time.Second, retry.Wrap(p, timeout.Wrap(200*time.Millisecond, call))))
	}

	pages, err := future.GoAll(ctx, fetches...).Await(ctx)
	fmt.Println(pages, err)
	fmt.Println(svc.calls)
	// Output:
	// [page 1 page 2 page 3] <nil>
	// map[1:2 2:2 3:2]
}

// This example runs the attempts on a pool.Pool: retry.DoFuture submits each
// attempt as a task, so the waits between attempts hold no worker, and
// timeout.Wrap limits each attempt where it runs. timeout.Do limits each
// page, retries and all; future.GoAll fetches the pages side by side.
func Example_pool() {
	ctx := context.Background()
	workers := pool.New(2)
	defer workers.Close(ctx)
	svc := &page{calls: map[int]int{}}
	p := retry.Policy{MaxAttempts: 3, Backoff: retry.Constant(0)}

	var fetches []func(context.Context) (string, error)
	for _, id := range []int{1, 2, 3} {
		call := timeout.Wrap(200*time.Millisecond, func(ctx context.Context) (string, error) {
			return svc.fetch(ctx, id)
		})
		fetches = append(fetches, func(ctx context.Context) (string, error) {
			return timeout.Do(ctx, time.Second, func(ctx context.Context) (string, error) {
				return retry.DoFuture(ctx, p, func(ctx context.Context) *future.Future[string] {
					return pool.Submit(ctx, workers, call)
				})
			})
		})
	}

	pages, err := future.GoAll(ctx, fetches...).Await(ctx)
	fmt.Println(pages, err)
	fmt.Println(svc.calls)
	// Output:
	// [page 1 page 2 page 3] <nil>
	// map[1:2 2:2 3:2]
}
