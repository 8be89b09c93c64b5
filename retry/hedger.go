package retry

import (
	"context"
	"log"
	"sync/atomic"
	"time"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/internal/core"
)

// An outcome is the result of attempt i.
type outcome[T any] struct {
	v   T
	err error
	i   int
}

// hedgeShared is what a hedged call's attempts share with it, and keep
// after it has returned.
type hedgeShared[T any] struct {
	fn      func(context.Context) (T, error)
	release func(T)
	// results has room for every attempt's outcome, so no attempt ever
	// blocks on it, and only the hedger reads it.
	results chan outcome[T]
	// decided is set by the first successful attempt, or by the hedger when
	// it stops without one; a success that finds it set has lost.
	decided atomic.Bool
}

// An attempt runs one call of fn for a hedged call.
type attempt[T any] struct {
	s *hedgeShared[T]
	i int
}

func (a *attempt[T]) run(ctx context.Context) { core.Call(ctx, a.s.fn, a) }

// Finish hands the attempt's outcome to the hedger, or releases a success
// that came too late.
func (a *attempt[T]) Finish(v T, err error) {
	s := a.s
	if err == nil && !s.decided.CompareAndSwap(false, true) {
		s.releaseLate(v)
		return
	}
	s.results <- outcome[T]{v, err, a.i}
}

// releaseLate calls release with v under core.Guard. No caller is left to
// receive a panic in release, so it is logged with its stack, as net/http
// and package pool log theirs, rather than lost.
func (s *hedgeShared[T]) releaseLate(v T) {
	if s.release == nil {
		return
	}
	if err := core.Guard(func() { s.release(v) }, func() {}); err != nil {
		if pe, ok := err.(*future.PanicError); ok {
			log.Printf("retry: release panicked: %v\n%s", pe.Value, pe.Stack)
		}
	}
}

// A hedger runs one hedged call: it starts the attempts, reads their
// outcomes, and decides.
type hedger[T any] struct {
	ctx       context.Context
	h         *HedgePolicy
	shared    *hedgeShared[T]
	total     int
	start     time.Time
	cancels   []context.CancelCauseFunc // one per attempt started
	pending   int                       // attempts started whose outcome is not read
	timer     *time.Timer
	throttled bool  // the budget denied an attempt
	last      error // the last failure read
	winner    int   // the index of the winning attempt, or -1
	lost      error // the cause to cancel the other attempts with
}

// run starts the first attempt and decides the call.
func (o *hedger[T]) run() (T, error) {
	o.launch()
	for {
		select {
		case r := <-o.shared.results:
			if v, err, done := o.read(r); done {
				return v, err
			}
		case <-o.timerC():
			o.hedge()
		case <-o.ctx.Done():
			return o.giveUp(context.Cause(o.ctx))
		}
	}
}

// launch starts the next attempt, and with a Delay of zero every other
// one, and sets the timer for the one after.
func (o *hedger[T]) launch() {
	for {
		o.startAttempt()
		if !o.more() {
			return
		}
		if o.h.Delay > 0 {
			o.setTimer()
			return
		}
		if !o.allowHedge() {
			return
		}
	}
}

// hedge starts an extra attempt, if the budget allows.
func (o *hedger[T]) hedge() {
	if o.allowHedge() {
		o.launch()
	}
}

// allowHedge asks the budget for an extra attempt and calls OnHedge if it
// says yes. A denial stops all further attempts.
func (o *hedger[T]) allowHedge() bool {
	if b := o.h.Budget; b != nil && !b.Allow() {
		o.throttled = true
		return false
	}
	if o.h.OnHedge != nil {
		o.h.OnHedge(o.ctx, len(o.cancels)+1)
	}
	return true
}

// startAttempt starts one attempt in a new goroutine.
func (o *hedger[T]) startAttempt() {
	ctx, cancel := context.WithCancelCause(o.ctx)
	o.cancels = append(o.cancels, cancel)
	o.pending++
	a := &attempt[T]{s: o.shared, i: len(o.cancels) - 1}
	go a.run(ctx)
}

// more reports whether another attempt may still start.
func (o *hedger[T]) more() bool { return len(o.cancels) < o.total && !o.throttled }

func (o *hedger[T]) setTimer() {
	if o.timer == nil {
		o.timer = time.NewTimer(o.h.Delay)
	} else {
		o.timer.Reset(o.h.Delay)
	}
}

// timerC returns the channel of the timer for the next attempt, or nil if
// none is due.
func (o *hedger[T]) timerC() <-chan time.Time {
	if o.timer == nil || !o.more() {
		return nil
	}
	return o.timer.C
}

// read handles an attempt's outcome and reports whether it decided the
// call, with the call's results.
func (o *hedger[T]) read(r outcome[T]) (T, error, bool) {
	o.pending--
	if r.err == nil {
		return o.win(r), nil, true
	}
	o.last = r.err
	permanent, _ := inspect(r.err)
	if cause := stopCause(o.ctx, r.err, permanent, o.h.RetryIf); cause != nil {
		o.lost = r.err
		v, err := o.giveUp(cause)
		return v, err, true
	}
	o.record(r.i, r.err)
	if o.more() {
		o.hedge()
	}
	if o.pending == 0 {
		v, err := o.giveUp(o.exhausted())
		return v, err, true
	}
	var zero T
	return zero, nil, false
}

// win records r as the winner and returns its value.
func (o *hedger[T]) win(r outcome[T]) T {
	o.winner, o.lost = r.i, future.ErrLost
	o.record(r.i, nil)
	return r.v
}

// giveUp stops the call with cause, unless an attempt has just succeeded:
// a result that is there wins.
func (o *hedger[T]) giveUp(cause error) (T, error) {
	if !o.shared.decided.CompareAndSwap(false, true) {
		for r := range o.shared.results {
			if r.err == nil {
				return o.win(r), nil
			}
		}
	}
	var zero T
	return zero, &Error{
		Cause:    cause,
		Last:     unmark(o.last),
		Attempts: len(o.cancels),
		Elapsed:  time.Since(o.start),
	}
}

// exhausted returns why the call stopped once every attempt failed.
func (o *hedger[T]) exhausted() error {
	if o.throttled {
		return ErrThrottled
	}
	return ErrExhausted
}

func (o *hedger[T]) record(i int, err error) {
	if b := o.h.Budget; b != nil {
		b.Record(i+1, err)
	}
}

// close cancels every attempt once the call has returned, the losers with
// the cause o.lost, and stops the timer. Late successes are then released.
func (o *hedger[T]) close() {
	o.shared.decided.Store(true)
	for i, cancel := range o.cancels {
		if i == o.winner {
			cancel(nil)
		} else {
			cancel(o.lost)
		}
	}
	if o.timer != nil {
		o.timer.Stop()
	}
}
