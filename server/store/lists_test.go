package store

import (
	"fmt"
	"slices"
	"testing"
)

func TestListCache(t *testing.T) {
	var c listCache
	raw := `["Facture originale","Copie de la CIN"]`
	want := []string{"Facture originale", "Copie de la CIN"}
	first, err := c.decode(raw)
	if err != nil || !slices.Equal(first, want) {
		t.Fatalf("first decode: got %q, %v", first, err)
	}
	// A caller that changes its slice changes no one else's.
	first[0] = "changed"
	second, err := c.decode(raw)
	if err != nil || !slices.Equal(second, want) {
		t.Fatalf("decode after a caller changed its copy: got %q, %v", second, err)
	}
	if empty, err := c.decode(`[]`); err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("empty list: got %#v, %v; want a non-nil empty slice as json.Unmarshal gives", empty, err)
	}
	if _, err := c.decode(`{"not":"a list"}`); err == nil {
		t.Fatal("an object decoded as a list")
	}
	for i := range 2 * maxCachedLists {
		v, err := c.decode(fmt.Sprintf(`["doc %d"]`, i))
		if err != nil || len(v) != 1 || v[0] != fmt.Sprintf("doc %d", i) {
			t.Fatalf("list %d: got %q, %v", i, v, err)
		}
	}
	if n := len(*c.m.Load()); n != maxCachedLists {
		t.Fatalf("cached lists: got %d, want the bound %d", n, maxCachedLists)
	}
}
