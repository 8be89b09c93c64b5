package callback_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/callback"
	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	ctx := context.Background()
	pending := promise.New[int]().Future()
	settled := future.Resolved(1)
	var e callback.Emitter[int]
	sub, err := e.Subscribe(func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	tests := []struct {
		name string
		max  float64
		fn   func()
	}{
		// The call, with its future, and the callback bound to it.
		{"From, callback called at once", 2, func() {
			callback.From(ctx, func(done func(int, error)) func() { done(1, nil); return nil })
		}},
		{"From, callback pending", 2, func() {
			callback.From(ctx, func(func(int, error)) func() { return nil })
		}},
		// The handler, with its future.
		{"OnComplete on a pending future", 1, func() { callback.OnComplete(pending, func(int, error) {}) }},
		{"OnSuccess on a settled future", 1, func() { callback.OnSuccess(settled, func(int) {}) }},
		// The channel, whose buffer holds an error and so is allocated
		// apart, and the continuation that fills it.
		{"ToChan on a pending future", 3, func() { callback.ToChan(pending) }},
		{"ToChan on a settled future", 2, func() { callback.ToChan(settled) }},
		{"Emit to a synchronous subscriber", 0, func() { e.Emit(1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := testing.AllocsPerRun(1000, tt.fn)
			assert.LessOrEqual(t, got, tt.max)
		})
	}
}
