package pool_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// lookup stands in for a call to a slow service.
func lookup(_ context.Context, id int) (string, error) {
	return fmt.Sprintf("user %d", id), nil
}

// This example makes a pool that runs at most four tasks at once, holds at
// most a hundred more, and fails a submit at once when both are full.
func ExampleNew() {
	p := pool.New(4, pool.WithQueueSize(100), pool.WithFullPolicy(pool.Reject))
	defer p.Close(context.Background())

	fmt.Println(p.Stats().Size, p.Stats().Workers)
	// Output: 4 0
}

// This example runs a lookup on the pool and awaits its result.
func ExampleSubmit() {
	ctx := context.Background()
	p := pool.New(4)
	defer p.Close(ctx)

	user := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		return lookup(ctx, 1)
	})
	name, err := user.Await(ctx)
	fmt.Println(name, err)
	// Output: user 1 <nil>
}

// This example runs lookups at most two at a time and collects their
// results in order, using only the standard library.
func Example_allStdlib() {
	ctx := context.Background()
	ids := []int{0, 1, 2, 3, 4}
	names := make([]string, len(ids))
	errs := make([]error, len(ids))
	limit := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, id := range ids {
		limit <- struct{}{}
		wg.Go(func() {
			defer func() { <-limit }()
			names[i], errs[i] = lookup(ctx, id)
		})
	}
	wg.Wait()
	fmt.Println(names, errors.Join(errs...))
	// Output: [user 0 user 1 user 2 user 3 user 4] <nil>
}

// This example does the same on a pool of two workers, which it keeps for
// more work, and collects the results in order with future.All, which
// waits without holding a worker.
func Example_all() {
	ctx := context.Background()
	p := pool.New(2)
	defer p.Close(ctx)

	var users []*future.Future[string]
	for id := range 5 {
		users = append(users, pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
			return lookup(ctx, id)
		}))
	}
	names, err := future.All(users...).Await(ctx)
	fmt.Println(names, err)
	// Output: [user 0 user 1 user 2 user 3 user 4] <nil>
}

// This example shows a task that submits to its own pool, which has one
// worker, and awaits the result. The inner task runs on the outer task's
// goroutine instead of waiting behind it in the queue, so nothing
// deadlocks.
func Example_nested() {
	ctx := context.Background()
	p := pool.New(1)
	defer p.Close(ctx)

	outer := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		inner := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
			return lookup(ctx, 2)
		})
		name, err := inner.Await(ctx)
		return "found " + name, err
	})
	fmt.Println(outer.Await(ctx))
	// Output: found user 2 <nil>
}

// This example tries to submit to a pool whose only worker is busy and
// which has no queue.
func ExampleTrySubmit() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(0))
	defer p.Close(ctx)
	release := make(chan struct{})
	defer close(release)
	p.Go(ctx, func(context.Context) { <-release })

	_, err := pool.TrySubmit(ctx, p, func(ctx context.Context) (string, error) {
		return lookup(ctx, 3)
	})
	fmt.Println(err)
	// Output: pool: full
}

// This example runs tasks without futures, and waits for them with a
// WaitGroup.
func ExamplePool_Go() {
	ctx := context.Background()
	p := pool.New(2)
	defer p.Close(ctx)

	var wg sync.WaitGroup
	for id := range 3 {
		wg.Add(1)
		err := p.Go(ctx, func(ctx context.Context) {
			defer wg.Done()
			name, _ := lookup(ctx, id)
			fmt.Println("warmed", name)
		})
		if err != nil {
			wg.Done()
		}
	}
	wg.Wait()
	// Unordered output:
	// warmed user 0
	// warmed user 1
	// warmed user 2
}

// This example tries to start a task on a pool that is full.
func ExamplePool_TryGo() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(0))
	defer p.Close(ctx)
	release := make(chan struct{})
	defer close(release)
	p.Go(ctx, func(context.Context) { <-release })

	err := p.TryGo(ctx, func(context.Context) { fmt.Println("not run") })
	fmt.Println(err)
	// Output: pool: full
}

// This example closes a pool with work queued: Close lets it run, and
// waits for it, and the pool then refuses more.
func ExamplePool_Close() {
	ctx := context.Background()
	p := pool.New(1)

	var users []*future.Future[string]
	for id := range 3 {
		users = append(users, pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
			return lookup(ctx, id)
		}))
	}
	fmt.Println(p.Close(ctx))
	for _, u := range users {
		r, _ := u.Peek()
		fmt.Println(r.Value)
	}
	fmt.Println(p.Go(ctx, func(context.Context) {}))
	// Output:
	// <nil>
	// user 0
	// user 1
	// user 2
	// pool: closed
}

// This example aborts a pool: the queued task fails without running, and
// the running one's context is canceled, both with the cause.
func ExamplePool_Abort() {
	ctx := context.Background()
	p := pool.New(1)
	started := make(chan struct{})
	running := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		close(started)
		<-ctx.Done()
		return "", context.Cause(ctx)
	})
	queued := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		return lookup(ctx, 4)
	})
	<-started

	p.Abort(errors.New("shutting down"))
	_, err := queued.Await(ctx)
	fmt.Println("queued:", err)
	_, err = running.Await(ctx)
	fmt.Println("running:", err)
	fmt.Println(p.Close(ctx))
	// Output:
	// queued: shutting down
	// running: shutting down
	// <nil>
}

// This example waits for a batch of tasks to finish, and then uses the
// pool again.
func ExamplePool_Wait() {
	ctx := context.Background()
	p := pool.New(2)
	defer p.Close(ctx)

	for batch := range 2 {
		for id := range 3 {
			p.Go(ctx, func(ctx context.Context) { lookup(ctx, id) })
		}
		p.Wait(ctx)
		fmt.Println("batch", batch, "done:", p.Stats().Succeeded)
	}
	// Output:
	// batch 0 done: 3
	// batch 1 done: 6
}

// This example grows a pool at run time, and tries a size it refuses.
func ExamplePool_Resize() {
	p := pool.New(1)
	defer p.Close(context.Background())

	fmt.Println(p.Resize(8), p.Stats().Size)
	fmt.Println(p.Resize(0))
	// Output:
	// <nil> 8
	// pool: invalid configuration: size 0 is less than one
}

// This example reads a pool's counts after tasks that succeed, fail and
// panic, and a submit the full pool rejects. They add up.
func ExamplePool_Stats() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(2), pool.WithFullPolicy(pool.Reject))
	defer p.Close(ctx)
	release := make(chan struct{})

	pool.Submit(ctx, p, func(context.Context) (int, error) { <-release; return 1, nil })
	pool.Submit(ctx, p, func(context.Context) (int, error) { return 0, errors.New("no such user") })
	pool.Submit(ctx, p, func(context.Context) (int, error) { panic("bug") })
	pool.Submit(ctx, p, func(context.Context) (int, error) { return 1, nil }) // the pool is full
	close(release)
	p.Wait(ctx)

	s := p.Stats()
	fmt.Printf("submitted %d: %d succeeded, %d failed, %d panicked, %d rejected\n",
		s.Submitted, s.Succeeded, s.Failed, s.Panicked, s.Rejected)
	// Output: submitted 4: 1 succeeded, 1 failed, 1 panicked, 1 rejected
}

// This example gives a pool of one worker a queue of one task: a third
// task does not fit.
func ExampleWithQueueSize() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(1))
	defer p.Close(ctx)
	release := make(chan struct{})
	defer close(release)
	wait := func(context.Context) { <-release }

	fmt.Println(p.TryGo(ctx, wait)) // runs
	fmt.Println(p.TryGo(ctx, wait)) // waits in the queue
	fmt.Println(p.TryGo(ctx, wait))
	// Output:
	// <nil>
	// <nil>
	// pool: full
}

// This example shows the default policy, Block: a submit to a full pool
// waits for room until its context is done.
func ExampleWithFullPolicy_block() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(0), pool.WithFullPolicy(pool.Block))
	defer p.Close(ctx)
	release := make(chan struct{})
	defer close(release)
	p.Go(ctx, func(context.Context) { <-release })

	impatient, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	err := p.Go(impatient, func(context.Context) { fmt.Println("not run") })
	fmt.Println(err)
	// Output: context deadline exceeded
}

// This example shows the Reject policy: a submit to a full pool fails at
// once.
func ExampleWithFullPolicy_reject() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(0), pool.WithFullPolicy(pool.Reject))
	defer p.Close(ctx)
	release := make(chan struct{})
	defer close(release)
	p.Go(ctx, func(context.Context) { <-release })

	_, err := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		return lookup(ctx, 5)
	}).Await(ctx)
	fmt.Println(err, errors.Is(err, pool.ErrFull))
	// Output: pool: full true
}

// This example shows the CallerRuns policy: when the pool is full, the
// submitting goroutine runs the task itself, which slows it down to the
// pool's pace.
func ExampleWithFullPolicy_callerRuns() {
	ctx := context.Background()
	p := pool.New(1, pool.WithQueueSize(0), pool.WithFullPolicy(pool.CallerRuns))
	defer p.Close(ctx)
	release := make(chan struct{})
	defer close(release)
	p.Go(ctx, func(context.Context) { <-release })

	name, err := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		return lookup(ctx, 6)
	}).Await(ctx)
	fmt.Println(name, err)
	// Output: user 6 <nil>
}

// This example makes a pool whose workers exit as soon as there is
// nothing to do.
func ExampleWithIdleTimeout() {
	ctx := context.Background()
	p := pool.New(2, pool.WithIdleTimeout(0))
	defer p.Close(ctx)

	p.Go(ctx, func(ctx context.Context) { lookup(ctx, 7) })
	p.Wait(ctx)
	fmt.Println(p.Stats().Workers)
	// Output: 0
}

// This example gives every task ten milliseconds: a task that waits
// longer sees its context's deadline pass.
func ExampleWithTaskTimeout() {
	ctx := context.Background()
	p := pool.New(2, pool.WithTaskTimeout(10*time.Millisecond))
	defer p.Close(ctx)

	slow := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		<-ctx.Done() // a call that heeds its context
		return "", ctx.Err()
	})
	_, err := slow.Await(ctx)
	fmt.Println(err)
	// Output: context deadline exceeded
}

// This example ties a pool to a context: canceling the context aborts the
// pool, and its running task sees the cause.
func ExampleWithContext() {
	server, stop := context.WithCancelCause(context.Background())
	p := pool.New(1, pool.WithContext(server))

	ctx := context.Background()
	started := make(chan struct{})
	task := pool.Submit(ctx, p, func(ctx context.Context) (string, error) {
		close(started)
		<-ctx.Done()
		return "", context.Cause(ctx)
	})
	<-started
	stop(errors.New("server stopping"))

	_, err := task.Await(ctx)
	fmt.Println(err)
	fmt.Println(p.Close(ctx))
	// Output:
	// server stopping
	// <nil>
}

// This example reports the panics of fire-and-forget tasks, which have no
// future to hold them.
func ExampleWithUnhandled() {
	ctx := context.Background()
	report := func(err error) {
		var pe *future.PanicError
		if errors.As(err, &pe) {
			fmt.Println("task panicked:", pe.Value)
		}
	}
	p := pool.New(1, pool.WithUnhandled(report))

	p.Go(ctx, func(context.Context) { panic("nil map") })
	p.Close(ctx)
	// Output: task panicked: nil map
}
