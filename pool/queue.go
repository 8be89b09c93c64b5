package pool

import "context"

// An item is a task on its way to a worker: a job, and for a
// fire-and-forget job the context it was submitted with.
type item struct {
	ctx context.Context
	job job
}

// A ring is the queue of items waiting for a worker: a ring buffer that
// grows as it fills and lets go of its buffer when it empties, so an idle
// pool holds no memory for it. It keeps no reference to an item once the
// item has left.
type ring struct {
	buf  []item // len(buf) is zero or a power of two
	head int
	n    int
}

// shrinkAbove is the buffer length above which an empty ring frees it.
const shrinkAbove = 1024

func (r *ring) len() int { return r.n }

func (r *ring) push(it item) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = it
	r.n++
}

func (r *ring) pop() (item, bool) {
	if r.n == 0 {
		return item{}, false
	}
	it := r.buf[r.head]
	r.buf[r.head] = item{}
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	if r.n == 0 && len(r.buf) > shrinkAbove {
		r.buf, r.head = nil, 0
	}
	return it, true
}

// grow doubles the buffer, keeping the items in order.
func (r *ring) grow() {
	buf := make([]item, max(8, 2*len(r.buf)))
	for i := range r.n {
		buf[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf, r.head = buf, 0
}

// drain removes every item and returns them in order.
func (r *ring) drain() []item {
	items := make([]item, 0, r.n)
	for it, ok := r.pop(); ok; it, ok = r.pop() {
		items = append(items, it)
	}
	return items
}
