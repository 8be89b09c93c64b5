// Package retry will provide retry policies with backoff and jitter, retry
// budgets and hedged requests, exact in time and losing no error.
//
// It is built by a later change; this file holds the package's place in the
// layout.
package retry
