// Package callback will provide adapters between callback-style APIs,
// channels, events and futures.
//
// It is built by a later change; this file holds the package's place in the
// layout.
package callback
