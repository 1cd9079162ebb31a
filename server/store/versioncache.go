package store

import (
	"sync"
	"time"
)

// DefaultListVersionCacheTTL is how long a replica may answer a member's
// list version (the list's ETag, versions.go) from a read it made, without
// asking the database again: the bound on how long a change to the
// member's requests made by another replica, the CLI or raw SQL takes to
// show here. A change made through this Store shows at once.
const DefaultListVersionCacheTTL = time.Second

// maxCachedVersions bounds the cache; past it, everything is dropped.
const maxCachedVersions = 100_000

// versionCache keeps members' list versions read lately, by member id, for
// ttl of the process's monotonic clock (freshness of a copy, not domain
// time, like sessionCache).
//
// A write through this Store calls changed (or changedAll) after its
// transaction ends, committed or not. A read that began before that call
// may have seen the state before the commit, so it must not be cached:
// every read takes a ticket (the count of invalidations so far) before it
// asks the database, and put refuses it when the member was invalidated
// since (its entry, kept as a tombstone, records when), or when everything
// was (floor).
type versionCache struct {
	ttl   time.Duration // 0: no cache
	mu    sync.Mutex
	seq   uint64 // invalidations so far
	floor uint64 // reads with an older ticket are not cached
	m     map[int64]cachedVersion
}

type cachedVersion struct {
	v       ListVersion
	readAt  time.Time
	changed uint64 // seq of the member's last invalidation
	live    bool   // false: a tombstone, only changed is set
}

func newVersionCache(ttl time.Duration) *versionCache {
	return &versionCache{ttl: ttl, m: map[int64]cachedVersion{}}
}

// get returns member's version when it was read less than ttl ago; else
// the ticket to give put with what the caller reads.
func (c *versionCache) get(member int64) (v ListVersion, ticket uint64, ok bool) {
	if c.ttl <= 0 {
		return v, 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.m[member]
	if found && e.live && time.Since(e.readAt) < c.ttl {
		return e.v, 0, true
	}
	return v, c.seq, false
}

// put caches v, read at readAt (taken before the read began) under ticket,
// unless a change through this Store may have come after the read began.
func (c *versionCache) put(member int64, v ListVersion, readAt time.Time, ticket uint64) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ticket < c.floor {
		return
	}
	e, found := c.m[member]
	if found && e.changed > ticket {
		return
	}
	if !found && len(c.m) >= maxCachedVersions {
		c.dropAll()
	}
	c.m[member] = cachedVersion{v: v, readAt: readAt, changed: e.changed, live: true}
}

// changed forgets members' versions after a write to their requests.
func (c *versionCache) changed(members ...int64) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	for _, id := range members {
		if id == 0 { // no member: nothing was written
			continue
		}
		if _, found := c.m[id]; !found && len(c.m) >= maxCachedVersions {
			c.dropAll()
			return
		}
		c.m[id] = cachedVersion{changed: c.seq}
	}
}

// changedAll forgets every version, after a write to many members'
// requests (a payment batch, the expiry job).
func (c *versionCache) changedAll() {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	c.dropAll()
}

// dropAll empties the map, tombstones included; the floor then refuses
// every read begun before. Call with mu held, after seq moved.
func (c *versionCache) dropAll() {
	clear(c.m)
	c.floor = c.seq
}
