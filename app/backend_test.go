package app

import (
	"testing"

	"github.com/fos-mobile/fos/client"
)

// newTestBackend is the Backend the flow test drives: the real client, as
// Run builds it, with the encrypted file store in
// dir (the keyring has its own test, scripts/keyring-test.sh).
func newTestBackend(t *testing.T, url, dir string) Backend {
	t.Helper()
	b, err := newBackend(url, client.NewFileStore(dir), client.NewRevokeStore(dir), func() string { return "fr" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
