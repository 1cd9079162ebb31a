package console

import "testing"

// TestCataloguesComplete checks that every French key has an Arabic text.
func TestCataloguesComplete(t *testing.T) {
	for k := range catalogs[langFR] {
		if catalogs[langAR][k] == "" {
			t.Errorf("ar.json lacks %q", k)
		}
	}
	for k := range catalogs[langAR] {
		if _, ok := catalogs[langFR][k]; !ok {
			if k[len(k)-4:] != ".two" && k[len(k)-4:] != ".few" {
				t.Errorf("fr.json lacks %q", k)
			}
		}
	}
}
