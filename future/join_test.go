package future_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

func TestJoin2(t *testing.T) {
	name := promise.New[string]()
	age := promise.New[int]()
	joined := future.Join2(name.Future(), age.Future())
	age.Resolve(42)
	_, ok := joined.Peek()
	assert.False(t, ok, "Join2 waits for both")
	name.Resolve("ada")
	got, err := joined.Await(t.Context())
	assert.NoError(t, err)
	assert.Equal(t, future.Tuple2[string, int]{V1: "ada", V2: 42}, got)
}

func TestJoin3(t *testing.T) {
	got, err := future.Join3(future.Resolved("a"), future.Resolved(1), future.Resolved(true)).Await(t.Context())
	assert.NoError(t, err)
	assert.Equal(t, future.Tuple3[string, int, bool]{V1: "a", V2: 1, V3: true}, got)
}

// A join fails with the first error at once, without waiting for the rest.
func TestJoinFailsFast(t *testing.T) {
	pending := promise.New[string]()
	_, err := future.Join2(pending.Future(), future.Rejected[int](errBoom)).Await(t.Context())
	assert.Equal(t, errBoom, err)

	a, b := promise.New[int](), promise.New[bool]()
	j := future.Join3(pending.Future(), a.Future(), b.Future())
	b.Reject(errOther)
	a.Reject(errBoom)
	_, err = j.Await(t.Context())
	assert.Equal(t, errOther, err)
	pending.Resolve("late")
}

func TestJoinNil(t *testing.T) {
	_, err := future.Join2[int, int](nil, future.Resolved(1)).Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)
	_, err = future.Join3[int, int, int](future.Resolved(1), future.Resolved(1), nil).Await(t.Context())
	assert.Equal(t, future.ErrNilFuture, err)
}
