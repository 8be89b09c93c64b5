package core

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// ErrGoexit is the error of a future whose task or continuation called
// runtime.Goexit. Package future exports it.
var ErrGoexit = errors.New("future: runtime.Goexit was called")

// PanicError makes the error for a recovered panic from its value and the
// stack of the goroutine that panicked, which it reads itself. Package
// future sets it, when it is initialized, to build a *future.PanicError;
// every package that runs user code through this one imports future, so
// this default serves only this package's own tests.
var PanicError = func(v any) error { return fmt.Errorf("panic: %v\n%s", v, debug.Stack()) }

// Guard calls fn on the calling goroutine and returns nil once it returns.
// If fn panics, Guard recovers and returns PanicError(value), made in the
// deferred function, so the stack still shows where fn panicked. If fn
// calls runtime.Goexit, which ends the goroutine whatever Guard does,
// goexit runs first, from the deferred function, so the caller can settle
// what fn left unfinished.
//
// This is the one place user code is run under the toolkit's panic and
// Goexit policy; tasks, continuations, handlers and pool workers all call
// it.
func Guard(fn func(), goexit func()) (err error) {
	returned := false
	defer func() {
		if returned {
			return
		}
		if r := recover(); r != nil {
			err = PanicError(r)
			return
		}
		goexit()
	}()
	fn()
	returned = true
	return nil
}
