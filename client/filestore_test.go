package client

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFileStoreRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "storage") // created on first Set
	s := NewFileStore(dir)
	ctx := t.Context()
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("empty: Get = %v, want ErrNoToken", err)
	}
	const tok = "tok-file-0123456789"
	if err := s.Set(ctx, tok); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if got, err := s.Get(ctx); err != nil || got != tok {
		t.Fatalf("Get = %q, %v", got, err)
	}
	// A second store over the same directory (the next launch) reads it.
	if got, err := NewFileStore(dir).Get(ctx); err != nil || got != tok {
		t.Fatalf("next launch: Get = %q, %v", got, err)
	}
	sealed, err := os.ReadFile(filepath.Join(dir, TokenFileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(tok)) || bytes.Contains(sealed, []byte("0123456789")) {
		t.Fatal("the token file holds the token in clear")
	}
	if err := s.Set(ctx, "tok-2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx); got != "tok-2" {
		t.Fatalf("after a second Set: %q", got)
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

func TestFileStorePermissions(t *testing.T) {
	dir := t.TempDir()
	if err := NewFileStore(dir).Set(t.Context(), "tok"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{TokenFileName, KeyFileName} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
			t.Fatalf("%s: mode %v, want %v", name, got, want)
		}
	}
	if fi, _ := os.Stat(filepath.Join(dir, KeyFileName)); fi.Size() != 32 {
		t.Fatalf("key file has %d bytes, want 32", fi.Size())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("%d files in the directory, want 2 (no temporary file left)", len(entries))
	}
}

func TestFileStoreTampered(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"flipped byte", func(t *testing.T, dir string) {
			p := filepath.Join(dir, TokenFileName)
			b, _ := os.ReadFile(p)
			b[len(b)-1] ^= 1
			must(t, os.WriteFile(p, b, 0o600))
		}},
		{"truncated", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, TokenFileName), []byte("short"), 0o600))
		}},
		{"empty token file", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, TokenFileName), nil, 0o600))
		}},
		{"key file missing", func(t *testing.T, dir string) {
			must(t, os.Remove(filepath.Join(dir, KeyFileName)))
		}},
		{"other key", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(dir, KeyFileName), bytes.Repeat([]byte{7}, 32), 0o600))
		}},
		{"token file from another install", func(t *testing.T, dir string) {
			other := t.TempDir()
			must(t, NewFileStore(other).Set(t.Context(), "someone else's"))
			b, _ := os.ReadFile(filepath.Join(other, TokenFileName))
			must(t, os.WriteFile(filepath.Join(dir, TokenFileName), b, 0o600))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := NewFileStore(dir)
			must(t, s.Set(t.Context(), "tok-original"))
			tc.damage(t, dir)
			got, err := s.Get(t.Context())
			if !errors.Is(err, ErrTokenCorrupt) || got != "" {
				t.Fatalf("Get = %q, %v; want ErrTokenCorrupt and no token", got, err)
			}
			// A new login repairs the store.
			must(t, s.Set(t.Context(), "tok-new"))
			if got, err := s.Get(t.Context()); err != nil || got != "tok-new" {
				t.Fatalf("after a new Set: %q, %v", got, err)
			}
		})
	}
}

func TestFileStoreRefusesEmptyToken(t *testing.T) {
	if err := NewFileStore(t.TempDir()).Set(t.Context(), ""); err == nil {
		t.Fatal("an empty token was stored")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
