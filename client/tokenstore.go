package client

import (
	"context"
	"errors"
	"sync"
)

// AppID is the application's ID, also the keyring's service name.
const AppID = "ma.fos.mobile"

// KeyringUser is the keyring entry's user name.
const KeyringUser = "session"

// TokenStore keeps the session token, and only the token: the password is
// never stored. Implementations bound every call, so a frozen backend
// cannot freeze the app.
type TokenStore interface {
	// Get returns the token, ErrNoToken when there is none, or
	// ErrKeyringUnavailable / ErrTokenCorrupt.
	Get(ctx context.Context) (string, error)
	// Set stores the token, replacing any other.
	Set(ctx context.Context, token string) error
	// Delete forgets the token; deleting nothing is not an error.
	Delete(ctx context.Context) error
}

var (
	// ErrNoToken: no token is stored.
	ErrNoToken = errors.New("client: no token stored")
	// ErrKeyringUnavailable: the OS keyring failed or did not answer in
	// time.
	ErrKeyringUnavailable = errors.New("client: keyring unavailable")
	// ErrTokenCorrupt: the token file exists but cannot be decrypted
	// (tampered with, truncated, or its key is missing).
	ErrTokenCorrupt = errors.New("client: stored token is unreadable")
)

// MemoryStore keeps the token in memory only: a restart asks to log in
// again. It is the Client's store when Config.Tokens is nil.
type MemoryStore struct {
	mu  sync.Mutex
	tok string
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

// Get implements TokenStore.
func (m *MemoryStore) Get(context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tok == "" {
		return "", ErrNoToken
	}
	return m.tok, nil
}

// Set implements TokenStore.
func (m *MemoryStore) Set(_ context.Context, tok string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = tok
	return nil
}

// Delete implements TokenStore.
func (m *MemoryStore) Delete(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tok = ""
	return nil
}
