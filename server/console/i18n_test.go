package console

import "testing"

// TestCataloguesComplete checks that every French key has an Arabic text
// and the other way round.
func TestCataloguesComplete(t *testing.T) {
	for _, g := range catalog.Gaps() {
		t.Error(g)
	}
}
