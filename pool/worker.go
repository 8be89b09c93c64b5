package pool

import "time"

// A worker is the state of a goroutine that runs the pool's tasks.
type worker struct {
	p        *Pool
	first    item      // the task a new worker starts with
	wake     chan item // gives an idle worker its next task, or item{} to exit
	join     *join     // the context of its last fire-and-forget task, for reuse
	outcome  outcome   // how its last task ended, for the pool's counts
	returned bool      // its loop returned, rather than a task calling Goexit

	// Guarded by Pool.mu.
	prev, next *worker // links in the pool's idle list
	parked     bool    // in the idle list
	parks      uint32  // times it has become idle
	expiry     *time.Timer
	seenParks  uint32 // parks at the last expiry check
	seenIdle   bool   // it was idle at the last expiry check
	gone       bool   // no longer counted among the pool's workers
}

// give hands it to w, which claim returned: a fresh worker starts a
// goroutine with it, an idle one is woken with it.
func (w *worker) give(it item, fresh bool) {
	if fresh {
		w.first = it
		go w.loop()
		return
	}
	w.wake <- it
}

// loop runs tasks until the pool has none left for w.
func (w *worker) loop() {
	defer w.replace()
	it := w.first
	w.first = item{}
	for ok := true; ok; it, ok = w.p.next(w) {
		it.job.run(w, it.ctx)
		it = item{} // keep no reference while waiting
	}
	w.returned = true
}

// replace starts a goroutine to take over from w's, whose task called
// runtime.Goexit, so the pool keeps its workers.
func (w *worker) replace() {
	if !w.returned {
		go w.resume()
	}
}

// resume records w's last task and carries on with its loop.
func (w *worker) resume() {
	if it, ok := w.p.next(w); ok {
		w.first = it
		w.loop()
	}
}

// next records how w's last task ended and returns w's next task, waiting
// for one if the pool stays open; it reports false when w must exit.
func (p *Pool) next(w *worker) (item, bool) {
	p.mu.Lock()
	p.counts.add(w.outcome)
	if p.workers > p.size { // the pool shrank
		p.running--
		p.retire(w)
		p.mu.Unlock()
		w.exit()
		return item{}, false
	}
	if it, admitted, ok := p.take(); ok {
		p.mu.Unlock()
		admitted.wake()
		return it, true
	}
	p.running--
	if p.closed || p.cfg.idle == 0 {
		p.retire(w)
		p.mu.Unlock()
		w.exit()
		return item{}, false
	}
	p.park(w)
	p.mu.Unlock()
	it := <-w.wake
	if it.job == nil { // told to exit; the pool no longer counts w
		w.exit()
		return item{}, false
	}
	return it, true
}

// park puts w in the idle list, and makes sure its expiry checks will
// come. It is called with p.mu held.
//
// The checks are a timer that w arms once and that re-arms itself every
// idle timeout. A timer in the worker's wait would cost a Reset and a Stop
// on every wait, and reading the clock to note when w became idle would
// cost another tenth; together they nearly double the cost of handing a
// task to an idle worker.
func (p *Pool) park(w *worker) {
	if w.wake == nil {
		w.wake = make(chan item, 1)
	}
	w.parks++
	p.idle.push(w)
	if w.expiry == nil {
		w.expiry = time.AfterFunc(p.cfg.idle, w.checkExpiry)
	}
	p.settle()
}

// checkExpiry runs every idle timeout while w lives. If w has been idle
// since the last check, it stops counting w and tells it to exit: so a
// worker exits after between one and two idle timeouts with nothing to do.
func (w *worker) checkExpiry() {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if w.gone { // w exited while this check was on its way
		p.helpers--
		p.settle()
		return
	}
	if w.parked && w.seenIdle && w.parks == w.seenParks {
		p.idle.remove(w)
		w.gone = true
		p.workers--
		w.wake <- item{}
		p.settle()
		return
	}
	w.seenIdle, w.seenParks = w.parked, w.parks
	w.expiry.Reset(p.cfg.idle)
}

// retire stops counting w among the pool's workers, and stops its expiry
// check; a check already on its way is counted in p.helpers until it has
// run, so that Close waits for it. It is called with p.mu held.
func (p *Pool) retire(w *worker) {
	w.gone = true
	p.workers--
	if w.expiry != nil && !w.expiry.Stop() {
		p.helpers++
	}
	p.settle()
}

// exit lets go of what w holds. The pool has already stopped counting w.
func (w *worker) exit() {
	if w.join != nil {
		w.join.release()
		w.join = nil
	}
}

// claim returns a worker for a new task, counting the task as running: an
// idle worker, or, if there is room, a fresh one, which give starts. It
// returns nil if every worker is busy. It is called with p.mu held.
func (p *Pool) claim() (w *worker, fresh bool) {
	if w := p.idle.pop(); w != nil {
		p.running++
		return w, false
	}
	if p.workers < p.size {
		p.workers++
		p.running++
		return &worker{p: p}, true
	}
	return nil, false
}

// take returns the next task for a worker that is already counted as
// running: the first queued one, which makes room for the first blocked
// submitter, or else the first blocked submitter's. It also returns the
// submitter it admitted, if any, for the caller to wake once it has
// released p.mu: waking a goroutine may wake a thread, which is too slow to
// do while holding the lock. It is called with p.mu held.
func (p *Pool) take() (it item, admitted *waiter, ok bool) {
	if it, ok := p.queue.pop(); ok {
		if p.blocked.len() > 0 && p.queue.len() < p.cfg.queue {
			admitted = p.blocked.pop()
			p.queue.push(admitted.it)
			admitted.decide(accepted)
		}
		return it, admitted, true
	}
	if admitted = p.blocked.pop(); admitted != nil {
		it := admitted.it
		admitted.decide(accepted)
		return it, admitted, true
	}
	return item{}, nil, false
}

// An idleList is the stack of idle workers. The most recently idle worker
// is woken first, so that the others reach their idle timeout and exit.
type idleList struct {
	top *worker
	n   int
}

func (l *idleList) push(w *worker) {
	w.next, w.prev, w.parked = l.top, nil, true
	if l.top != nil {
		l.top.prev = w
	}
	l.top = w
	l.n++
}

// pop removes and returns the top worker, or nil.
func (l *idleList) pop() *worker {
	w := l.top
	if w != nil {
		l.remove(w)
	}
	return w
}

func (l *idleList) remove(w *worker) {
	if w.prev == nil {
		l.top = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next != nil {
		w.next.prev = w.prev
	}
	w.prev, w.next, w.parked = nil, nil, false
	l.n--
}
