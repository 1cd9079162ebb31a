package store

import (
	"sync"
	"time"

	"github.com/fos-mobile/fos/api"
)

// DefaultSessionCacheTTL is how long a replica may answer from a session
// it read, without asking the database again: the bound on how long a
// token revoked on another replica (logout, password reset, an agent
// replaced) keeps working here. On the replica that revokes, it stops at
// once.
const DefaultSessionCacheTTL = 2 * time.Second

// maxCachedSessions bounds the cache; past it, expired entries are swept
// and, if that is not enough, everything is dropped.
const maxCachedSessions = 100_000

// sessionCache keeps the live sessions this process read recently, by
// token hash, for ttl of the process's monotonic clock (not the store's
// injected clock: this is freshness of a copy, not domain time). Only live
// rows are cached; an unknown or revoked token always asks the database.
//
// Revocations made through this Store forget the entries they end and,
// for a while, refuse to cache them again: a read that raced the
// revocation (it read the row before the revoking transaction committed)
// must not put the live row back.
type sessionCache struct {
	ttl time.Duration // 0: no cache
	mu  sync.Mutex
	m   map[string]cachedSession
	// barred holds token hashes and subjects revoked here lately, until
	// the time after which a read can only see the revocation.
	barred map[any]time.Time
}

type cachedSession struct {
	Session
	readAt  time.Time
	subject subjectKey
}

type subjectKey struct {
	role api.Role
	id   int64
}

// barFor is how long a revoked hash or subject stays uncachable: longer
// than any revoking transaction takes to commit.
const barFor = 30 * time.Second

func newSessionCache(ttl time.Duration) *sessionCache {
	return &sessionCache{ttl: ttl, m: map[string]cachedSession{}, barred: map[any]time.Time{}}
}

// get returns the cached session of hash when it was read less than ttl ago.
func (c *sessionCache) get(hash []byte) (Session, bool) {
	if c.ttl <= 0 {
		return Session{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[string(hash)]
	if !ok {
		return Session{}, false
	}
	if time.Since(e.readAt) >= c.ttl {
		delete(c.m, string(hash))
		return Session{}, false
	}
	return e.Session, true
}

// put caches ss, read from the database at readAt (taken before the read
// began), unless a revocation of its hash or subject happened here since.
func (c *sessionCache) put(hash []byte, ss Session, readAt time.Time) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := subjectKey{ss.Role, ss.SubjectID}
	now := time.Now()
	for _, k := range []any{string(hash), sub} {
		if until, ok := c.barred[k]; ok {
			if now.Before(until) {
				return
			}
			delete(c.barred, k)
		}
	}
	if len(c.m) >= maxCachedSessions {
		for k, e := range c.m {
			if now.Sub(e.readAt) >= c.ttl {
				delete(c.m, k)
			}
		}
		if len(c.m) >= maxCachedSessions {
			clear(c.m)
		}
	}
	c.m[string(hash)] = cachedSession{Session: ss, readAt: readAt, subject: sub}
}

// touched records a new last use in the cached copy, so the caller's
// TouchEvery check does not write again on every hit.
func (c *sessionCache) touched(hash []byte, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[string(hash)]; ok {
		e.LastSeenAt = at
		c.m[string(hash)] = e
	}
}

// forgetHash drops one token's session and bars it from the cache.
func (c *sessionCache) forgetHash(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, string(hash))
	c.bar(string(hash))
}

// forgetSubject drops every session of role's subject id and bars them.
func (c *sessionCache) forgetSubject(role api.Role, id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sub := subjectKey{role, id}
	for k, e := range c.m {
		if e.subject == sub {
			delete(c.m, k)
		}
	}
	c.bar(sub)
}

func (c *sessionCache) bar(k any) {
	now := time.Now()
	if len(c.barred) > 10_000 {
		for k, until := range c.barred {
			if now.After(until) {
				delete(c.barred, k)
			}
		}
	}
	c.barred[k] = now.Add(barFor)
}
