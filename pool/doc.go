// Package pool will provide a bounded worker pool that returns a future for
// each task it runs, with context cancellation on every blocking call.
//
// It is built by a later change; this file holds the package's place in the
// layout.
package pool
