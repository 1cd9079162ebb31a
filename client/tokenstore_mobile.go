//go:build android || ios

package client

// NewTokenStore returns the platform's TokenStore. go-keyring compiles for
// Android and iOS but cannot work there (and never says so), so phones use
// the encrypted FileStore in dir, the app's private storage.
func NewTokenStore(dir string) TokenStore {
	return NewFileStore(dir)
}
