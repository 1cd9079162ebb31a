package store

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
)

// maxCachedLists bounds listCache. A request stores a copy of its
// campaign's documents list, so a database holds a handful of distinct
// lists (two windows a season); past the bound, lists are decoded each time.
const maxCachedLists = 64

// listCache decodes the stored JSON text lists (a request's required
// documents) once per distinct text instead of once per row read. Its key
// is the stored text itself, so a hit returns exactly what decoding that
// text returns, whoever's row it came from; nothing else is cached. Reads
// take no lock: the map is replaced, never changed, when a list is added.
type listCache struct {
	mu sync.Mutex // serializes additions
	m  atomic.Pointer[map[string][]string]
}

// decode returns the list stored as raw, in a slice of the caller's own.
func (c *listCache) decode(raw string) ([]string, error) {
	if m := c.m.Load(); m != nil {
		if v, ok := (*m)[raw]; ok {
			return slices.Clone(v), nil
		}
	}
	var v []string
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, err
	}
	c.add(raw, v)
	return slices.Clone(v), nil
}

func (c *listCache) add(raw string, v []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.m.Load()
	n := 0
	if old != nil {
		n = len(*old)
	}
	if n >= maxCachedLists {
		return
	}
	m := make(map[string][]string, n+1)
	if old != nil {
		for k, x := range *old {
			m[k] = x
		}
	}
	m[raw] = v
	c.m.Store(&m)
}
