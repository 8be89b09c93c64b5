// Package timeout will provide deadlines on work and on futures, built on
// context.WithTimeoutCause.
//
// It is built by a later change; this file holds the package's place in the
// layout.
package timeout
