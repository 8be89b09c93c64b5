package core

// A Handler is a continuation: the code that runs when a cell settles.
type Handler interface {
	// Settled runs once, after the cell the handler's node was added to has
	// settled. It must not settle other cells with [Cell.Settle], which would
	// recurse; it uses [Cell.Complete] and returns the continuations that
	// produced, for the loop in [Run] to run next.
	Settled() *Node
}

// A Node links a Handler into a cell's list of continuations. Handlers embed
// a Node and bind it to themselves, so registering a continuation costs no
// allocation beyond the handler's own.
type Node struct {
	next *Node
	h    Handler
}

// Bind sets the handler n runs and returns n.
func (n *Node) Bind(h Handler) *Node {
	n.h = h
	return n
}

// Run runs the handlers in list, and those their Settled methods return, on
// the calling goroutine until none is left. It loops instead of recursing,
// so a chain of ten million continuations settles in constant stack.
//
// If a handler calls runtime.Goexit, the handlers not yet run are handed to
// a new goroutine, so no cell is left pending.
func Run(list *Node) {
	if list == nil {
		return
	}
	finished := false
	defer func() {
		if !finished && list != nil {
			go Run(list)
		}
	}()
	for list != nil {
		n := list
		list = n.next
		h := n.h
		n.next, n.h = nil, nil
		list = prepend(h.Settled(), list)
	}
	finished = true
}

// prepend links list after the last node of first and returns the result.
func prepend(first, list *Node) *Node {
	if first == nil {
		return list
	}
	last := first
	for last.next != nil {
		last = last.next
	}
	last.next = list
	return first
}

// reverse reverses list in place, so continuations run in the order they
// were added.
func reverse(list *Node) *Node {
	var out *Node
	for list != nil {
		next := list.next
		list.next = out
		out = list
		list = next
	}
	return out
}
