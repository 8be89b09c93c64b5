package future_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// never is the time of an outcome that never comes.
const never = time.Duration(-1)

// An outcome is what the model predicts for a node of a combinator tree:
// when it settles, and with what.
type outcome struct {
	at    time.Duration
	value int
	err   string // "" for success
}

func (o outcome) failed() bool { return o.at != never && o.err != "" }

// A tree decodes fuzz input into a tree of combinators over promises that
// settle at distinct instants of virtual time, and predicts each node's
// outcome with a simple sequential model.
type tree struct {
	data   []byte
	leaves int
	timers []*time.Timer
}

func (b *tree) next() int {
	if len(b.data) == 0 {
		return 0
	}
	c := b.data[0]
	b.data = b.data[1:]
	return int(c)
}

func (b *tree) build(depth int) (*future.Future[int], outcome) {
	op := b.next() % 10
	if depth >= 4 {
		op %= 3
	}
	switch op {
	case 0, 1:
		return b.leaf(op == 0)
	case 2:
		return promise.New[int]().Future(), outcome{at: never}
	case 3, 4, 5, 6:
		n := b.next()%3 + 1
		fs := make([]*future.Future[int], n)
		os := make([]outcome, n)
		for i := range fs {
			fs[i], os[i] = b.build(depth + 1)
		}
		return b.combine(op, fs, os)
	default:
		f, o := b.build(depth + 1)
		return b.chain(op, f, o)
	}
}

// leaf returns a promise that settles at a distinct instant.
func (b *tree) leaf(ok bool) (*future.Future[int], outcome) {
	b.leaves++
	at := time.Duration(b.next()*100+b.leaves) * time.Millisecond
	v := b.next()
	p := promise.New[int]()
	if ok {
		b.timers = append(b.timers, time.AfterFunc(at, func() { p.Resolve(v) }))
		return p.Future(), outcome{at: at, value: v}
	}
	err := fmt.Errorf("e%d", b.leaves)
	b.timers = append(b.timers, time.AfterFunc(at, func() { p.Reject(err) }))
	return p.Future(), outcome{at: at, err: err.Error()}
}

func (b *tree) combine(op int, fs []*future.Future[int], os []outcome) (*future.Future[int], outcome) {
	switch op {
	case 3:
		return future.Then(future.All(fs...), sum), modelAll(os)
	case 4:
		return future.Then(future.AllSettled(fs...), score), modelAllSettled(os)
	case 5:
		return future.Any(fs...), modelAny(os)
	default:
		return future.Race(fs...), first(os, func(outcome) bool { return true })
	}
}

func (b *tree) chain(op int, f *future.Future[int], o outcome) (*future.Future[int], outcome) {
	switch op {
	case 7:
		if o.err == "" {
			o.value++
		}
		return future.Then(f, func(v int) (int, error) { return v + 1, nil }), o
	case 8:
		if o.err != "" {
			o.value, o.err = -1, ""
		}
		return future.Catch(f, func(error) (int, error) { return -1, nil }), o
	default:
		if o.err == "" {
			o.value, o.err = 0, "future: panic: p"
		}
		return future.Then(f, func(int) (int, error) { panic("p") }), o
	}
}

func sum(vs []int) (int, error) {
	s := 0
	for _, v := range vs {
		s += v
	}
	return s, nil
}

// score sums the values and counts each error as 1000.
func score(rs []future.Result[int]) (int, error) {
	s := 0
	for _, r := range rs {
		if r.Err != nil {
			s += 1000
		}
		s += r.Value
	}
	return s, nil
}

// first returns the earliest outcome that keep accepts, or never.
func first(os []outcome, keep func(outcome) bool) outcome {
	best := outcome{at: never}
	for _, o := range os {
		if o.at != never && keep(o) && (best.at == never || o.at < best.at) {
			best = o
		}
	}
	return best
}

// last returns the time the last outcome settles, or never if one never
// does.
func last(os []outcome) time.Duration {
	var at time.Duration
	for _, o := range os {
		if o.at == never {
			return never
		}
		at = max(at, o.at)
	}
	return at
}

func modelAll(os []outcome) outcome {
	if f := first(os, outcome.failed); f.at != never {
		return outcome{at: f.at, err: f.err}
	}
	s := 0
	for _, o := range os {
		s += o.value
	}
	return outcome{at: last(os), value: s}
}

func modelAllSettled(os []outcome) outcome {
	s := 0
	for _, o := range os {
		if o.err != "" {
			s += 1000
		}
		s += o.value
	}
	return outcome{at: last(os), value: s}
}

func modelAny(os []outcome) outcome {
	if ok := first(os, func(o outcome) bool { return o.err == "" }); ok.at != never {
		return ok
	}
	at := last(os)
	if at == never {
		return outcome{at: never}
	}
	msgs := make([]string, len(os))
	for i, o := range os {
		msgs[i] = o.err
	}
	return outcome{at: at, err: fmt.Sprintf("future: all %d failed: %s", len(os), strings.Join(msgs, "; "))}
}

// FuzzCombinators builds a random tree of combinators over promises that
// settle at chosen instants of virtual time, and checks the root's value,
// error and the instant it settles against the model. A root that never
// settles must still be pending an hour later; nothing may be left running.
func FuzzCombinators(f *testing.F) {
	for _, seed := range [][]byte{
		{3, 2, 0, 5, 1, 0, 1, 7, 2},
		{5, 2, 1, 3, 4, 0, 9, 2},
		{6, 1, 1, 200, 0, 0, 50, 9},
		{4, 2, 2, 1, 4, 0, 8, 1, 2, 3},
		{7, 8, 9, 1, 10, 0},
		{3, 2, 2, 0, 5, 5},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64 {
			data = data[:64]
		}
		synctest.Test(t, func(t *testing.T) {
			b := &tree{data: data}
			root, want := b.build(0)
			ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
			defer cancel()
			start := time.Now()
			v, err := root.Await(ctx)
			at := time.Since(start)
			for _, tm := range b.timers {
				tm.Stop()
			}
			if want.at == never {
				if !errors.Is(err, context.DeadlineExceeded) || at != time.Hour {
					t.Fatalf("%x: got %v, %v at %v; want never settled", data, v, err, at)
				}
				return
			}
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if at != want.at || gotErr != want.err || (err == nil && v != want.value) {
				t.Fatalf("%x: got %v, %q at %v; want %v, %q at %v", data, v, gotErr, at, want.value, want.err, want.at)
			}
		})
	})
}
