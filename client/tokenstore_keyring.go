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

// desktopStore prefers the keyring and falls back on the file.
type desktopStore struct {
	keyring TokenStore
	file    TokenStore
}

// Get returns the keyring's token, else the file's: the file holds one
// when the keyring was unavailable at login.
func (s *desktopStore) Get(ctx context.Context) (string, error) {
	tok, err := s.keyring.Get(ctx)
	if err == nil {
		return tok, nil
	}
	if ftok, ferr := s.file.Get(ctx); ferr == nil {
		return ftok, nil
	} else if errors.Is(err, ErrNoToken) {
		return "", ferr
	}
	return "", err
}

// Set stores the token in the keyring and removes any older copy from the
// file; only when the keyring is unavailable does it write the file.
func (s *desktopStore) Set(ctx context.Context, tok string) error {
	if err := s.keyring.Set(ctx, tok); err != nil {
		return s.file.Set(ctx, tok)
	}
	_ = s.file.Delete(ctx)
	return nil
}

// Delete deletes the token from both stores and reports either failure.
func (s *desktopStore) Delete(ctx context.Context) error {
	return errors.Join(s.keyring.Delete(ctx), s.file.Delete(ctx))
}
