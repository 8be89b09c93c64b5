//go:build race

package future_test

// raceEnabled is true when the tests are built with the race detector,
// which slows them down too much for the largest inputs.
const raceEnabled = true
