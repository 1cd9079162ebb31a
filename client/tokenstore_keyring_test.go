//go:build !android && !ios

package client

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fakeKeyring is an in-memory Keyring that can be switched off.
type fakeKeyring struct {
	secret string
	down   error
}

func (f *fakeKeyring) Get(string, string) (string, error) {
	if f.down != nil {
		return "", f.down
	}
	if f.secret == "" {
		return "", keyringNotFound
	}
	return f.secret, nil
}
func (f *fakeKeyring) Set(_, _, s string) error {
	if f.down != nil {
		return f.down
	}
	f.secret = s
	return nil
}
func (f *fakeKeyring) Delete(string, string) error {
	if f.down != nil {
		return f.down
	}
	if f.secret == "" {
		return keyringNotFound
	}
	f.secret = ""
	return nil
}

func newDesktop(t *testing.T) (*desktopStore, *fakeKeyring, *FileStore) {
	kr := &fakeKeyring{}
	file := NewFileStore(t.TempDir())
	ks := &KeyringStore{Backend: kr, Service: AppID, User: KeyringUser, Timeout: time.Second}
	return &desktopStore{keyring: ks, file: file}, kr, file
}

func TestDesktopStorePrefersKeyring(t *testing.T) {
	s, kr, file := newDesktop(t)
	ctx := t.Context()
	must(t, s.Set(ctx, "tok"))
	if kr.secret != "tok" {
		t.Fatalf("keyring holds %q", kr.secret)
	}
	if _, err := file.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("the file got a copy although the keyring works: %v", err)
	}
	if got, err := s.Get(ctx); err != nil || got != "tok" {
		t.Fatalf("Get = %q, %v", got, err)
	}
}

func TestDesktopStoreFallsBackToFile(t *testing.T) {
	s, kr, file := newDesktop(t)
	ctx := t.Context()
	kr.down = errors.New("org.freedesktop.DBus.Error.ServiceUnknown")
	must(t, s.Set(ctx, "tok-file"))
	if got, err := file.Get(ctx); err != nil || got != "tok-file" {
		t.Fatalf("file holds %q, %v", got, err)
	}
	if got, err := s.Get(ctx); err != nil || got != "tok-file" {
		t.Fatalf("keyring down: Get = %q, %v", got, err)
	}
	// Back up, the keyring is empty: the file's token still counts.
	kr.down = nil
	if got, err := s.Get(ctx); err != nil || got != "tok-file" {
		t.Fatalf("keyring empty: Get = %q, %v", got, err)
	}
	// Deleting deletes from both.
	kr.secret = "stale"
	must(t, s.Delete(ctx))
	if kr.secret != "" {
		t.Fatal("Delete left the keyring's token")
	}
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("after Delete: %v, want ErrNoToken", err)
	}
	if _, err := os.Stat(filepath.Join(file.Dir, TokenFileName)); !os.IsNotExist(err) {
		t.Fatalf("Delete left the token file: %v", err)
	}
}

func TestDesktopStoreFrozenKeyring(t *testing.T) {
	f := newFrozenKeyring(t)
	file := NewFileStore(t.TempDir())
	s := &desktopStore{keyring: &KeyringStore{Backend: f, Service: AppID, User: KeyringUser, Timeout: 100 * time.Millisecond}, file: file}
	ctx := t.Context()
	must(t, s.Set(ctx, "tok")) // keyring times out, the file takes it
	start := time.Now()
	if got, err := s.Get(ctx); err != nil || got != "tok" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Get took %v", d)
	}
	if err := s.Delete(ctx); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Delete = %v, want the keyring's failure reported", err)
	}
	if got, err := file.Get(ctx); err != nil || got == "tok" {
		t.Fatalf("the file kept its token: %q, %v", got, err)
	}
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("after a logout with a frozen keyring: %v, want ErrNoToken", err)
	}
}

// TestDesktopStoreNeverResurrectsAnOlderToken: member A's token is in the
// keyring; the keyring goes down, A logs out (the keyring cannot delete),
// B logs in (the file takes B's token); the keyring comes back with A's
// token still in it. Get must give B's, and after B logs out, nothing.
func TestDesktopStoreNeverResurrectsAnOlderToken(t *testing.T) {
	s, kr, _ := newDesktop(t)
	ctx := t.Context()
	must(t, s.Set(ctx, "token-of-A"))
	kr.down = errors.New("org.freedesktop.DBus.Error.NoReply")
	if err := s.Delete(ctx); err == nil {
		t.Fatal("Delete with the keyring down reported no failure")
	}
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("after A's logout: %v, want ErrNoToken", err)
	}
	must(t, s.Set(ctx, "token-of-B"))
	kr.down = nil
	if kr.secret != "token-of-A" {
		t.Fatalf("setup: keyring holds %q", kr.secret)
	}
	if got, err := s.Get(ctx); err != nil || got != "token-of-B" {
		t.Fatalf("keyring back: Get = %q, %v; want B's token", got, err)
	}
	must(t, s.Delete(ctx))
	if got, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("after B's logout: %q, %v; want ErrNoToken", got, err)
	}
	if kr.secret != "" {
		t.Fatalf("the keyring still holds %q", kr.secret)
	}
}

func TestClientOverDesktopStore(t *testing.T) {
	// The whole path: a client whose keyring is down keeps the session in
	// the file, and a new client (the next launch) finds it.
	s, kr, _ := newDesktop(t)
	kr.down = errors.New("locked collection")
	c, _ := newTestClient(t, "http://127.0.0.1:1", "", func(c *Config) { c.Tokens = s })
	c.keepToken(t.Context(), "tok-launch-1")
	next, _ := newTestClient(t, "http://127.0.0.1:1", "", func(c *Config) { c.Tokens = s })
	if !next.HasSession(t.Context()) {
		t.Fatal("the next launch has no session")
	}
}

func TestNewTokenStoreOnDesktop(t *testing.T) {
	ds, ok := NewTokenStore(t.TempDir()).(*desktopStore)
	if !ok {
		t.Fatalf("NewTokenStore = %T, want the desktop store", ds)
	}
	if ks, ok := ds.keyring.(*KeyringStore); !ok || ks.Service != "ma.fos.mobile" || ks.User != "session" || ks.Timeout != 2*time.Second {
		t.Fatalf("keyring store = %+v", ds.keyring)
	}
}
