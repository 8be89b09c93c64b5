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

// decide settles w's state and wakes w. It is called with Pool.mu held,
// after w has left the list.
func (w *waiter) decide(s waitState) {
	w.state = s
	w.it = item{}
	w.ready <- struct{}{}
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

// spareLimit is the most waiters a pool keeps for reuse.
const spareLimit = 256

// A spareList keeps waiters for reuse, so that a submitter that blocks
// allocates nothing once the pool is warm. It belongs to one pool, so its
// channels never cross from one synctest bubble to another.
type spareList struct {
	top *waiter
	n   int
}

// get returns a waiter ready for use. It is called with Pool.mu held.
func (l *spareList) get() *waiter {
	w := l.top
	if w == nil {
		return &waiter{ready: make(chan struct{}, 1)}
	}
	l.top, w.next = w.next, nil
	l.n--
	w.state = waiting
	return w
}

// put keeps w, whose ready channel is empty, for reuse. It is called with
// Pool.mu held.
func (l *spareList) put(w *waiter) {
	if l.n == spareLimit {
		return
	}
	w.it, w.prev, w.next = item{}, nil, l.top
	l.top = w
	l.n++
}
