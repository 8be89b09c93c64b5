// Package benchmarks measures eventual against hand-written baselines.
//
// Each benchmark is one scenario: starting a task and awaiting it, a promise
// resolved and awaited on one goroutine, a chain of ten Thens, All over
// 1,000 running tasks, a race between 100 tasks whose losers must be
// released, the memory of a pending future, All over 1,000,000 pending
// futures; retries that succeed at once or after failures, a timeout, a
// hedged call; and wrapping a callback API, running handlers when a future
// settles, and emitting events to 1, 10 and 1,000 subscribers. Its sub-benchmarks are
// named key=value, with the implementation as impl=: a hand-written
// baseline built from goroutines, channels and [sync.WaitGroup]
// (impl=channel, impl=goroutines, impl=waitgroup, impl=handwritten) beside
// the toolkit's way of doing the same work (impl=future, impl=promise,
// impl=goall, impl=goRace, impl=retry, ...), and the peer libraries a
// user would pick instead (impl=chebyrash, impl=reugn, impl=mo,
// impl=errgroup, impl=conc, impl=backoff, impl=retrygo, impl=goretry,
// impl=failsafe),
// each written as that library's documentation shows. A library that cannot
// express a scenario has no entry in it; the peers_*_test.go files say why.
// Besides time and allocations, some report custom metrics:
// peak-goroutines, extra-goroutines, leftover-goroutines, running-at-result,
// bytes/future and goroutines-added.
//
// The package holds nothing but benchmarks and the tests that check each
// implementation does the work it is timed for. It is its own module so
// that it can import peer libraries without adding them to the toolkit's
// go.mod.
//
// Run the benchmarks with
//
//	cd benchmarks && go test -run='^$' -bench=. -benchmem
//
// and, to compare the toolkit with its baselines,
//
//	go test -run='^$' -bench=. -benchmem -count=10 > new.txt
//	benchstat -col /impl new.txt
//
// benchstat compares each column with the first, which is impl=channel, so
// for a benchmark with another baseline ask for it alone:
//
//	benchstat -filter .name:Race -col /impl new.txt
package benchmarks
