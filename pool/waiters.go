package pool

// A waiter is a submitter blocked until the pool has room for its item.
type waiter struct {
	it         item
	ready      chan struct{} // receives once state leaves waiting
	state      waitState     // guarded by Pool.mu
	prev, next *waiter
}

type waitState uint8

const (
	waiting  waitState = iota
	accepted           // its item was queued or given to a worker
	refused            // the pool closed first
)

// decide settles w's state. It is called with Pool.mu held, after w has
// left the list; wake w after releasing it.
func (w *waiter) decide(s waitState) {
	w.state = s
	w.it = item{}
}

// wake tells w that its state is settled. A nil w is ignored.
func (w *waiter) wake() {
	if w != nil {
		w.ready <- struct{}{}
	}
}

// A waitList is the first-come, first-served list of blocked submitters.
type waitList struct {
	head, tail *waiter
	n          int
}

func (l *waitList) len() int { return l.n }

func (l *waitList) push(w *waiter) {
	w.prev, w.next = l.tail, nil
	if l.tail == nil {
		l.head = w
	} else {
		l.tail.next = w
	}
	l.tail = w
	l.n++
}

// pop removes and returns the first waiter, or nil.
func (l *waitList) pop() *waiter {
	w := l.head
	if w != nil {
		l.remove(w)
	}
	return w
}

func (l *waitList) remove(w *waiter) {
	if w.prev == nil {
		l.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		l.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next = nil, nil
	l.n--
}

// newWaiter returns a waiter for it, reusing a spare one of p's if it can:
// a submitter that blocks allocates nothing once the pool is warm. The
// spares belong to p, so their channels never cross from one synctest
// bubble to another.
func (p *Pool) newWaiter(it item) *waiter {
	w, _ := p.spares.Get().(*waiter)
	if w == nil {
		w = &waiter{ready: make(chan struct{}, 1)}
	}
	w.it, w.state = it, waiting
	return w
}

// freeWaiter keeps w, which is out of the list and whose ready channel is
// empty, for reuse.
func (p *Pool) freeWaiter(w *waiter) { p.spares.Put(w) }
