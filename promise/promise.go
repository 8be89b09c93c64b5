package promise

import (
	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

type cell[T any] = core.Cell[T]

// A Promise is the write side of a [future.Future]: the code that produces a
// value settles the promise, and the code that waits for it holds the
// future. The zero Promise is pending and usable, but [New] is the usual way
// to make one.
type Promise[T any] cell[T]

// New returns a pending Promise. Making it costs one allocation, which its
// future shares.
func New[T any]() *Promise[T] { return new(Promise[T]) }

func (p *Promise[T]) cell() *core.Cell[T] { return (*core.Cell[T])(p) }

// Resolve settles p with v if it is still pending, and reports whether this
// call settled it. Continuations waiting on p's future run on the calling
// goroutine before Resolve returns; a panic in one fails that
// continuation's own future and does not reach the caller.
func (p *Promise[T]) Resolve(v T) bool { return p.cell().Settle(v, nil) }

// Reject fails p with err if it is still pending, and reports whether this
// call settled it. A nil err fails p with [future.ErrNilError], as a nil
// error would read as success. Continuations run as for [Promise.Resolve].
func (p *Promise[T]) Reject(err error) bool {
	if err == nil {
		err = future.ErrNilError
	}
	var zero T
	return p.cell().Settle(zero, err)
}

// Settle settles p with v and err as a function returned them, so its
// results can settle p directly: p.Settle(fn()). A nil err resolves p; any
// other rejects it, and Await then returns v and err both, as [future.Go]
// does. It reports whether this call settled p.
func (p *Promise[T]) Settle(v T, err error) bool { return p.cell().Settle(v, err) }

// Future returns the read side of p. Every call returns the same future,
// and it costs nothing: the promise and its future are one object.
//
// Canceling the future with [future.Future.Cancel] fails it at once with
// the cause, since a promise has no task to cancel; Resolve and Reject then
// report false. Watch the future's Done channel to notice.
func (p *Promise[T]) Future() *future.Future[T] { return (*future.Future[T])(p) }
