package core

import (
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGuard(t *testing.T) {
	goexits := 0
	goexit := func() { goexits++ }

	assert.NoError(t, Guard(func() {}, goexit), "a function that returns")

	err := Guard(func() { panic("boom") }, goexit)
	assert.ErrorContains(t, err, "panic: boom", "a panic is recovered into an error")
	assert.Contains(t, err.Error(), "TestGuard", "with the stack of the panic")

	var wg sync.WaitGroup
	wg.Go(func() { _ = Guard(runtime.Goexit, goexit) })
	wg.Wait()
	assert.Equal(t, 1, goexits, "goexit runs before the goroutine ends")
}
