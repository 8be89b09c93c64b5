//go:build race

package pool_test

// raceEnabled is true when the tests are built with the race detector,
// which changes allocation counts and slows the largest tests down.
const raceEnabled = true
