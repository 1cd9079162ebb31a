package store

import (
	"context"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// While a touch waits for its write, the session as read already shows
// the new last use, so other requests with the same token do not queue a
// write of their own.
func TestTouchShowsBeforeItsWriteCommits(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	start := s.now()
	hash := []byte("token")
	if err := s.CreateSession(ctx, hash, api.RoleMember, 1, start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, hash); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond) // the touch falls in a later millisecond
	release, err := s.acquireWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.TouchSession(ctx, hash) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ss, err := s.SessionByHash(ctx, hash)
		if err != nil {
			t.Fatal(err)
		}
		if ss.LastSeenAt.After(fromMS(ms(start))) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the cached session never showed the pending touch")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("the touch finished (%v) while the writer was held", err)
	default:
	}
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
