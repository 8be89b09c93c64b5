package callback

// Waiting returns the number of futures from Next that e is holding.
func Waiting[T any](e *Emitter[T]) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.waiters)
}
