//go:build !android && !ios

package client

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// DefaultKeyringTimeout bounds each keyring call.
const DefaultKeyringTimeout = 2 * time.Second

// Keyring is the part of go-keyring that KeyringStore uses, so that tests
// can stage a backend that fails or never answers.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// SystemKeyring is the OS keyring through go-keyring: the Secret Service
// over D-Bus on Linux, the Keychain on macOS, the Credential Manager on
// Windows.
type SystemKeyring struct{}

// Get implements Keyring.
func (SystemKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Set implements Keyring.
func (SystemKeyring) Set(service, user, secret string) error {
	return keyring.Set(service, user, secret)
}

// Delete implements Keyring.
func (SystemKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// KeyringStore keeps the token in the OS keyring under service AppID and
// user KeyringUser. Every call is bounded by Timeout: a frozen Secret
// Service makes go-keyring hang forever, so the call runs in a goroutine
// that is abandoned (and left to finish on its own) when the timer fires.
type KeyringStore struct {
	Backend Keyring
	Service string
	User    string
	Timeout time.Duration
}

// NewKeyringStore returns a KeyringStore over the OS keyring with the
// app's service and user names and DefaultKeyringTimeout.
func NewKeyringStore() *KeyringStore {
	return &KeyringStore{Backend: SystemKeyring{}, Service: AppID, User: KeyringUser, Timeout: DefaultKeyringTimeout}
}

// Get implements TokenStore: ErrNoToken when the keyring has no entry,
// ErrKeyringUnavailable on any other failure or after Timeout.
func (s *KeyringStore) Get(ctx context.Context) (string, error) {
	tok, err := s.bounded(ctx, func() (string, error) { return s.Backend.Get(s.Service, s.User) })
	switch {
	case errors.Is(err, keyring.ErrNotFound) || err == nil && tok == "":
		return "", ErrNoToken
	case err != nil:
		return "", err
	}
	return tok, nil
}

// Set implements TokenStore; it fails with ErrKeyringUnavailable.
func (s *KeyringStore) Set(ctx context.Context, tok string) error {
	_, err := s.bounded(ctx, func() (string, error) { return "", s.Backend.Set(s.Service, s.User, tok) })
	return err
}

// Delete implements TokenStore; it fails with ErrKeyringUnavailable.
func (s *KeyringStore) Delete(ctx context.Context) error {
	_, err := s.bounded(ctx, func() (string, error) { return "", s.Backend.Delete(s.Service, s.User) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// bounded runs f for at most Timeout and within ctx. Errors other than
// keyring.ErrNotFound come back as ErrKeyringUnavailable.
func (s *KeyringStore) bounded(ctx context.Context, f func() (string, error)) (string, error) {
	d := s.Timeout
	if d <= 0 {
		d = DefaultKeyringTimeout
	}
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1) // buffered: an abandoned f never blocks
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil && !errors.Is(r.err, keyring.ErrNotFound) {
			return "", fmt.Errorf("%w: %v", ErrKeyringUnavailable, r.err)
		}
		return r.v, r.err
	case <-timer.C:
		return "", fmt.Errorf("%w: no answer within %v", ErrKeyringUnavailable, d)
	case <-ctx.Done():
		return "", fmt.Errorf("%w: %w", ErrKeyringUnavailable, ctx.Err())
	}
}
