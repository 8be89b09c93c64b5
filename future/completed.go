package future

import (
	"context"
	"iter"

	"github.com/eventual-go/eventual/internal/core"
)

// Completed returns an iterator over the futures in fs in the order they
// settle. It yields each input's index and result exactly once, blocking
// until the next one settles. Futures that have already settled when the
// loop starts come first, in input order.
//
// If ctx is done first, the iterator yields the results that are already
// there, then every input still pending, in input order, with ctx.Err().
// Breaking out of the loop early leaves no goroutine behind: the iterator
// starts none, and the futures still pending merely drop a small record
// when they settle. Completed never cancels the futures, which may have
// other consumers; cancel the context that started them to stop their
// work.
func Completed[T any](ctx context.Context, fs ...*Future[T]) iter.Seq2[int, Result[T]] {
	return func(yield func(int, Result[T]) bool) {
		if ctx == nil {
			for i := range fs {
				if !yield(i, Result[T]{Err: ErrNilContext}) {
					return
				}
			}
			return
		}
		ready := make(mailbox[T], len(fs))
		watch(ready, fs)
		seen := make([]bool, len(fs))
		for range fs {
			select {
			case r := <-ready:
				seen[r.i] = true
				if !yield(r.i, r.Result) {
					return
				}
			case <-ctx.Done():
				ready.flush(ctx.Err(), seen, yield)
				return
			}
		}
	}
}

// An indexed is a result with the index of its input.
type indexed[T any] struct {
	Result[T]
	i int
}

// A mailbox receives each input's result as it settles. It has room for
// all of them, so a continuation never blocks on it.
type mailbox[T any] chan indexed[T]

func (m mailbox[T]) settled(i int, v T, err error) *core.Node {
	m <- indexed[T]{Result[T]{v, err}, i}
	return nil
}

// flush yields the results that are in m, then every input not yet seen
// with err.
func (m mailbox[T]) flush(err error, seen []bool, yield func(int, Result[T]) bool) {
	for {
		select {
		case r := <-m:
			seen[r.i] = true
			if !yield(r.i, r.Result) {
				return
			}
		default:
			for i, ok := range seen {
				if !ok && !yield(i, Result[T]{Err: err}) {
					return
				}
			}
			return
		}
	}
}
