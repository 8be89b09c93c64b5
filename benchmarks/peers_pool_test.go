package benchmarks

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alitto/pond/v2"
	"github.com/gammazero/workerpool"
	"github.com/panjf2000/ants/v2"
	concpool "github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// This file holds the peer libraries' versions of the pool scenarios, each
// with the scenario's number of workers and used as its documentation
// shows:
//
//   - ants, pond and workerpool keep their workers between runs; conc and
//     errgroup groups cannot be reused once waited on, so each run makes
//     one; semaphore bounds a goroutine per task.
//   - Only pond gives a result per task, from its ResultPool. With the
//     others each task writes its result into a slice, as the channel
//     baseline does: less than a future per task.
//   - conc v0.3.0's ResultPool returns results in the order they finish,
//     so its tasks return their index with their value, and the results
//     are sorted.

func init() {
	ffImpls = append(ffImpls,
		impl[func() fireAndForget]{"ants", ffPeer(newAnts, true)},
		impl[func() fireAndForget]{"pond", ffPeer(newPond, true)},
		impl[func() fireAndForget]{"workerpool", ffPeer(newWorkerpool, true)},
		impl[func() fireAndForget]{"semaphore", ffPeer(newSemaphore, true)},
		impl[func() fireAndForget]{"conc", ffPeer(newConc, false)},
		impl[func() fireAndForget]{"errgroup", ffPeer(newErrgroup, false)},
	)
	resultsImpls = append(resultsImpls,
		impl[func(int) withResults]{"pond", newResultsPond},
		impl[func(int) withResults]{"conc", newResultsConc},
		impl[func(int) withResults]{"ants", resultsPeer(newAnts, true)},
		impl[func(int) withResults]{"errgroup", resultsPeer(newErrgroup, false)},
	)
	sleepImpls = append(sleepImpls,
		impl[func(int) int64]{"ants", sleepPeer(newAnts)},
		impl[func(int) int64]{"pond", sleepPeer(newPond)},
		impl[func(int) int64]{"workerpool", sleepPeer(newWorkerpool)},
		impl[func(int) int64]{"errgroup", sleepPeer(newErrgroup)},
	)
	contendImpls = append(contendImpls,
		impl[contender]{"ants", contendPeer(newAnts)},
		impl[contender]{"pond", contendPeer(newPond)},
		impl[contender]{"workerpool", contendPeer(newWorkerpool)},
	)
}

// A peerPool is a pool of some library, as the scenarios use it.
type peerPool interface {
	submit(fn func()) // run fn on the pool, blocking while it is full
	stop()            // wait for every task, then release the pool
}

type antsPool struct{ p *ants.Pool }

func newAnts(n int) peerPool {
	p, err := ants.NewPool(n)
	if err != nil {
		panic(err)
	}
	return antsPool{p}
}

func (a antsPool) submit(fn func()) {
	if err := a.p.Submit(fn); err != nil {
		panic(err)
	}
}

func (a antsPool) stop() {
	if err := a.p.ReleaseTimeout(time.Minute); err != nil {
		panic(err)
	}
}

type pondPool struct{ p pond.Pool }

func newPond(n int) peerPool        { return pondPool{pond.NewPool(n)} }
func (p pondPool) submit(fn func()) { p.p.Submit(fn) }
func (p pondPool) stop()            { p.p.StopAndWait() }

type workerPool struct{ p *workerpool.WorkerPool }

func newWorkerpool(n int) peerPool    { return workerPool{workerpool.New(n)} }
func (w workerPool) submit(fn func()) { w.p.Submit(fn) }
func (w workerPool) stop()            { w.p.StopWait() }

type errgroupPool struct{ g *errgroup.Group }

func newErrgroup(n int) peerPool {
	g := new(errgroup.Group)
	g.SetLimit(n)
	return errgroupPool{g}
}

func (e errgroupPool) submit(fn func()) { e.g.Go(func() error { fn(); return nil }) }
func (e errgroupPool) stop()            { _ = e.g.Wait() }

type concPool struct{ p *concpool.Pool }

func newConc(n int) peerPool        { return concPool{concpool.New().WithMaxGoroutines(n)} }
func (c concPool) submit(fn func()) { c.p.Go(fn) }
func (c concPool) stop()            { c.p.Wait() }

// semaphorePool bounds a goroutine per task with a weighted semaphore.
type semaphorePool struct {
	sem *semaphore.Weighted
	n   int64
}

func newSemaphore(n int) peerPool { return semaphorePool{semaphore.NewWeighted(int64(n)), int64(n)} }

func (s semaphorePool) submit(fn func()) {
	if err := s.sem.Acquire(context.Background(), 1); err != nil {
		panic(err)
	}
	go func() {
		defer s.sem.Release(1)
		fn()
	}()
}

// stop waits for the tasks by taking the whole semaphore.
func (s semaphorePool) stop() {
	if err := s.sem.Acquire(context.Background(), s.n); err != nil {
		panic(err)
	}
	s.sem.Release(s.n)
}

// ffOnPeer runs the fire-and-forget scenario on a peer pool: kept between
// runs if reuse is set, else made and stopped in every run.
type ffOnPeer struct {
	tally ffTally
	mk    func(int) peerPool
	pool  peerPool
	fn    func()
}

func ffPeer(mk func(int) peerPool, reuse bool) func() fireAndForget {
	return func() fireAndForget {
		f := &ffOnPeer{mk: mk}
		f.fn = f.tally.task
		if reuse {
			f.pool = mk(workers())
		}
		return f
	}
}

func (f *ffOnPeer) run(n int) {
	p := f.pool
	if p == nil {
		p = f.mk(workers())
		defer p.stop()
	}
	f.tally.done.Add(n)
	for range n {
		p.submit(f.fn)
	}
	f.tally.done.Wait()
}

func (f *ffOnPeer) counted() *ffTally { return &f.tally }

func (f *ffOnPeer) close() {
	if f.pool != nil {
		f.pool.stop()
	}
}

// resultsOnPeer runs tasks on a peer pool that each write their result
// into a slice: the way to get results from a pool without futures.
type resultsOnPeer struct {
	mk   func(int) peerPool
	pool peerPool
	vals []int
}

func resultsPeer(mk func(int) peerPool, reuse bool) func(int) withResults {
	return func(n int) withResults {
		r := &resultsOnPeer{mk: mk, vals: make([]int, n)}
		if reuse {
			r.pool = mk(workers())
		}
		return r
	}
}

func (r *resultsOnPeer) run(fns []task) ([]int, error) {
	p := r.pool
	if p == nil {
		p = r.mk(workers())
		defer p.stop()
	}
	var wg sync.WaitGroup
	wg.Add(len(fns))
	ctx := context.Background()
	for i, fn := range fns {
		p.submit(func() {
			r.vals[i], _ = fn(ctx)
			wg.Done()
		})
	}
	wg.Wait()
	return r.vals, nil
}

func (r *resultsOnPeer) close() {
	if r.pool != nil {
		r.pool.stop()
	}
}

// resultsPond submits each task to a pond ResultPool, whose tasks have a
// result each, and waits for them in order.
type resultsPond struct {
	pool  pond.ResultPool[int]
	tasks []pond.ResultTask[int]
	vals  []int
}

func newResultsPond(n int) withResults {
	return &resultsPond{pool: pond.NewResultPool[int](workers()), tasks: make([]pond.ResultTask[int], n), vals: make([]int, n)}
}

func (r *resultsPond) run(fns []task) ([]int, error) {
	ctx := context.Background()
	for i, fn := range fns {
		r.tasks[i] = r.pool.SubmitErr(func() (int, error) { return fn(ctx) })
	}
	for i, t := range r.tasks {
		v, err := t.Wait()
		if err != nil {
			return nil, err
		}
		r.vals[i] = v
	}
	return r.vals, nil
}

func (r *resultsPond) close() { r.pool.StopAndWait() }

// resultsConc uses conc's ResultPool, made for each run.
type resultsConc struct{}

func newResultsConc(int) withResults { return resultsConc{} }

type indexedInt struct{ i, v int }

func (resultsConc) run(fns []task) ([]int, error) {
	ctx := context.Background()
	p := concpool.NewWithResults[indexedInt]().WithErrors().WithMaxGoroutines(workers())
	for i, fn := range fns {
		p.Go(func() (indexedInt, error) {
			v, err := fn(ctx)
			return indexedInt{i, v}, err
		})
	}
	rs, err := p.Wait()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rs, func(a, b indexedInt) int { return cmp.Compare(a.i, b.i) })
	vals := make([]int, len(rs))
	for k, r := range rs {
		vals[k] = r.v
	}
	return vals, nil
}

func (resultsConc) close() {}

// sleepPeer runs the sleep scenario on a peer pool of sleepLimit workers.
func sleepPeer(mk func(int) peerPool) func(n int) int64 {
	return func(n int) int64 {
		var ran atomic.Int64
		p := mk(sleepLimit)
		for range n {
			p.submit(func() {
				time.Sleep(sleepFor)
				ran.Add(1)
			})
		}
		p.stop()
		return ran.Load()
	}
}

// contendPeer sets up the contended scenario on a peer pool of
// contendWorkers workers.
func contendPeer(mk func(int) peerPool) contender {
	return func() (func(func()) func(), func()) {
		p := mk(contendWorkers)
		return func(fn func()) func() {
			return func() { p.submit(fn) }
		}, p.stop
	}
}
