package promise_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/eventual-go/eventual/future"
	"github.com/eventual-go/eventual/promise"
)

// This example turns a callback-style API into a future: the callback
// settles the promise, and the caller awaits the promise's future.
func ExampleNew() {
	// fetch stands in for a client library that reports through a callback,
	// on a goroutine of its own.
	fetch := func(key string, done func(string, error)) {
		go done("value of "+key, nil)
	}

	p := promise.New[string]()
	fetch("greeting", func(v string, err error) { p.Settle(v, err) })

	v, err := p.Future().Await(context.Background())
	fmt.Println(v, err)
	// Output: value of greeting <nil>
}

// This example resolves a promise. Only the first call settles it, and
// continuations waiting on its future run before Resolve returns.
func ExamplePromise_Resolve() {
	p := promise.New[string]()
	future.Then(p.Future(), func(v string) (struct{}, error) {
		fmt.Println("continuation got:", v)
		return struct{}{}, nil
	})

	fmt.Println(p.Resolve("first"))
	fmt.Println(p.Resolve("second"))

	v, err := p.Future().Await(context.Background())
	fmt.Println(v, err)
	// Output:
	// continuation got: first
	// true
	// false
	// first <nil>
}

// This example fails a promise. Rejecting with a nil error fails it with
// future.ErrNilError, because a nil error would read as success.
func ExamplePromise_Reject() {
	p := promise.New[int]()
	fmt.Println(p.Reject(errors.New("no reply")))
	_, err := p.Future().Await(context.Background())
	fmt.Println(err)

	q := promise.New[int]()
	q.Reject(nil)
	_, err = q.Future().Await(context.Background())
	fmt.Println(errors.Is(err, future.ErrNilError))
	// Output:
	// true
	// no reply
	// true
}

// This example settles promises directly with a function's results: a nil
// error resolves, any other error rejects.
func ExamplePromise_Settle() {
	ok, bad := promise.New[int](), promise.New[int]()
	ok.Settle(strconv.Atoi("42"))
	bad.Settle(strconv.Atoi("forty-two"))

	fmt.Println(ok.Future().Await(context.Background()))
	_, err := bad.Future().Await(context.Background())
	fmt.Println(err)
	// Output:
	// 42 <nil>
	// strconv.Atoi: parsing "forty-two": invalid syntax
}

// This example hands the read side of a promise to several consumers. Every
// call to Future returns the same future, and each consumer sees the same
// result.
func ExamplePromise_Future() {
	p := promise.New[string]()
	f := p.Future()
	fmt.Println(f == p.Future())

	upper := future.Then(f, func(s string) (string, error) { return s + "!", nil })
	length := future.Then(f, func(s string) (int, error) { return len(s), nil })
	p.Resolve("ready")

	fmt.Println(upper.Await(context.Background()))
	fmt.Println(length.Await(context.Background()))
	// Output:
	// true
	// ready! <nil>
	// 5 <nil>
}

// This example shows a consumer canceling the future of a promise. The
// future fails at once with the cause, and the producer's Resolve then
// reports false; the producer can watch the future's Done channel to stop
// early.
func ExamplePromise_Future_cancel() {
	p := promise.New[string]()
	f := p.Future()

	f.Cancel(errors.New("no longer needed"))

	select {
	case <-p.Future().Done():
		fmt.Println("producer: nobody is waiting")
	default:
	}
	fmt.Println(p.Resolve("too late"))
	_, err := f.Await(context.Background())
	fmt.Println(err)
	// Output:
	// producer: nobody is waiting
	// false
	// no longer needed
}
