package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/screens"
)

// slowStore is a Backend whose token store answers only once released, as
// a frozen keyring does.
type slowStore struct {
	offline
	release chan struct{}
}

func (s slowStore) HasSession(context.Context) bool { <-s.release; return false }

// TestSlowTokenStore: while the token store has not answered, Start has
// returned with no screen and no refresher; once it answers, the first
// screen comes through the UI goroutine, with the sealed cache loaded
// before it, and the refresher starts with it.
func TestSlowTokenStore(t *testing.T) {
	dir := t.TempDir()
	cache := client.NewCache(dir)
	if err := cache.Save(client.Snapshot{New: map[int64]bool{7: true}, Seen: map[int64]api.Status{7: api.StatusApproved}}); err != nil {
		t.Fatal(err)
	}
	q := &screens.UIQueue{}
	b := slowStore{release: make(chan struct{})}
	a := New(Config{App: test.NewTempApp(t), API: b, Locale: "fr_MA", Do: q.Do, Cache: cache})
	t.Cleanup(a.Close)
	a.Start()
	started := func() bool { a.refresh.mu.Lock(); defer a.refresh.mu.Unlock(); return a.refresh.stop != nil }
	q.Drain()
	if a.Current() != nil || started() {
		t.Fatalf("before the token store answered: screen %v, refresher started %v", a.Current(), started())
	}
	close(b.release)
	q.Settle(a.env.Tasks)
	if a.Current() == nil || !started() {
		t.Fatalf("after the answer: screen %v, refresher started %v", a.Current(), started())
	}
	t.Cleanup(func() { a.Current().Stop() })
	button(t, a.Window(), "Se connecter")
	if !a.watch.IsNew(7) {
		t.Fatal("the sealed cache was not loaded")
	}
}
