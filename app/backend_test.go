package app

import "testing"

// newTestBackend is the Backend the flow test drives.
func newTestBackend(t *testing.T, url string) Backend {
	t.Helper()
	return newBackend(url)
}
