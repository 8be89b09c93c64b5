package benchmarks

import (
	"context"
	"sync"

	cheb "github.com/chebyrash/promise"
	"github.com/reugn/async"
	"github.com/samber/mo"
	conc "github.com/sourcegraph/conc"
	"golang.org/x/sync/errgroup"
)

// This file holds the peer libraries' versions of the futures scenarios,
// each written the way that library's own documentation does it. Where a
// library cannot express a scenario, it has no entry in that scenario's
// table, and the README says why:
//
//   - chebyrash/promise and samber/mo run every promise's executor in a new
//     goroutine, so neither can resolve and await on one goroutine
//     (BenchmarkPromise).
//   - samber/mo has no All and no Race.
//   - chebyrash/promise's executors and reugn/async's tasks take no
//     context, so neither library can cancel a loser; their races here stop
//     the losers through a context the caller captured, after the result
//     is in, as a user of them would have to.

// settle passes a task's results to a chebyrash or mo executor's callbacks.
func settle(v int, err error, resolve func(int), reject func(error)) {
	if err != nil {
		reject(err)
		return
	}
	resolve(v)
}

// deref turns chebyrash's *T result into a value.
func deref(v *int, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return *v, nil
}

func goAwaitChebyrash(ctx context.Context, fn task) (int, error) {
	p := cheb.New(func(resolve func(int), reject func(error)) {
		v, err := fn(ctx)
		settle(v, err, resolve, reject)
	})
	return deref(p.Await(ctx))
}

func goAwaitReugn(ctx context.Context, fn task) (int, error) {
	return async.NewTask(func() (int, error) { return fn(ctx) }).Call().Join()
}

func goAwaitMo(ctx context.Context, fn task) (int, error) {
	return mo.NewFuture(func(resolve func(int), reject func(error)) {
		v, err := fn(ctx)
		settle(v, err, resolve, reject)
	}).Collect()
}

func promiseReugn(_ context.Context, v int) (int, error) {
	p := async.NewPromise[int]()
	escaped = p
	p.Success(v)
	return p.Future().Join()
}

func thenChebyrash(ctx context.Context, start int) (int, error) {
	p := cheb.New(func(resolve func(int), _ func(error)) { resolve(start) })
	for range stages {
		p = cheb.Then(p, ctx, addOne)
	}
	return deref(p.Await(ctx))
}

func thenReugn(_ context.Context, start int) (int, error) {
	p := async.NewPromise[int]()
	f := p.Future()
	for range stages {
		f = f.Map(addOne)
	}
	p.Success(start)
	return f.Join()
}

func thenMo(_ context.Context, start int) (int, error) {
	f := mo.NewFuture(func(resolve func(int), _ func(error)) { resolve(start) })
	for range stages {
		f = f.Then(addOne)
	}
	return f.Collect()
}

func allChebyrash(ctx context.Context, fns []task, started func()) ([]int, error) {
	ps := make([]*cheb.Promise[int], len(fns))
	for i, fn := range fns {
		ps[i] = cheb.New(func(resolve func(int), reject func(error)) {
			v, err := fn(ctx)
			settle(v, err, resolve, reject)
		})
	}
	started()
	vals, err := cheb.All(ctx, ps...).Await(ctx)
	if err != nil {
		return nil, err
	}
	return *vals, nil
}

// allReugn joins reugn's tasks with FutureSeq, which gives values and
// errors mixed in one []any, in order.
func allReugn(ctx context.Context, fns []task, started func()) ([]int, error) {
	fs := make([]async.Future[int], len(fns))
	for i, fn := range fns {
		fs[i] = async.NewTask(func() (int, error) { return fn(ctx) }).Call()
	}
	started()
	seq, err := async.FutureSeq(fs).Join()
	if err != nil {
		return nil, err
	}
	vals := make([]int, len(seq))
	for i, x := range seq {
		switch x := x.(type) {
		case int:
			vals[i] = x
		case error:
			return nil, x
		}
	}
	return vals, nil
}

func allErrgroup(ctx context.Context, fns []task, started func()) ([]int, error) {
	g, ctx := errgroup.WithContext(ctx)
	vals := make([]int, len(fns))
	for i, fn := range fns {
		g.Go(func() error {
			v, err := fn(ctx)
			vals[i] = v
			return err
		})
	}
	started()
	return vals, g.Wait()
}

// allConc uses conc's WaitGroup: conc v0.3.0's ResultPool returns results
// in completion order, not input order, so it cannot be used here as is.
func allConc(ctx context.Context, fns []task, started func()) ([]int, error) {
	var wg conc.WaitGroup
	vals := make([]int, len(fns))
	errs := make([]error, len(fns))
	for i, fn := range fns {
		wg.Go(func() { vals[i], errs[i] = fn(ctx) })
	}
	started()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return vals, nil
}

// pendingChebyrash returns a pending chebyrash promise: its executor
// returns without settling it, so the goroutine it ran on is gone and only
// the promise is counted.
func pendingChebyrash() any {
	return cheb.New(func(func(int), func(error)) {})
}

// pendingMo returns a pending mo future, made as pendingChebyrash does.
func pendingMo() any {
	return mo.NewFuture(func(func(int), func(error)) {})
}

// stoppable wraps fns so that each runs with ctx and counts itself in
// running while it runs, for the races of libraries that cannot cancel
// their losers.
func stoppable(ctx context.Context, fns []task, running *sync.WaitGroup) []func() (int, error) {
	out := make([]func() (int, error), len(fns))
	running.Add(len(fns))
	for i, fn := range fns {
		out[i] = func() (int, error) {
			defer running.Done()
			return fn(ctx)
		}
	}
	return out
}

func raceChebyrash(ctx context.Context, fns []task, atResult func()) (int, error) {
	stop, cancel := context.WithCancel(ctx)
	var running sync.WaitGroup
	ps := make([]*cheb.Promise[int], len(fns))
	for i, fn := range stoppable(stop, fns, &running) {
		ps[i] = cheb.New(func(resolve func(int), reject func(error)) {
			v, err := fn()
			settle(v, err, resolve, reject)
		})
	}
	v, err := deref(cheb.Race(ctx, ps...).Await(ctx))
	atResult()
	cancel()
	running.Wait()
	return v, err
}

func raceReugn(ctx context.Context, fns []task, atResult func()) (int, error) {
	stop, cancel := context.WithCancel(ctx)
	var running sync.WaitGroup
	fs := make([]async.Future[int], len(fns))
	for i, fn := range stoppable(stop, fns, &running) {
		fs[i] = async.NewTask(fn).Call()
	}
	v, err := async.FutureFirstCompletedOf(fs...).Join()
	atResult()
	cancel()
	running.Wait()
	return v, err
}
