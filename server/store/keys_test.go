package store_test

import (
	"bytes"
	"context"
	"testing"
)

func TestServerKeyIsMadeOnceAndShared(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		a, err := db.ServerKey(ctx, "qr")
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 32 || bytes.Equal(a, make([]byte, 32)) {
			t.Fatalf("key %x: want 32 random bytes", a)
		}
		// Another replica (a second Store on the same database) gets the same key.
		b, err := db.reopen(t).ServerKey(ctx, "qr")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("a second store got another key for the same name")
		}
		other, err := db.ServerKey(ctx, "audit")
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a, other) {
			t.Fatal("two names share one key")
		}
	})
}

func TestServerKeyIsReadOnceButNotAFailure(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := db.ServerKey(cancelled, "qr"); err == nil {
			t.Fatal("a cancelled read succeeded")
		}
		a, err := db.ServerKey(ctx, "qr")
		if err != nil {
			t.Fatalf("the read after a failed one: %v", err)
		}
		// The key is kept: it outlives its row (which nothing deletes in use).
		if _, err := db.DB().ExecContext(ctx, `DELETE FROM server_keys`); err != nil {
			t.Fatal(err)
		}
		b, err := db.ServerKey(ctx, "qr")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("the second read made a new key: the first was not kept")
		}
	})
}
