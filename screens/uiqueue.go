package screens

import "sync"

// UIQueue stands in for fyne's event loop in tests. Fyne's test driver runs
// fyne.Do at once on the calling goroutine, so a screen's network goroutine
// would change widgets while the test reads them. With Env.Do set to
// q.Do, those changes wait in the queue until the test goroutine runs them
// with Drain, as the real event loop would.
type UIQueue struct {
	mu  sync.Mutex
	fns []func()
}

// Do queues f.
func (q *UIQueue) Do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

// Drain runs the queued functions, and those they queue, on the caller's
// goroutine, and returns how many ran.
func (q *UIQueue) Drain() int {
	n := 0
	for {
		q.mu.Lock()
		if len(q.fns) == 0 {
			q.mu.Unlock()
			return n
		}
		f := q.fns[0]
		q.fns = q.fns[1:]
		q.mu.Unlock()
		f()
		n++
	}
}

// Settle waits for the screens' calls in flight and runs their widget
// updates, until nothing is left to do.
func (q *UIQueue) Settle(tasks *Tasks) {
	for {
		tasks.Wait()
		if q.Drain() == 0 {
			return
		}
	}
}
