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
