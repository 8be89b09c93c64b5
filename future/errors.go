package future

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/eventual-go/eventual/internal/core"
)

var (
	// ErrNilFunc is the error of a future made from a nil function.
	ErrNilFunc = errors.New("future: nil function")

	// ErrNilFuture is the error of a nil *Future, and of a combinator given
	// one as an input.
	ErrNilFuture = errors.New("future: nil future")

	// ErrNilContext is returned by [Future.Await], is the error of the
	// future from [Go], [GoAll], [GoAny] and [GoRace], and is yielded by
	// [Completed] for every input, when the context is nil.
	ErrNilContext = errors.New("future: nil context")

	// ErrNilError is the error of a future rejected with a nil error, as by
	// Rejected(nil): a nil error would read as success.
	ErrNilError = errors.New("future: rejected with a nil error")

	// ErrEmpty is the error of the future from [Any], [Race], [GoAny] and
	// [GoRace] when they are given nothing to wait for.
	ErrEmpty = errors.New("future: no futures to wait for")

	// ErrLost is the cause [GoAny] and [GoRace] cancel the other tasks'
	// context with once a task has won.
	ErrLost = errors.New("future: another task won")

	// ErrGoexit is the error of a future whose task or continuation called
	// [runtime.Goexit].
	ErrGoexit = core.ErrGoexit
)

// A PanicError is the error of a future whose task or continuation panicked.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the panicking goroutine's stack
}

func (e *PanicError) Error() string { return fmt.Sprintf("future: panic: %v", e.Value) }

// Unwrap returns Value if it is an error, so errors.Is and errors.As see
// through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Every panic the toolkit recovers, in this package or another, becomes a
// *PanicError through core.PanicError, which core.Guard calls from the
// deferred function that recovered it, so the stack still shows where it
// happened.
func init() {
	core.PanicError = func(v any) error { return &PanicError{Value: v, Stack: debug.Stack()} }
}

// An AggregateError is the error of the future from [Any] or [GoAny] when
// every input failed. Errs holds each input's error, in input order.
type AggregateError struct {
	Errs []error
}

func (e *AggregateError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		msgs[i] = fmt.Sprint(err)
	}
	return fmt.Sprintf("future: all %d failed: %s", len(e.Errs), strings.Join(msgs, "; "))
}

// Unwrap returns the inputs' errors, so errors.Is and errors.As look at each.
func (e *AggregateError) Unwrap() []error { return e.Errs }
