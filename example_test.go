package eventual_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/eventual-go/eventual/future"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// lookup stands in for a call to a remote service.
func lookup(ctx context.Context, id int) (string, error) {
	if id < 0 {
		return "", errors.New("no such user")
	}
	return fmt.Sprintf("user%d", id), nil
}

// This example runs a call in the background and waits for it with a
// context, using only the standard library.
func Example_backgroundStdlib() {
	ctx := context.Background()
	type result struct {
		name string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		name, err := lookup(ctx, 1)
		ch <- result{name, err}
	}()
	select {
	case r := <-ch:
		fmt.Println(r.name, r.err)
	case <-ctx.Done():
		fmt.Println(ctx.Err())
	}
	// Output: user1 <nil>
}

// This example does the same with eventual: the future can also be awaited
// again, by any number of goroutines, and canceled.
func Example_background() {
	ctx := context.Background()
	user := future.Go(ctx, func(ctx context.Context) (string, error) {
		return lookup(ctx, 1)
	})
	name, err := user.Await(ctx)
	fmt.Println(name, err)
	// Output: user1 <nil>
}

// This example runs calls side by side and collects their results in order,
// canceling the rest at the first error, using only the standard library.
func Example_fanInStdlib() {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	ids := []int{1, 2, 3}
	names := make([]string, len(ids))
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			name, err := lookup(ctx, id)
			if err != nil {
				once.Do(func() { first = err; cancel(err) })
				return
			}
			names[i] = name
		})
	}
	wg.Wait()
	fmt.Println(names, first)
	// Output: [user1 user2 user3] <nil>
}

// This example does the same with eventual.
func Example_fanIn() {
	ctx := context.Background()
	var calls []func(context.Context) (string, error)
	for _, id := range []int{1, 2, 3} {
		calls = append(calls, func(ctx context.Context) (string, error) { return lookup(ctx, id) })
	}
	names, err := future.GoAll(ctx, calls...).Await(ctx)
	fmt.Println(names, err)
	// Output: [user1 user2 user3] <nil>
}

// mirror stands in for one of several replicas of a service: only the fast
// one answers before it is told to stop.
func mirror(ctx context.Context, fast bool) (string, error) {
	if fast {
		return "answer", nil
	}
	<-ctx.Done()
	return "", context.Cause(ctx)
}

// This example asks two replicas and takes the first answer, stopping the
// other, using only the standard library.
func Example_raceStdlib() {
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		answer string
		err    error
	}
	ch := make(chan result, 2)
	var wg sync.WaitGroup
	for _, fast := range []bool{false, true} {
		wg.Go(func() {
			answer, err := mirror(ctx, fast)
			ch <- result{answer, err}
		})
	}
	r := <-ch
	cancel()
	wg.Wait()
	fmt.Println(r.answer, r.err)
	// Output: answer <nil>
}

// This example does the same with eventual: the loser's context is
// canceled with future.ErrLost as the cause.
func Example_race() {
	ctx := context.Background()
	answer, err := future.GoRace(ctx,
		func(ctx context.Context) (string, error) { return mirror(ctx, false) },
		func(ctx context.Context) (string, error) { return mirror(ctx, true) },
	).Await(ctx)
	fmt.Println(answer, err)
	// Output: answer <nil>
}
