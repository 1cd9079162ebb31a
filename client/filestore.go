package client

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// The fallback store's two files, side by side in the app's private
// storage directory, and the file of a token whose revocation is pending
// (RevokeFileName, see NewRevokeStore), sealed under the same key.
const (
	TokenFileName  = "session.token"
	KeyFileName    = "session.key"
	RevokeFileName = "revoke.token"
)

// tokenAD binds a sealed token to its purpose and format version.
var tokenAD = []byte(AppID + " session token v1")

// FileStore keeps the token encrypted with AES-256-GCM in Dir/session.token,
// under a random 32-byte key in Dir/session.key. Both files are 0600.
//
// What it protects against: casual reading of the token file, and a copy
// or backup of the token file alone (without the key file it is noise).
// What it does not protect against: anyone who can read the app's private
// storage (both files), such as root, a rooted or jailbroken phone, or a
// full backup of that storage. Where the OS keyring works, the desktop
// store prefers it.
type FileStore struct {
	// Dir is the app's private storage directory (fyne's storage root).
	Dir string
	// Rand is the source of keys and nonces (crypto/rand when nil).
	Rand io.Reader
	// Name is the sealed file's name: TokenFileName when "", the pending
	// revocation's (NewRevokeStore) or the cache's (NewCache).
	Name string

	mu sync.Mutex // one reader or writer of the files at a time
}

// NewFileStore returns a FileStore in dir.
func NewFileStore(dir string) *FileStore { return &FileStore{Dir: dir} }

// NewRevokeStore returns the store of a token whose revocation is pending:
// a logout that could not reach the server leaves the old token there, and
// the next launch revokes it (Client.RevokePending). It is a FileStore on
// every platform, in dir/revoke.token: the token in it is no session any
// more for this app, only a debt to the server.
func NewRevokeStore(dir string) *FileStore { return &FileStore{Dir: dir, Name: RevokeFileName} }

// tokenName is the token file's name.
func (s *FileStore) tokenName() string {
	if s.Name != "" {
		return s.Name
	}
	return TokenFileName
}

// Get implements TokenStore: ErrNoToken when there is no token file,
// ErrTokenCorrupt when it cannot be decrypted, never a garbled token.
func (s *FileStore) Get(context.Context) (string, error) {
	tok, err := s.open(s.tokenName(), tokenAD)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", ErrNoToken
	case err != nil:
		return "", err
	case len(tok) == 0:
		return "", fmt.Errorf("%w: the token file is empty", ErrTokenCorrupt)
	}
	return string(tok), nil
}

// open reads Dir/name, sealed by seal with the same ad: fs.ErrNotExist
// when there is no such file, ErrTokenCorrupt when it does not decrypt.
func (s *FileStore) open(name string, ad []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sealed, err := os.ReadFile(filepath.Join(s.Dir, name))
	if err != nil {
		return nil, err
	}
	key, err := os.ReadFile(filepath.Join(s.Dir, KeyFileName))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%w: the key file is missing or damaged", ErrTokenCorrupt)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	if len(sealed) < n+aead.Overhead() {
		return nil, fmt.Errorf("%w: %s is truncated", ErrTokenCorrupt, name)
	}
	b, err := aead.Open(nil, sealed[:n], sealed[n:], ad)
	if err != nil {
		return nil, fmt.Errorf("%w: %s does not authenticate", ErrTokenCorrupt, name)
	}
	return b, nil
}

// Set implements TokenStore. The key file is created on first use.
func (s *FileStore) Set(_ context.Context, tok string) error {
	if tok == "" {
		return errors.New("client: refusing to store an empty token")
	}
	return s.seal(s.tokenName(), tokenAD, []byte(tok))
}

// seal replaces Dir/name with b encrypted with AES-256-GCM under the key
// file (created on first use), a fresh nonce, and ad as additional data,
// which binds the file to its purpose.
func (s *FileStore) seal(name string, ad, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return err
	}
	key, err := s.key()
	if err != nil {
		return err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(s.rand(), nonce); err != nil {
		return err
	}
	return writeFile(filepath.Join(s.Dir, name), aead.Seal(nonce, nonce, b, ad))
}

// Delete implements TokenStore: it deletes the sealed file, and deleting
// nothing is not an error. The key file stays, for the next token.
func (s *FileStore) Delete(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := os.Remove(filepath.Join(s.Dir, s.tokenName()))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// key reads the key file, creating it when it does not exist. A damaged
// key file is replaced: the token it sealed is lost either way.
func (s *FileStore) key() ([]byte, error) {
	path := filepath.Join(s.Dir, KeyFileName)
	if key, err := os.ReadFile(path); err == nil && len(key) == 32 {
		return key, nil
	}
	key := make([]byte, 32)
	if _, err := io.ReadFull(s.rand(), key); err != nil {
		return nil, err
	}
	return key, writeFile(path, key)
}

func (s *FileStore) rand() io.Reader {
	if s.Rand != nil {
		return s.Rand
	}
	return rand.Reader
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// writeFile replaces path atomically with a 0600 file holding b.
func writeFile(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op after the rename
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
