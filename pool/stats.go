package pool

// Stats describes a pool at one moment.
//
// The counts add up: at any moment,
//
//	Submitted == Rejected + Canceled + Succeeded + Failed + Panicked + Goexited
//	             + Running + Queued + Blocked
//
// so once the pool is quiet (see [Pool.Wait]) the first line alone holds.
type Stats struct {
	Submitted uint64 // every task given to the pool, by any submit function
	Rejected  uint64 // refused: the pool was full or closed, or the input was bad
	Canceled  uint64 // never ran: their context was done or the pool aborted first
	Succeeded uint64 // returned a nil error (every fire-and-forget task that returned)
	Failed    uint64 // returned an error
	Panicked  uint64 // panicked
	Goexited  uint64 // called runtime.Goexit

	Running int // tasks running now, on workers or, by CallerRuns, on submitters
	Queued  int // tasks waiting for a worker
	Blocked int // submitters waiting for room
	Workers int // worker goroutines, busy or idle
	Idle    int // worker goroutines waiting for a task
	Size    int // the most tasks the pool runs on workers at once
}

// An outcome is how a task ended, or why it never ran.
type outcome uint8

const (
	succeeded outcome = iota
	failed
	panicked
	goexited
	canceled
	rejected
	outcomes
)

// counts holds the pool's totals, by outcome.
type counts struct {
	submitted uint64
	n         [outcomes]uint64
}

func (c *counts) add(o outcome) { c.n[o]++ }

// Stats returns the pool's counts and gauges, all taken at one moment. It
// never waits for a task.
func (p *Pool) Stats() Stats {
	if p == nil {
		return Stats{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.counts
	return Stats{
		Submitted: c.submitted,
		Rejected:  c.n[rejected],
		Canceled:  c.n[canceled],
		Succeeded: c.n[succeeded],
		Failed:    c.n[failed],
		Panicked:  c.n[panicked],
		Goexited:  c.n[goexited],
		Running:   p.running,
		Queued:    p.queue.len(),
		Blocked:   p.blocked.len(),
		Workers:   p.workers,
		Idle:      p.idle.n,
		Size:      p.size,
	}
}
