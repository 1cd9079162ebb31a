//go:build !android && !ios

package client

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// keyringMocked records that go-keyring's global provider was replaced in
// this test binary, which cannot be undone (see TestRealSecretService).
var keyringMocked bool

// mockKeyring replaces go-keyring's provider with its in-memory mock. Not
// for parallel tests: the provider is a package global.
func mockKeyring(t *testing.T, err error) {
	t.Helper()
	keyringMocked = true
	if err != nil {
		keyring.MockInitWithError(err)
	} else {
		keyring.MockInit()
	}
}

func TestKeyringStoreRoundTrip(t *testing.T) {
	mockKeyring(t, nil)
	s := NewKeyringStore()
	ctx := t.Context()
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("empty keyring: Get = %v, want ErrNoToken", err)
	}
	if err := s.Set(ctx, "tok-1"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	// It is filed under the app ID and user "session".
	if got, err := keyring.Get(AppID, KeyringUser); err != nil || got != "tok-1" {
		t.Fatalf("keyring holds %q, %v", got, err)
	}
	if got, err := s.Get(ctx); err != nil || got != "tok-1" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("after Delete: Get = %v, want ErrNoToken", err)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatalf("deleting nothing: %v", err)
	}
}

func TestKeyringStoreFailure(t *testing.T) {
	mockKeyring(t, errors.New(`exec: "dbus-launch": executable file not found in $PATH`))
	s := NewKeyringStore()
	ctx := t.Context()
	if _, err := s.Get(ctx); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Get = %v, want ErrKeyringUnavailable", err)
	}
	if err := s.Set(ctx, "tok"); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Set = %v, want ErrKeyringUnavailable", err)
	}
	if err := s.Delete(ctx); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Delete = %v, want ErrKeyringUnavailable", err)
	}
}

// frozenKeyring never answers, like a frozen Secret Service, until the
// test ends and releases the abandoned calls.
type frozenKeyring struct{ release chan struct{} }

func newFrozenKeyring(t *testing.T) *frozenKeyring {
	f := &frozenKeyring{release: make(chan struct{})}
	t.Cleanup(func() { close(f.release) })
	return f
}

func (f *frozenKeyring) wait() error {
	<-f.release
	return nil
}
func (f *frozenKeyring) Get(string, string) (string, error) { return "late", f.wait() }
func (f *frozenKeyring) Set(string, string, string) error   { return f.wait() }
func (f *frozenKeyring) Delete(string, string) error        { return f.wait() }

func TestKeyringStoreTimeout(t *testing.T) {
	f := newFrozenKeyring(t)
	const bound = 150 * time.Millisecond
	s := &KeyringStore{Backend: f, Service: AppID, User: KeyringUser, Timeout: bound}
	// A backstop, so that a broken bound fails the test instead of hanging.
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for name, call := range map[string]func() error{
		"Get":    func() error { _, err := s.Get(ctx); return err },
		"Set":    func() error { return s.Set(ctx, "tok") },
		"Delete": func() error { return s.Delete(ctx) },
	} {
		start := time.Now()
		err := call()
		d := time.Since(start)
		if !errors.Is(err, ErrKeyringUnavailable) {
			t.Fatalf("%s = %v, want ErrKeyringUnavailable", name, err)
		}
		if d < bound || d > bound+time.Second {
			t.Fatalf("%s returned after %v, want about %v", name, d, bound)
		}
	}
}

func TestKeyringStoreDefaultBound(t *testing.T) {
	if got, want := NewKeyringStore().Timeout, 2*time.Second; got != want {
		t.Fatalf("default bound %v, want %v", got, want)
	}
}

// keyringNotFound is what go-keyring answers when there is no entry.
var keyringNotFound = keyring.ErrNotFound

func TestKeyringStoreHonoursContext(t *testing.T) {
	s := &KeyringStore{Backend: newFrozenKeyring(t), Service: AppID, User: KeyringUser, Timeout: time.Minute}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := s.Get(ctx); !errors.Is(err, ErrKeyringUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Get = %v, want ErrKeyringUnavailable from the deadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Get took %v", d)
	}
}
