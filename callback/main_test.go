package callback_test

import (
	"errors"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	errBoom  = errors.New("boom")
	errCause = errors.New("cause")
)
