//go:build !android && !ios

package client

import (
	"context"
	"errors"
)

// NewTokenStore returns the platform's TokenStore. On desktops it is the
// OS keyring, with the encrypted FileStore in dir (the app's private
// storage) as a fallback for when the keyring is unavailable.
func NewTokenStore(dir string) TokenStore {
	return &desktopStore{keyring: NewKeyringStore(), file: NewFileStore(dir)}
}

// desktopStore keeps the token in the keyring and falls back on the file.
// The file only ever holds what is newer than the keyring's copy: a token
// stored while the keyring was unavailable, or a "logged out" mark written
// when the keyring could not delete its copy. So Get reads the file first,
// and a keyring that comes back cannot hand out an older session (another
// member's, on a shared computer).
type desktopStore struct {
	keyring TokenStore
	file    TokenStore
}

// loggedOut marks, in the file, a logout whose keyring delete failed.
const loggedOut = "\x00logged-out"

// Get returns the file's token, else the keyring's.
func (s *desktopStore) Get(ctx context.Context) (string, error) {
	ftok, ferr := s.file.Get(ctx)
	switch {
	case ferr == nil && ftok == loggedOut:
		return "", ErrNoToken
	case ferr == nil:
		return ftok, nil
	}
	tok, err := s.keyring.Get(ctx)
	if err == nil {
		return tok, nil
	}
	if errors.Is(err, ErrNoToken) && !errors.Is(ferr, ErrNoToken) {
		return "", ferr // an unreadable file says more than an empty keyring
	}
	return "", err
}

// Set stores the token in the keyring and removes the file's copy; when
// the keyring is unavailable, the file takes the token, and the keyring's
// older copy is deleted if it can be.
func (s *desktopStore) Set(ctx context.Context, tok string) error {
	if err := s.keyring.Set(ctx, tok); err != nil {
		if ferr := s.file.Set(ctx, tok); ferr != nil {
			return ferr
		}
		_ = s.keyring.Delete(ctx)
		return nil
	}
	return s.file.Delete(ctx)
}

// Delete deletes the token from both stores. When the keyring cannot
// delete its copy, the file keeps a "logged out" mark that Get honours; the
// keyring's failure is still reported.
func (s *desktopStore) Delete(ctx context.Context) error {
	kerr := s.keyring.Delete(ctx)
	if kerr != nil && !errors.Is(kerr, ErrNoToken) {
		return errors.Join(kerr, s.file.Set(ctx, loggedOut))
	}
	return s.file.Delete(ctx)
}
