package future

import (
	"sync/atomic"

	"github.com/eventual-go/eventual/internal/core"
)

// A Tuple2 holds the values of two futures joined by [Join2].
type Tuple2[T1, T2 any] struct {
	V1 T1
	V2 T2
}

// A Tuple3 holds the values of three futures joined by [Join3].
type Tuple3[T1, T2, T3 any] struct {
	V1 T1
	V2 T2
	V3 T3
}

// Join2 returns a Future that succeeds with the values of f1 and f2 once
// both have succeeded, or fails with the first error as soon as either
// fails. It is [All] for two futures of different types, and like All it
// starts no goroutine and cancels neither input.
func Join2[T1, T2 any](f1 *Future[T1], f2 *Future[T2]) *Future[Tuple2[T1, T2]] {
	j := new(struct {
		joined[Tuple2[T1, T2]]
		s1 slot[T1]
		s2 slot[T2]
	})
	j.left.Store(2)
	j.s1.fill(&j.joined, f1, &j.val.V1)
	j.s2.fill(&j.joined, f2, &j.val.V2)
	return &j.out
}

// Join3 returns a Future that succeeds with the values of f1, f2 and f3 once
// all have succeeded, or fails with the first error as soon as any fails. It
// is [All] for three futures of different types, and like All it starts no
// goroutine and cancels no input.
func Join3[T1, T2, T3 any](f1 *Future[T1], f2 *Future[T2], f3 *Future[T3]) *Future[Tuple3[T1, T2, T3]] {
	j := new(struct {
		joined[Tuple3[T1, T2, T3]]
		s1 slot[T1]
		s2 slot[T2]
		s3 slot[T3]
	})
	j.left.Store(3)
	j.s1.fill(&j.joined, f1, &j.val.V1)
	j.s2.fill(&j.joined, f2, &j.val.V2)
	j.s3.fill(&j.joined, f3, &j.val.V3)
	return &j.out
}

// joined is the output of a join: it settles once every slot is filled, or
// at the first error.
type joined[R any] struct {
	out  Future[R]
	val  R
	left atomic.Int32
}

func (j *joined[R]) filled(err error) *core.Node {
	if err != nil {
		var zero R
		return j.out.complete(zero, err)
	}
	if j.left.Add(-1) == 0 {
		return j.out.complete(j.val, nil)
	}
	return nil
}

// A slot copies the value of one input of a join into its place in the
// joined value.
type slot[T any] struct {
	node core.Node
	in   *Future[T]
	dst  *T
	to   interface{ filled(error) *core.Node }
}

func (s *slot[T]) fill(to interface{ filled(error) *core.Node }, in *Future[T], dst *T) {
	s.in, s.dst, s.to = in, dst, to
	core.Run(in.add(s.node.Bind(s)))
}

func (s *slot[T]) Settled() *core.Node {
	v, err := s.in.result()
	s.in = nil
	if err == nil {
		*s.dst = v
	}
	return s.to.filled(err)
}
