package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// TestSessionCacheBoundAcrossStores proves the session cache's promise with
// two Stores on one database, as two replicas (or a server and the CLI)
// would be: a session revoked through one Store stops at once there, and
// within the cache TTL of the moment the other Store read it, there. Each
// way of revoking is tried: logout, a password set, a recovery, an agent
// replaced.
func TestSessionCacheBoundAcrossStores(t *testing.T) {
	const ttl = 600 * time.Millisecond
	// slack absorbs the scheduling of a loaded 2-core machine between the
	// entry's expiry and the poll that sees it.
	const slack = 400 * time.Millisecond
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		opt := db.options()
		opt.SessionCacheTTL = ttl
		a, b := openStore(t, db.url, opt), openStore(t, db.url, opt)
		ids := addMembers(t, db, newMember("TTL1", "ttl1@x.ma", "Alami", "Sara"), newMember("TTL2", "ttl2@x.ma", "Bennani", "Ali"),
			newMember("TTL3", "ttl3@x.ma", "Chami", "Nora"))
		if _, err := db.UpsertAgent(ctx, "agent@fos.ma", "Agent", "hash"); err != nil {
			t.Fatal(err)
		}
		agent, err := db.AgentByEmail(ctx, "agent@fos.ma")
		if err != nil {
			t.Fatal(err)
		}
		if err := a.CreateRecoveryCode(ctx, ids[2], "code-hash", time.Hour, store.Mail{To: "ttl3@x.ma", Subject: "s", Body: "b"}); err != nil {
			t.Fatal(err)
		}
		expires := db.clock.Now().Add(time.Hour)
		for _, tc := range []struct {
			name    string
			role    api.Role
			subject int64
			revoke  func(hash []byte) error
		}{
			{"logout", api.RoleMember, ids[0], func(h []byte) error { return a.RevokeSession(ctx, h) }},
			{"password set", api.RoleMember, ids[1], func([]byte) error { return a.SetMemberPassword(ctx, ids[1], "new-hash") }},
			{"recovery", api.RoleMember, ids[2], func([]byte) error { return a.UseRecoveryCode(ctx, ids[2], "code-hash", "new-hash", 5) }},
			{"agent replaced", api.RoleAgent, agent.ID, func([]byte) error {
				_, err := a.UpsertAgent(ctx, "agent@fos.ma", "Agent", "other-hash")
				return err
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				hash := []byte("token-" + tc.name)
				if err := a.CreateSession(ctx, hash, tc.role, tc.subject, expires); err != nil {
					t.Fatal(err)
				}
				// Both Stores read (and cache) the live session.
				if _, err := a.SessionByHash(ctx, hash); err != nil {
					t.Fatal(err)
				}
				readAt := time.Now()
				if _, err := b.SessionByHash(ctx, hash); err != nil {
					t.Fatal(err)
				}
				if err := tc.revoke(hash); err != nil {
					t.Fatal(err)
				}
				if _, err := a.SessionByHash(ctx, hash); !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("the revoking Store still answers %v, want ErrNotFound at once", err)
				}
				cached := false
				for {
					_, err := b.SessionByHash(ctx, hash)
					elapsed := time.Since(readAt)
					if errors.Is(err, store.ErrNotFound) {
						t.Logf("the other Store refused the token %v after reading it (cache answered after the revocation: %v)",
							elapsed.Round(time.Millisecond), cached)
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					if elapsed > ttl+slack {
						t.Fatalf("the other Store still answers the revoked session %v after reading it; the bound is %v", elapsed, ttl)
					}
					cached = true
					time.Sleep(5 * time.Millisecond)
				}
			})
		}
		// With the cache off, the other Store sees a revocation at once.
		opt.SessionCacheTTL = -1
		c := openStore(t, db.url, opt)
		hash := []byte("token-no-cache")
		if err := a.CreateSession(ctx, hash, api.RoleMember, ids[0], expires); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SessionByHash(ctx, hash); err != nil {
			t.Fatal(err)
		}
		if err := a.RevokeSession(ctx, hash); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SessionByHash(ctx, hash); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("without a cache: %v, want ErrNotFound at once", err)
		}
	})
}

// TestSessionCacheServesRepeatedReads shows the cache at work: a session
// read twice within the TTL costs one query, so a row changed behind the
// Store's back shows only after the TTL.
func TestSessionCacheServesRepeatedReads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		opt := db.options()
		opt.SessionCacheTTL = time.Hour
		s := openStore(t, db.url, opt)
		hash := []byte("token")
		if err := s.CreateSession(ctx, hash, api.RoleMember, 7, db.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		first, err := s.SessionByHash(ctx, hash)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB().ExecContext(ctx, `UPDATE sessions SET subject_id = 8`); err != nil {
			t.Fatal(err)
		}
		again, err := s.SessionByHash(ctx, hash)
		if err != nil || again != first {
			t.Fatalf("second read = %+v, %v; want the cached %+v", again, err, first)
		}
		// A touch updates the cached copy, so the idle check sees it.
		db.clock.Add(5 * time.Minute)
		if err := s.TouchSession(ctx, hash); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.SessionByHash(ctx, hash); !got.LastSeenAt.Equal(db.clock.Now()) {
			t.Fatalf("cached last use %v after a touch at %v", got.LastSeenAt, db.clock.Now())
		}
	})
}

func openStore(t *testing.T, url string, opt store.Options) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
