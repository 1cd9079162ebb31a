package client

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestCacheSealedUnderTheTokenKey(t *testing.T) {
	dir := t.TempDir()
	tokens := NewFileStore(dir)
	if err := tokens.Set(t.Context(), "tok-cache-0123"); err != nil {
		t.Fatal(err)
	}
	key, _ := os.ReadFile(filepath.Join(dir, KeyFileName))
	c := NewCache(dir)
	if s, err := c.Load(); err != nil || s.Answers != nil {
		t.Fatalf("empty cache: %+v, %v", s, err)
	}
	at := time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)
	want := Snapshot{
		Answers:   map[string]Entry{"/reimbursements": {Body: json.RawMessage(`{"items":[{"reference":"EST-2026-000777"}]}`), ETag: `"e1"`, At: at}},
		Confirmed: at,
		Seen:      map[int64]api.Status{7: api.StatusDocumentsReceived},
		New:       map[int64]bool{7: true},
		Reminded:  map[int64]string{7: "2026-07-20"},
	}
	if err := c.Save(want); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, KeyFileName)); !bytes.Equal(after, key) {
		t.Fatal("the cache made a key of its own")
	}
	raw, err := os.ReadFile(filepath.Join(dir, CacheFileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("EST-2026")) || bytes.Contains(raw, []byte("documents_received")) {
		t.Fatal("the cache file holds the requests in clear")
	}
	if fi, _ := os.Stat(filepath.Join(dir, CacheFileName)); fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file mode %v", fi.Mode().Perm())
	}
	got, err := NewCache(dir).Load() // the next launch
	if err != nil {
		t.Fatal(err)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if !bytes.Equal(gj, wj) {
		t.Fatalf("loaded %s, want %s", gj, wj)
	}
	// The token file is not a cache, nor the cache a token: each is bound
	// to its purpose.
	if _, err := tokens.open(CacheFileName, tokenAD); err == nil {
		t.Fatal("the cache opens as a token")
	}
	// A damaged cache reads as empty, with the reason.
	raw[len(raw)-1] ^= 1
	os.WriteFile(filepath.Join(dir, CacheFileName), raw, 0o600)
	if s, err := c.Load(); err == nil || s.Answers != nil {
		t.Fatalf("damaged cache: %+v, %v", s, err)
	}
	if err := c.Wipe(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, CacheFileName)); !os.IsNotExist(err) {
		t.Fatal("Wipe left the cache file")
	}
	if tok, err := tokens.Get(t.Context()); err != nil || tok != "tok-cache-0123" {
		t.Fatalf("Wipe touched the token: %q %v", tok, err)
	}
	if err := c.Wipe(); err != nil {
		t.Fatalf("wiping nothing: %v", err)
	}
}

// TestCacheReadsOlderSnapshots: a snapshot sealed by the app before it
// kept the missing documents told reads as it was, without them (the
// watch then fingerprints them untold).
func TestCacheReadsOlderSnapshots(t *testing.T) {
	dir := t.TempDir()
	if err := NewFileStore(dir).Set(t.Context(), "tok-cache-older"); err != nil {
		t.Fatal(err)
	}
	c := NewCache(dir)
	older := `{"confirmed":"2026-07-20T09:00:00Z","seen":{"7":"awaiting_documents"},"new":{"7":true},"reminded":{"7":"2026-07-20"}}`
	if err := c.file.seal(CacheFileName, cacheAD, []byte(older)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Load()
	if err != nil {
		t.Fatal(err)
	}
	if s.Seen[7] != api.StatusAwaitingDocuments || !s.New[7] || s.Reminded[7] != "2026-07-20" || s.Missing != nil {
		t.Fatalf("older snapshot read as %+v", s)
	}
	s.Missing = map[int64]string{7: "", 8: "0123abcd"}
	if err := c.Save(s); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Load(); err != nil || len(got.Missing) != 2 || got.Missing[7] != "" || got.Missing[8] != "0123abcd" {
		t.Fatalf("missing fingerprints read back as %+v, %v", got.Missing, err)
	}
}
