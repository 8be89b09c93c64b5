package callback

import (
	"context"
	"log"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// A Trace holds hooks that report what [From], [FromValue] and [FromError]
// cannot report through the future they return, because it has already
// settled: a callback called once too often or too late, and a panic in
// code that runs after the future settled. Attach one to the context given
// to From with [WithTrace]. Any field may be nil.
//
// The hooks run on the goroutine where the event happened, which may belong
// to the callback-style API; keep them quick. A panic in Ignored is
// reported to Panic; a panic in Panic is not recovered.
type Trace struct {
	// Ignored is called with the arguments of each call of a callback that
	// did not settle its future, and n, the number of the call: 1 for a
	// first call that came after the context ended or the future was
	// canceled, 2 or more for a callback called more than once. For
	// FromError, v is struct{}{}.
	Ignored func(n int, v any, err error)

	// Panic is called with a panic, as a *future.PanicError, or a call of
	// runtime.Goexit, as future.ErrGoexit, in the start function after it
	// called the callback, or in the cancel function start returned. Both
	// run when the future has already settled, so it cannot carry the
	// error. Without this hook, such a panic is logged with the standard
	// logger, with its stack, as net/http logs a panic in a handler.
	Panic func(err error)
}

// traceKey is the context key of a *Trace.
type traceKey struct{}

// WithTrace returns a copy of ctx that carries t, for [From], [FromValue]
// and [FromError] to report to. A nil t removes the trace ctx carries.
func WithTrace(ctx context.Context, t *Trace) context.Context {
	return context.WithValue(ctx, traceKey{}, t)
}

// traceOf returns the trace ctx carries, or nil.
func traceOf(ctx context.Context) *Trace {
	t, _ := ctx.Value(traceKey{}).(*Trace)
	return t
}

// ignored reports the n-th call of a callback, which did not settle its
// future, to ctx's trace.
func ignored(ctx context.Context, n int, v any, err error) {
	t := traceOf(ctx)
	if t == nil || t.Ignored == nil {
		return
	}
	goexit := func() { unreported(ctx, future.ErrGoexit) }
	if perr := core.Guard(func() { t.Ignored(n, v, err) }, goexit); perr != nil {
		unreported(ctx, perr)
	}
}

// unreported reports err, a panic or Goexit that no future can carry, to
// ctx's trace, or logs it.
func unreported(ctx context.Context, err error) {
	if t := traceOf(ctx); t != nil && t.Panic != nil {
		t.Panic(err)
		return
	}
	if perr, ok := err.(*future.PanicError); ok {
		log.Printf("%v\n%s", err, perr.Stack)
		return
	}
	log.Print(err)
}
