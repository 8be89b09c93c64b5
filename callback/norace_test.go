//go:build !race

package callback_test

const raceEnabled = false
