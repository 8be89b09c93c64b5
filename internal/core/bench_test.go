package core

import (
	"context"
	"testing"
)

// BenchmarkTaskInline runs a task on the calling goroutine and reads its
// result: the cost of the machinery around a task, without the goroutine.
func BenchmarkTaskInline(b *testing.B) {
	b.ReportAllocs()
	ctx := context.Background()
	fn := func(context.Context) (int, error) { return 1, nil }
	for b.Loop() {
		t := new(Task[int])
		t.Init(ctx, fn)
		t.Run()
		if v, _ := t.Cell.Await(ctx); v != 1 {
			b.Fatal(v)
		}
	}
}
