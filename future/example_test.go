package future_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// This example fetches a user and their orders concurrently, joins the two
// results and formats them. A failed orders call degrades the page instead
// of failing it.
func Example_pipeline() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // stops both fetches if we return early

	user := future.Go(ctx, func(ctx context.Context) (string, error) {
		return "Ada", nil // a database query, say
	})
	orders := future.Go(ctx, func(ctx context.Context) ([]string, error) {
		return nil, errors.New("orders: service unavailable") // a failing RPC
	})
	orders = future.Catch(orders, func(err error) ([]string, error) {
		fmt.Println("degraded:", err)
		return nil, nil // show the page without orders
	})
	page := future.Then(future.Join2(user, orders),
		func(t future.Tuple2[string, []string]) (string, error) {
			return fmt.Sprintf("%s has %d orders", t.V1, len(t.V2)), nil
		})

	s, err := page.Await(ctx)
	fmt.Println(s, err)
	// Output:
	// degraded: orders: service unavailable
	// Ada has 0 orders <nil>
}

// This example runs a function in a new goroutine and waits for its result.
func ExampleGo() {
	f := future.Go(context.Background(), func(ctx context.Context) (int, error) {
		return strconv.Atoi("42")
	})

	n, err := f.Await(context.Background())
	fmt.Println(n, err)
	// Output: 42 <nil>
}

// This example shows that Go does not call the function when its context is
// already done: the future fails with the context's cause.
func ExampleGo_canceledContext() {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("client went away"))

	f := future.Go(ctx, func(ctx context.Context) (int, error) {
		fmt.Println("not called")
		return 0, nil
	})

	_, err := f.Await(context.Background())
	fmt.Println(err)
	// Output: client went away
}

// This example makes a future that has already succeeded, such as a cached
// value returned where a future is expected.
func ExampleResolved() {
	f := future.Resolved("cached")

	v, err := f.Await(context.Background())
	fmt.Println(v, err)
	// Output: cached <nil>
}

// This example makes a future that has already failed. Its error comes back
// unchanged, so errors.Is works on it.
func ExampleRejected() {
	errNotFound := errors.New("not found")
	f := future.Rejected[int](errNotFound)

	_, err := f.Await(context.Background())
	fmt.Println(err, errors.Is(err, errNotFound))
	// Output: not found true
}

// This example waits for a future. Every Await, now or later, sees the same
// result.
func ExampleFuture_Await() {
	f := future.Go(context.Background(), func(ctx context.Context) (string, error) {
		return "done", nil
	})

	v, err := f.Await(context.Background())
	fmt.Println(v, err)
	v, err = f.Await(context.Background())
	fmt.Println(v, err)
	// Output:
	// done <nil>
	// done <nil>
}

// This example stops waiting when the context is canceled. The work is not
// canceled: a later Await still sees its result.
func ExampleFuture_Await_canceled() {
	release := make(chan struct{})
	f := future.Go(context.Background(), func(context.Context) (string, error) {
		<-release
		return "done", nil
	})

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // a deadline that has passed behaves the same way
	_, err := f.Await(ctx)
	fmt.Println(err)

	close(release)
	v, err := f.Await(context.Background())
	fmt.Println(v, err)
	// Output:
	// context canceled
	// done <nil>
}

// This example waits for a future in a select statement, together with a
// shutdown signal.
func ExampleFuture_Done() {
	shutdown := make(chan struct{})
	f := future.Go(context.Background(), func(context.Context) (string, error) {
		return "pong", nil
	})

	select {
	case <-f.Done():
		v, err := f.Await(context.Background()) // f has settled: no waiting
		fmt.Println(v, err)
	case <-shutdown:
		fmt.Println("shutting down")
	}
	// Output: pong <nil>
}

// This example looks at a future without blocking, before and after it
// settles.
func ExampleFuture_Peek() {
	p := promise.New[int]()
	f := p.Future()

	r, ok := f.Peek()
	fmt.Println(r.Value, r.Err, ok)

	p.Resolve(7)
	r, ok = f.Peek()
	fmt.Println(r.Value, r.Err, ok)
	// Output:
	// 0 <nil> false
	// 7 <nil> true
}

// This example cancels a running task. The task's context is canceled with
// the cause given to Cancel, and the future settles once the task returns.
func ExampleFuture_Cancel() {
	errShutdown := errors.New("server shutting down")
	f := future.Go(context.Background(), func(ctx context.Context) (int, error) {
		<-ctx.Done()
		fmt.Println("task stopped:", context.Cause(ctx))
		return 0, ctx.Err()
	})

	f.Cancel(errShutdown)
	_, err := f.Await(context.Background())
	fmt.Println(err)
	// Output:
	// task stopped: server shutting down
	// context canceled
}

// This example cancels a future made by a combinator. It fails at once, and
// its input, which may have other consumers, carries on.
func ExampleFuture_Cancel_combinator() {
	release := make(chan struct{})
	n := future.Go(context.Background(), func(context.Context) (int, error) {
		<-release
		return 42, nil
	})
	s := future.Then(n, func(v int) (string, error) { return strconv.Itoa(v), nil })

	s.Cancel(nil)
	_, err := s.Await(context.Background())
	fmt.Println(err)

	close(release)
	v, err := n.Await(context.Background())
	fmt.Println(v, err)
	// Output:
	// context canceled
	// 42 <nil>
}

// This example transforms the value of a future.
func ExampleThen() {
	n := future.Go(context.Background(), func(context.Context) (int, error) {
		return 21, nil
	})
	doubled := future.Then(n, func(v int) (int, error) { return 2 * v, nil })

	v, err := doubled.Await(context.Background())
	fmt.Println(v, err)
	// Output: 42 <nil>
}

// This example shows that Then does not call its function when the future
// fails: the error passes through unchanged.
func ExampleThen_error() {
	n := future.Go(context.Background(), func(context.Context) (int, error) {
		return strconv.Atoi("forty-two")
	})
	doubled := future.Then(n, func(v int) (int, error) {
		fmt.Println("not called")
		return 2 * v, nil
	})

	_, err := doubled.Await(context.Background())
	fmt.Println(err)
	// Output: strconv.Atoi: parsing "forty-two": invalid syntax
}

// This example turns an error into a value: a missing setting falls back
// to a default. Other errors would still fail the future.
func ExampleCatch() {
	errNotSet := errors.New("setting not found")
	port := future.Go(context.Background(), func(context.Context) (int, error) {
		return 0, errNotSet
	})
	port = future.Catch(port, func(err error) (int, error) {
		if errors.Is(err, errNotSet) {
			return 8080, nil
		}
		return 0, err
	})

	v, err := port.Await(context.Background())
	fmt.Println(v, err)
	// Output: 8080 <nil>
}

// This example runs cleanup once a future settles, whether it succeeded or
// failed, and passes the result through.
func ExampleFinally() {
	f := future.Go(context.Background(), func(context.Context) (string, error) {
		return "", errors.New("query failed")
	})
	f = future.Finally(f, func() { fmt.Println("connection released") })

	_, err := f.Await(context.Background())
	fmt.Println(err)
	// Output:
	// connection released
	// query failed
}

// This example chains work that is itself asynchronous: once the user's ID
// is known, it starts the lookup of their name.
func ExampleFlatMap() {
	ctx := context.Background()
	id := future.Go(ctx, func(context.Context) (int, error) {
		return 7, nil // parse a session token, say
	})
	name := future.FlatMap(id, func(id int) *future.Future[string] {
		return future.Go(ctx, func(context.Context) (string, error) {
			return fmt.Sprintf("user-%d", id), nil // a database query, say
		})
	})

	v, err := name.Await(ctx)
	fmt.Println(v, err)
	// Output: user-7 <nil>
}

// This example waits for several tasks. The values come back in input order,
// whatever order the tasks finish in.
func ExampleAll() {
	ctx := context.Background()
	var fs []*future.Future[int]
	for i := range 4 {
		fs = append(fs, future.Go(ctx, func(context.Context) (int, error) {
			return i * i, nil
		}))
	}

	vs, err := future.All(fs...).Await(ctx)
	fmt.Println(vs, err)
	// Output: [0 1 4 9] <nil>
}

// This example shows that All fails as soon as one input fails, without
// waiting for the others, and does not cancel them.
func ExampleAll_failFast() {
	ctx := context.Background()
	release := make(chan struct{})
	slow := future.Go(ctx, func(context.Context) (string, error) {
		<-release
		return "slow", nil
	})
	failed := future.Go(ctx, func(context.Context) (string, error) {
		return "", errors.New("lookup failed")
	})

	_, err := future.All(slow, failed).Await(ctx)
	fmt.Println(err)
	_, settled := slow.Peek()
	fmt.Println("slow settled:", settled)

	close(release)
	v, err := slow.Await(ctx)
	fmt.Println(v, err)
	// Output:
	// lookup failed
	// slow settled: false
	// slow <nil>
}

// This example waits for every input and reports each outcome, in input
// order. The future from AllSettled never fails.
func ExampleAllSettled() {
	ctx := context.Background()
	var fs []*future.Future[int]
	for _, s := range []string{"1", "two", "3"} {
		fs = append(fs, future.Go(ctx, func(context.Context) (int, error) {
			return strconv.Atoi(s)
		}))
	}

	rs, err := future.AllSettled(fs...).Await(ctx)
	for _, r := range rs {
		fmt.Println(r.Value, r.Err)
	}
	fmt.Println(err)
	// Output:
	// 1 <nil>
	// 0 strconv.Atoi: parsing "two": invalid syntax
	// 3 <nil>
	// <nil>
}

// This example takes the first input to succeed, ignoring failures.
func ExampleAny() {
	ctx := context.Background()
	primary := future.Go(ctx, func(context.Context) (string, error) {
		return "", errors.New("primary: connection refused")
	})
	replica := future.Go(ctx, func(context.Context) (string, error) {
		return "row from replica", nil
	})

	v, err := future.Any(primary, replica).Await(ctx)
	fmt.Println(v, err)
	// Output: row from replica <nil>
}

// This example shows that when every input fails, Any fails with an
// *AggregateError that lists every error in input order.
func ExampleAny_allFailed() {
	errRefused := errors.New("connection refused")
	f := future.Any(
		future.Rejected[string](fmt.Errorf("primary: %w", errRefused)),
		future.Rejected[string](errors.New("replica: timeout")),
	)

	_, err := f.Await(context.Background())
	var agg *future.AggregateError
	if errors.As(err, &agg) {
		for i, err := range agg.Errs {
			fmt.Println(i, err)
		}
	}
	fmt.Println(errors.Is(err, errRefused))
	// Output:
	// 0 primary: connection refused
	// 1 replica: timeout
	// true
}

// This example settles with the first input to settle, value or error. Race
// does not cancel the loser, which is released at the end.
func ExampleRace() {
	ctx := context.Background()
	release := make(chan struct{})
	slow := future.Go(ctx, func(context.Context) (string, error) {
		<-release
		return "slow", nil
	})
	fast := future.Go(ctx, func(context.Context) (string, error) {
		return "fast", nil
	})

	v, err := future.Race(slow, fast).Await(ctx)
	fmt.Println(v, err)

	close(release)
	v, err = slow.Await(ctx)
	fmt.Println(v, err)
	// Output:
	// fast <nil>
	// slow <nil>
}

// This example waits for two futures of different types.
func ExampleJoin2() {
	ctx := context.Background()
	name := future.Go(ctx, func(context.Context) (string, error) { return "Ada", nil })
	age := future.Go(ctx, func(context.Context) (int, error) { return 36, nil })

	t, err := future.Join2(name, age).Await(ctx)
	fmt.Println(t.V1, t.V2, err)
	// Output: Ada 36 <nil>
}

// This example waits for three futures of different types. It fails with the
// first error, as soon as any input fails.
func ExampleJoin3() {
	ctx := context.Background()
	name := future.Resolved("Ada")
	age := future.Resolved(36)
	admin := future.Go(ctx, func(context.Context) (bool, error) {
		return strconv.ParseBool("yes")
	})

	_, err := future.Join3(name, age, admin).Await(ctx)
	fmt.Println(err)

	t, err := future.Join3(name, age, future.Resolved(true)).Await(ctx)
	fmt.Println(t.V1, t.V2, t.V3, err)
	// Output:
	// strconv.ParseBool: parsing "yes": invalid syntax
	// Ada 36 true <nil>
}

// This example handles results in the order they arrive rather than in
// input order. The replies are sent one at a time, each once the loop has
// handled the one before, so the order here is fixed.
func ExampleCompleted() {
	names := []string{"alpha", "beta", "gamma"}
	ps := make([]*promise.Promise[string], len(names))
	fs := make([]*future.Future[string], len(names))
	for i := range names {
		ps[i] = promise.New[string]()
		fs[i] = ps[i].Future()
	}

	handled := make(chan struct{})
	go func() {
		for _, i := range []int{2, 0, 1} {
			ps[i].Resolve(names[i] + " replied")
			<-handled
		}
	}()

	for i, r := range future.Completed(context.Background(), fs...) {
		fmt.Println(i, r.Value, r.Err)
		handled <- struct{}{}
	}
	// Output:
	// 2 gamma replied <nil>
	// 0 alpha replied <nil>
	// 1 beta replied <nil>
}

// This example stops waiting when the context is done: Completed yields the
// results that are there, then every input still pending, in input order,
// with the context's error.
func ExampleCompleted_canceled() {
	pending1, pending2 := promise.New[string](), promise.New[string]()
	fs := []*future.Future[string]{pending1.Future(), future.Resolved("cached"), pending2.Future()}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i, r := range future.Completed(ctx, fs...) {
		fmt.Printf("%d %q %v\n", i, r.Value, r.Err)
	}
	// Output:
	// 1 "cached" <nil>
	// 0 "" context canceled
	// 2 "" context canceled
}

// This example runs tasks in the manner of errgroup and collects their
// values in order.
func ExampleGoAll() {
	ctx := context.Background()
	var fns []func(context.Context) (int, error)
	for _, s := range []string{"10", "20", "30"} {
		fns = append(fns, func(context.Context) (int, error) {
			return strconv.Atoi(s)
		})
	}

	vs, err := future.GoAll(ctx, fns...).Await(ctx)
	fmt.Println(vs, err)
	// Output: [10 20 30] <nil>
}

// This example shows that when one task fails, GoAll cancels the others with
// its error as the cause, and settles once all of them have returned.
func ExampleGoAll_failFast() {
	ctx := context.Background()
	var cause error
	f := future.GoAll(ctx,
		func(ctx context.Context) (string, error) {
			<-ctx.Done() // a long download, say, that heeds its context
			cause = context.Cause(ctx)
			return "", ctx.Err()
		},
		func(ctx context.Context) (string, error) {
			return "", errors.New("disk full")
		},
	)

	_, err := f.Await(ctx)
	fmt.Println(err)
	fmt.Println("the other task saw:", cause)
	// Output:
	// disk full
	// the other task saw: disk full
}

// This example asks several mirrors and takes the first good answer. Once a
// task succeeds, GoAny cancels the others with cause ErrLost.
func ExampleGoAny() {
	ctx := context.Background()
	var cause error
	f := future.GoAny(ctx,
		func(ctx context.Context) (string, error) {
			return "", errors.New("mirror 1: not found")
		},
		func(ctx context.Context) (string, error) {
			return "file from mirror 2", nil
		},
		func(ctx context.Context) (string, error) {
			<-ctx.Done() // a slow mirror that heeds its context
			cause = context.Cause(ctx)
			return "", ctx.Err()
		},
	)

	v, err := f.Await(ctx)
	fmt.Println(v, err)
	fmt.Println("mirror 3 saw:", cause, errors.Is(cause, future.ErrLost))
	// Output:
	// file from mirror 2 <nil>
	// mirror 3 saw: future: another task won true
}

// This example takes the result of the first task to return and cancels the
// loser with cause ErrLost. The future settles only once the loser has
// returned too, so what the loser saw can be read after Await.
func ExampleGoRace() {
	ctx := context.Background()
	var cause error
	f := future.GoRace(ctx,
		func(ctx context.Context) (string, error) {
			<-ctx.Done() // a slow backend that heeds its context
			cause = context.Cause(ctx)
			return "", ctx.Err()
		},
		func(ctx context.Context) (string, error) {
			return "fast backend", nil
		},
	)

	v, err := f.Await(ctx)
	fmt.Println(v, err)
	fmt.Println("loser saw:", cause, cause == future.ErrLost)
	// Output:
	// fast backend <nil>
	// loser saw: future: another task won true
}

// This example recovers a panic in a task: the future fails with a
// *PanicError that holds the panic value and the stack, and the program
// keeps running.
func ExamplePanicError() {
	days := []string{"Mon", "Tue", "Wed", "Thu", "Fri"}
	f := future.Go(context.Background(), func(context.Context) (string, error) {
		i := 6
		return days[i], nil // a bug: panics with index out of range
	})

	_, err := f.Await(context.Background())
	var pe *future.PanicError
	if errors.As(err, &pe) {
		fmt.Println("recovered:", pe.Value)
		fmt.Println("stack captured:", len(pe.Stack) > 0)
	}
	// Output:
	// recovered: runtime error: index out of range [6] with length 5
	// stack captured: true
}

// This example prints a PanicError: its message holds the panic value.
func ExamplePanicError_Error() {
	f := future.Go(context.Background(), func(context.Context) (int, error) {
		panic("something went wrong")
	})

	_, err := f.Await(context.Background())
	fmt.Println(err)
	// Output: future: panic: something went wrong
}

// This example shows that errors.Is sees through a PanicError when the task
// panicked with an error.
func ExamplePanicError_Unwrap() {
	f := future.Go(context.Background(), func(context.Context) (int, error) {
		panic(io.ErrUnexpectedEOF)
	})

	_, err := f.Await(context.Background())
	fmt.Println(err)
	fmt.Println(errors.Is(err, io.ErrUnexpectedEOF))
	// Output:
	// future: panic: unexpected EOF
	// true
}

// This example prints an AggregateError: its message lists every error, in
// input order.
func ExampleAggregateError_Error() {
	_, err := future.Any(
		future.Rejected[int](errors.New("a: timeout")),
		future.Rejected[int](errors.New("b: refused")),
	).Await(context.Background())

	fmt.Println(err)
	// Output: future: all 2 failed: a: timeout; b: refused
}

// This example shows that errors.Is and errors.As look at each error in an
// AggregateError.
func ExampleAggregateError_Unwrap() {
	_, err := future.GoAny(context.Background(),
		func(context.Context) (int, error) { return 0, context.DeadlineExceeded },
		func(context.Context) (int, error) { return strconv.Atoi("x") },
	).Await(context.Background())

	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	var numErr *strconv.NumError
	fmt.Println(errors.As(err, &numErr), numErr.Func)
	// Output:
	// true
	// true Atoi
}
