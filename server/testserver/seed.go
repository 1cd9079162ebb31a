package testserver

import (
	"context"
	"crypto/rand"
	"testing"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit/testdb"
)

// Seeded is a store holding the demo data, and the auth service over it:
// what a test server is made of, for tests that need no HTTP.
type Seeded struct {
	Store  *store.Store
	Hasher *auth.Hasher // cheap parameters (auth.TestParams)
	Auth   *auth.Service
	Acc    demo.Accounts
}

// Seed opens the store at url (a fresh SQLite file in tb's temporary
// directory when url is ""), with opt, seeds the demo accounts and
// campaigns, and builds the auth service with the default policy. When tb
// ends it waits for the service's background work, then closes the store.
func Seed(tb testing.TB, url string, opt store.Options) *Seeded {
	tb.Helper()
	if url == "" {
		url = testdb.SQLite(tb)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, url, opt)
	if err != nil {
		tb.Fatalf("testserver: open store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	h, err := auth.NewHasher(auth.TestParams)
	if err != nil {
		tb.Fatal(err)
	}
	acc, err := demo.Seed(ctx, st, h)
	if err != nil {
		tb.Fatalf("testserver: seed: %v", err)
	}
	svc := &auth.Service{Store: st, Hasher: h, Policy: auth.DefaultPolicy, Rand: rand.Reader}
	tb.Cleanup(svc.Wait) // before the store closes (cleanups run last first)
	return &Seeded{Store: st, Hasher: h, Auth: svc, Acc: acc}
}
