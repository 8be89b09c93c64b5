package benchmarks

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/pool"
)

// The pool benchmarks compare package pool with a hand-written pool of
// GOMAXPROCS goroutines reading a buffered channel of func(), the
// baseline the design names, given the same queue length as the pool's
// default. Each runs the same tasks on both; the tests in
// pool_honest_test.go check that every implementation runs them all.

// tinyRounds makes tinyWork take about 100 ns on the project's machine.
const tinyRounds = 40

// tinyWork is about 100 ns of arithmetic whose result depends on every
// round, so the compiler cannot drop it.
func tinyWork(seed uint64) uint64 {
	x := seed | 1
	for range tinyRounds {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// poolTasks is the number of tasks in one op of the throughput benchmarks.
const poolTasks = 100_000

// workers is the size of every pool in the throughput benchmarks.
func workers() int { return runtime.GOMAXPROCS(0) }

// queueLen is the channel pool's buffer: the pool's default queue length
// for the same number of workers.
func queueLen() int { return max(64, 4*workers()) }

// A chanPool is the baseline: n goroutines reading a buffered channel of
// func(). close stops it and waits for its goroutines.
type chanPool struct {
	tasks chan func()
	wg    sync.WaitGroup
}

func newChanPool(n, buffer int) *chanPool {
	c := &chanPool{tasks: make(chan func(), buffer)}
	for range n {
		c.wg.Go(func() {
			for fn := range c.tasks {
				fn()
			}
		})
	}
	return c
}

func (c *chanPool) close() {
	close(c.tasks)
	c.wg.Wait()
}

// A fireAndForget runs n copies of a tiny task without a result and
// returns once all have run. counted returns the tally of its tasks.
type fireAndForget interface {
	run(n int)
	close()
	counted() *ffTally
}

// ffTally counts the tiny tasks of a fireAndForget run and folds their
// results together, so that none can be skipped.
type ffTally struct {
	done sync.WaitGroup
	ran  atomic.Int64
	sum  atomic.Uint64
}

func (t *ffTally) task() {
	t.sum.Add(tinyWork(uint64(t.ran.Add(1))))
	t.done.Done()
}

type ffChannel struct {
	tally ffTally
	pool  *chanPool
	fn    func()
}

func newFFChannel() fireAndForget {
	f := &ffChannel{pool: newChanPool(workers(), queueLen())}
	f.fn = f.tally.task
	return f
}

func (f *ffChannel) run(n int) {
	f.tally.done.Add(n)
	for range n {
		f.pool.tasks <- f.fn
	}
	f.tally.done.Wait()
}

func (f *ffChannel) close() { f.pool.close() }

func (f *ffChannel) counted() *ffTally { return &f.tally }

type ffPool struct {
	tally ffTally
	pool  *pool.Pool
	fn    func(context.Context)
}

func newFFPool() fireAndForget {
	f := &ffPool{pool: pool.New(workers())}
	f.fn = func(context.Context) { f.tally.task() }
	return f
}

func (f *ffPool) run(n int) {
	ctx := context.Background()
	f.tally.done.Add(n)
	for range n {
		if err := f.pool.Go(ctx, f.fn); err != nil {
			panic(err)
		}
	}
	f.tally.done.Wait()
}

func (f *ffPool) close() { f.pool.Close(context.Background()) }

func (f *ffPool) counted() *ffTally { return &f.tally }

var ffImpls = []impl[func() fireAndForget]{
	{"channel", newFFChannel},
	{"pool", newFFPool},
}

// BenchmarkPoolGo runs 100,000 tiny tasks, about 100 ns of work each, and
// forgets them, with one submitter and GOMAXPROCS workers. impl=channel is
// the baseline. An op is all 100,000 tasks; ns/task and allocs/task are
// per task.
func BenchmarkPoolGo(b *testing.B) {
	for _, im := range ffImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			ff := im.run()
			defer ff.close()
			perTask(b, poolTasks, func() { ff.run(poolTasks) })
		})
	}
}

// mallocs returns the number of heap allocations so far.
func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

// perTask runs the benchmark loop of ops of n tasks each, calling op once
// an iteration, and reports ns/task and allocs/task.
func perTask(b *testing.B, n int, op func()) {
	before := mallocs()
	for b.Loop() {
		op()
	}
	allocs := mallocs() - before
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/task")
	b.ReportMetric(float64(allocs)/float64(b.N*n), "allocs/task")
}

// A withResults runs fns, each on a pool, and returns their values in
// order.
type withResults interface {
	run(fns []task) ([]int, error)
	close()
}

type resultsChannel struct {
	pool  *chanPool
	vals  []int
	wg    sync.WaitGroup
	calls []func() // one per task, made once: call i writes vals[i]
}

func newResultsChannel(n int) withResults {
	return &resultsChannel{pool: newChanPool(workers(), queueLen()), vals: make([]int, n)}
}

func (r *resultsChannel) run(fns []task) ([]int, error) {
	if len(r.calls) != len(fns) {
		r.calls = make([]func(), len(fns))
		for i, fn := range fns {
			r.calls[i] = func() {
				r.vals[i], _ = fn(context.Background())
				r.wg.Done()
			}
		}
	}
	r.wg.Add(len(fns))
	for _, call := range r.calls {
		r.pool.tasks <- call
	}
	r.wg.Wait()
	return r.vals, nil
}

func (r *resultsChannel) close() { r.pool.close() }

// resultsPool submits every task to a pool, then awaits the futures in
// order; with all, it awaits them with future.All instead.
type resultsPool struct {
	pool *pool.Pool
	fs   []*future.Future[int]
	vals []int
	all  bool
}

func newResultsPool(n int) withResults {
	return &resultsPool{pool: pool.New(workers()), fs: make([]*future.Future[int], n), vals: make([]int, n)}
}

func newResultsPoolAll(n int) withResults {
	r := newResultsPool(n).(*resultsPool)
	r.all = true
	return r
}

func (r *resultsPool) run(fns []task) ([]int, error) {
	ctx := context.Background()
	for i, fn := range fns {
		r.fs[i] = pool.Submit(ctx, r.pool, fn)
	}
	if r.all {
		return future.All(r.fs...).Await(ctx)
	}
	for i, f := range r.fs {
		v, err := f.Await(ctx)
		if err != nil {
			return nil, err
		}
		r.vals[i] = v
	}
	return r.vals, nil
}

func (r *resultsPool) close() { r.pool.Close(context.Background()) }

// resultsBoxed is resultsChannel plus one allocation per task, a
// 128-byte object with pointers shaped like the pool's task, kept until
// the results are read: the cost any design with one allocation per task
// pays, on top of the channel pool, in memory and garbage collection.
type resultsBoxed struct {
	*resultsChannel
	boxes []*box
}

type box struct {
	//lint:ignore U1000 the words give the box pointers for the garbage collector to scan, as a task has; left nil, they make the floor a little cheaper than any real task
	words [8]*int
	vals  [8]int
}

func newResultsBoxed(n int) withResults {
	return &resultsBoxed{
		resultsChannel: newResultsChannel(n).(*resultsChannel),
		boxes:          make([]*box, n),
	}
}

func (r *resultsBoxed) run(fns []task) ([]int, error) {
	if len(r.calls) != len(fns) {
		r.calls = make([]func(), len(fns))
		for i, fn := range fns {
			r.calls[i] = func() {
				r.boxes[i].vals[0], _ = fn(context.Background())
				r.wg.Done()
			}
		}
	}
	r.wg.Add(len(fns))
	for i, call := range r.calls {
		r.boxes[i] = new(box)
		r.pool.tasks <- call
	}
	r.wg.Wait()
	for i, b := range r.boxes {
		r.vals[i] = b.vals[0]
	}
	return r.vals, nil
}

var resultsImpls = []impl[func(n int) withResults]{
	{"channel", newResultsChannel},
	{"channelBoxed", newResultsBoxed},
	{"pool", newResultsPool},
	{"poolAll", newResultsPoolAll},
}

// tinyTasks returns n tasks; task i returns the int of tinyWork(i).
func tinyTasks(n int) []task {
	fns := make([]task, n)
	for i := range fns {
		fns[i] = func(context.Context) (int, error) { return int(tinyWork(uint64(i)) >> 1), nil }
	}
	return fns
}

// BenchmarkPoolSubmit runs 100,000 tiny tasks with a result each and
// collects the results in order, with one submitter and GOMAXPROCS
// workers. impl=channel, whose tasks write their results into a slice, is
// the baseline. impl=pool makes a future per task and awaits each in turn;
// impl=poolAll awaits them with future.All, which adds a node per input.
// impl=channelBoxed is the baseline plus one kept allocation per task,
// shaped like the pool's: the floor for any design that makes a future per
// task. The tasks are made once, outside the loop, so allocs are the
// implementation's own.
func BenchmarkPoolSubmit(b *testing.B) {
	fns := tinyTasks(poolTasks)
	for _, im := range resultsImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			r := im.run(poolTasks)
			defer r.close()
			perTask(b, poolTasks, func() {
				if vals, err := r.run(fns); len(vals) != poolTasks || err != nil {
					b.Fatalf("got %d values, %v; want %d, <nil>", len(vals), err, poolTasks)
				}
			})
		})
	}
}

// BenchmarkPoolRoundTrip submits one task to an idle pool and awaits its
// result. impl=channel, a new goroutine sending the result on a buffered
// channel, is the baseline: it is the floor of handing work to another
// goroutine and back. Two references split impl=pool's cost: impl=poolGo
// hands the task to the pool with Go and gets the result back on a
// channel made once, which is the pool's hand-off without a future, and
// impl=future is future.Go and Await, which is the future without the
// pool.
func BenchmarkPoolRoundTrip(b *testing.B) {
	ctx := context.Background()
	for _, im := range roundTripImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			run, stop := im.run()
			defer stop()
			for b.Loop() {
				if v, err := run(ctx, work); v <= 0 || err != nil {
					b.Fatalf("got %d, %v; want a count of calls, <nil>", v, err)
				}
			}
		})
	}
}

type roundTrip = func(context.Context, task) (int, error)

var roundTripImpls = []impl[func() (roundTrip, func())]{
	{"channel", func() (roundTrip, func()) { return goAwaitChannel, func() {} }},
	{"pool", func() (roundTrip, func()) {
		p := pool.New(workers())
		return func(ctx context.Context, fn task) (int, error) {
			return pool.Submit(ctx, p, fn).Await(ctx)
		}, func() { p.Close(context.Background()) }
	}},
	{"poolGo", roundTripPoolGo},
	{"future", func() (roundTrip, func()) { return goAwaitFuture, func() {} }},
}

// roundTripPoolGo runs each task with Pool.Go, which passes the result
// back on a channel made once.
func roundTripPoolGo() (roundTrip, func()) {
	p := pool.New(workers())
	results := make(chan result, 1)
	var fn task
	call := func(ctx context.Context) {
		v, err := fn(ctx)
		results <- result{v, err}
	}
	return func(ctx context.Context, f task) (int, error) {
		fn = f // read by call after Go hands it over, which orders the two
		if err := p.Go(ctx, call); err != nil {
			return 0, err
		}
		r := <-results
		return r.v, r.err
	}, func() { p.Close(context.Background()) }
}

// Sleepers: sleepTasks tasks that each sleep sleepFor, at most sleepLimit
// at once.
const (
	sleepTasks = 10_000
	sleepLimit = 1_000
	sleepFor   = time.Millisecond
)

// BenchmarkPoolSleep runs 10,000 tasks that each sleep 1 ms, at most 1,000
// at once, and waits for all of them: a workload bound by waiting, not
// work. impl=goroutines, a goroutine per task behind a channel semaphore
// of 1,000 (errgroup.SetLimit's way), is the baseline. impl=unbounded, a
// goroutine per task with no limit, runs ten times as many at once, and
// is shown only as the floor no bounded pool can reach.
func BenchmarkPoolSleep(b *testing.B) {
	for _, im := range sleepImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n := im.run(sleepTasks); n != sleepTasks {
					b.Fatalf("%d tasks ran; want %d", n, sleepTasks)
				}
			}
		})
	}
}

var sleepImpls = []impl[func(n int) int64]{
	{"goroutines", sleepGoroutines},
	{"pool", sleepPool},
	{"unbounded", sleepUnbounded},
}

func sleepGoroutines(n int) int64 {
	var ran atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, sleepLimit)
	for range n {
		sem <- struct{}{}
		wg.Go(func() {
			time.Sleep(sleepFor)
			ran.Add(1)
			<-sem
		})
	}
	wg.Wait()
	return ran.Load()
}

func sleepPool(n int) int64 {
	var ran atomic.Int64
	ctx := context.Background()
	p := pool.New(sleepLimit)
	for range n {
		p.Go(ctx, func(context.Context) {
			time.Sleep(sleepFor)
			ran.Add(1)
		})
	}
	p.Close(ctx)
	return ran.Load()
}

func sleepUnbounded(n int) int64 {
	var ran atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			time.Sleep(sleepFor)
			ran.Add(1)
		})
	}
	wg.Wait()
	return ran.Load()
}

// Contention: contenders goroutines submit contendEach tasks each, at
// once, to a pool of contendWorkers.
const (
	contenders     = 16
	contendEach    = 1_000
	contendWorkers = 2
)

// BenchmarkPoolContended has 16 goroutines submit 1,000 tiny tasks each,
// at once, to a pool of 2 workers with the default queue, and times each
// submit. impl=channel, a channel pool of 2 with the same buffer, is the
// baseline. An op is all 16,000 tasks; p50-submit-ns and p99-submit-ns
// are the median and 99th percentile of a submit's duration, blocking
// included, over every submit of the benchmark.
func BenchmarkPoolContended(b *testing.B) {
	for _, im := range contendImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			submit, stop := im.run()
			defer stop()
			hists := make([]histogram, contenders)
			perTask(b, contenders*contendEach, func() { contend(submit, hists) })
			all := merge(hists)
			b.ReportMetric(all.quantile(0.5), "p50-submit-ns")
			b.ReportMetric(all.quantile(0.99), "p99-submit-ns")
		})
	}
}

// contend runs one op of BenchmarkPoolContended: each goroutine times its
// submits into its own histogram, and waits for its tasks. It returns the
// sum of the tasks' results, which depends on every task having run.
func contend(newSubmit func(fn func()) func(), hists []histogram) (sum uint64) {
	var wg sync.WaitGroup
	var sums [contenders]atomic.Uint64
	start := make(chan struct{})
	for g := range contenders {
		wg.Go(func() {
			var done sync.WaitGroup
			done.Add(contendEach)
			submit := newSubmit(func() { sums[g].Add(tinyWork(uint64(g))); done.Done() })
			<-start
			for range contendEach {
				t0 := time.Now()
				submit()
				hists[g].add(time.Since(t0))
			}
			done.Wait()
		})
	}
	close(start)
	wg.Wait()
	for i := range sums {
		sum += sums[i].Load()
	}
	return sum
}

// A contender sets up an implementation of BenchmarkPoolContended: it
// returns newSubmit, which makes, once per submitting goroutine, a
// function that submits fn; and stop.
type contender = func() (newSubmit func(fn func()) func(), stop func())

var contendImpls = []impl[contender]{
	{"channel", func() (func(func()) func(), func()) {
		c := newChanPool(contendWorkers, max(64, 4*contendWorkers))
		return func(fn func()) func() {
			return func() { c.tasks <- fn }
		}, c.close
	}},
	{"pool", func() (func(func()) func(), func()) {
		p := pool.New(contendWorkers)
		ctx := context.Background()
		return func(fn func()) func() {
				task := func(context.Context) { fn() }
				return func() {
					if err := p.Go(ctx, task); err != nil {
						panic(err)
					}
				}
			}, func() {
				p.Close(ctx)
			}
	}},
}

// A histogram counts durations in 10 ns buckets up to 1 ms, and above.
type histogram struct {
	n       int
	buckets [histBuckets + 1]int
}

const (
	histWidth   = 10 * time.Nanosecond
	histBuckets = int(time.Millisecond / histWidth)
)

func (h *histogram) add(d time.Duration) {
	h.n++
	h.buckets[min(int(d/histWidth), histBuckets)]++
}

func merge(hs []histogram) *histogram {
	all := new(histogram)
	for i := range hs {
		all.n += hs[i].n
		for j, c := range hs[i].buckets {
			all.buckets[j] += c
		}
	}
	return all
}

// quantile returns the upper bound, in ns, of the bucket that holds the
// q-quantile.
func (h *histogram) quantile(q float64) float64 {
	rank := int(q * float64(h.n))
	seen := 0
	for i, c := range h.buckets {
		seen += c
		if seen > rank {
			return float64(time.Duration(i+1) * histWidth)
		}
	}
	return float64(time.Duration(histBuckets+1) * histWidth)
}

// BenchmarkPoolLifecycle makes a pool, runs one task on it, and closes it,
// waiting for its goroutines. impl=channel does the same with a channel
// pool of GOMAXPROCS goroutines; impl=waitgroup, one goroutine and a
// sync.WaitGroup, is the floor.
func BenchmarkPoolLifecycle(b *testing.B) {
	for _, im := range lifecycleImpls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n := im.run(); n != 1 {
					b.Fatalf("%d tasks ran; want 1", n)
				}
			}
		})
	}
}

var lifecycleImpls = []impl[func() int64]{
	{"waitgroup", lifecycleWaitGroup},
	{"channel", lifecycleChannel},
	{"pool", lifecyclePool},
}

func lifecycleWaitGroup() int64 {
	var ran atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() { ran.Add(1) })
	wg.Wait()
	return ran.Load()
}

func lifecycleChannel() int64 {
	var ran atomic.Int64
	c := newChanPool(workers(), queueLen())
	c.tasks <- func() { ran.Add(1) }
	c.close()
	return ran.Load()
}

func lifecyclePool() int64 {
	var ran atomic.Int64
	ctx := context.Background()
	p := pool.New(workers())
	p.Go(ctx, func(context.Context) { ran.Add(1) })
	p.Close(ctx)
	return ran.Load()
}
