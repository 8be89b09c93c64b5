//go:build race

package callback_test

// raceEnabled is true when the tests are built with the race detector,
// which changes allocation counts.
const raceEnabled = true
