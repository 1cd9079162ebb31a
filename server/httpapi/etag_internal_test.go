package httpapi

import (
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

var (
	day1 = api.Date{Year: 2026, Month: time.July, Day: 20}
	day2 = api.Date{Year: 2026, Month: time.July, Day: 21}
)

// A body is served only at the version and on the day it was cached at,
// and the cache stays within its bound.
func TestListBodies(t *testing.T) {
	c := newListBodies()
	v1, v2 := store.ListVersion{Count: 1, Sum: 0}, store.ListVersion{Count: 1, Sum: 1}
	c.put(7, v1, day1, []byte("one"))
	if b, ok := c.get(7, v1, day1); !ok || string(b) != "one" {
		t.Fatalf("get at the cached version = %q, %v", b, ok)
	}
	if _, ok := c.get(7, v2, day1); ok {
		t.Fatal("a body was served at another version")
	}
	if _, ok := c.get(7, v1, day2); ok {
		t.Fatal("a body was served on another day (its estimates may have moved)")
	}
	if _, ok := c.get(8, v1, day1); ok {
		t.Fatal("a body was served for another member")
	}
	for m := int64(0); m < 3*maxListBodies; m++ {
		c.put(100+m, v1, day1, []byte("x"))
	}
	if n := len(c.m); n > maxListBodies {
		t.Fatalf("%d bodies kept, bound %d", n, maxListBodies)
	}
}

// ETags differ by member, kind, version and day, and are stable.
func TestETags(t *testing.T) {
	v := store.ListVersion{Count: 2, Sum: 3}
	seen := map[string]string{}
	for name, tag := range map[string]string{
		"list":                listETag(1, v, day1),
		"other member":        listETag(2, v, day1),
		"other version":       listETag(1, store.ListVersion{Count: 2, Sum: 4}, day1),
		"list another day":    listETag(1, v, day2),
		"request":             requestETag(1, 2, 3, day1),
		"other request":       requestETag(1, 3, 3, day1),
		"request another day": requestETag(1, 2, 3, day2),
	} {
		if prev, ok := seen[tag]; ok {
			t.Fatalf("%s and %s share the ETag %s", name, prev, tag)
		}
		seen[tag] = name
	}
	if listETag(1, v, day1) != listETag(1, v, day1) {
		t.Fatal("the same list got two ETags")
	}
}
