package store

import (
	"testing"
	"time"
)

// A read that began before a change through this Store must not put the
// old version back: whichever way the change was announced, and whether
// or not the member had an entry.
func TestVersionCacheRefusesReadsOlderThanAChange(t *testing.T) {
	old, cur := ListVersion{Count: 1, Sum: 1}, ListVersion{Count: 1, Sum: 2}
	for _, tc := range []struct {
		name   string
		warm   bool // the member had a cached version
		change func(c *versionCache)
	}{
		{"member, cold", false, func(c *versionCache) { c.changed(7) }},
		{"member, warm", true, func(c *versionCache) { c.changed(7) }},
		{"all, cold", false, func(c *versionCache) { c.changedAll() }},
		{"all, warm", true, func(c *versionCache) { c.changedAll() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newVersionCache(time.Hour)
			if tc.warm {
				_, ticket, _ := c.get(7)
				c.put(7, old, time.Now(), ticket)
				if v, _, ok := c.get(7); !ok || v != old {
					t.Fatalf("warm entry: %+v, %v", v, ok)
				}
			}
			_, ticket, ok := c.get(7) // a read begins...
			if tc.warm && !ok || !tc.warm && ok {
				t.Fatalf("cached before the race: %v", ok)
			}
			if !tc.warm {
				tc.change(c)                      // ...a change through this Store ends...
				c.put(7, old, time.Now(), ticket) // ...and the read puts what it saw
				if v, _, ok := c.get(7); ok {
					t.Fatalf("a read older than the change was cached: %+v", v)
				}
			} else {
				tc.change(c)
				if v, _, ok := c.get(7); ok {
					t.Fatalf("the change left the old version cached: %+v", v)
				}
			}
			// A read begun after the change is cached.
			_, ticket, _ = c.get(7)
			c.put(7, cur, time.Now(), ticket)
			if v, _, ok := c.get(7); !ok || v != cur {
				t.Fatalf("a read after the change: %+v, %v", v, ok)
			}
			// Another member's change does not touch this entry.
			c.changed(8)
			if _, _, ok := c.get(7); !ok {
				t.Fatal("another member's change dropped this one")
			}
		})
	}
}

func TestVersionCacheExpiresAndBounds(t *testing.T) {
	c := newVersionCache(50 * time.Millisecond)
	_, ticket, _ := c.get(1)
	c.put(1, ListVersion{Count: 1}, time.Now().Add(-60*time.Millisecond), ticket)
	if _, _, ok := c.get(1); ok {
		t.Fatal("an entry read longer than the TTL ago was answered")
	}
	for id := int64(1); id <= maxCachedVersions+1; id++ {
		_, ticket, _ := c.get(id)
		c.put(id, ListVersion{Count: id}, time.Now(), ticket)
	}
	if n := len(c.m); n > maxCachedVersions {
		t.Fatalf("%d entries, bound %d", n, maxCachedVersions)
	}
	off := newVersionCache(-1)
	_, ticket, _ = off.get(1)
	off.put(1, ListVersion{Count: 1}, time.Now(), ticket)
	if _, _, ok := off.get(1); ok {
		t.Fatal("a cache turned off answered")
	}
}
