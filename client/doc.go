// Package client is the FOS member app's side of the contract in api/: an
// HTTP client over go-resty with per-attempt timeouts, retries only where
// repeating a call is safe, optional certificate pinning and errors that
// the screens can translate (see Code), plus the TokenStore that keeps the
// session token in the OS keyring or, where there is none, in an encrypted
// file in the app's private storage.
//
// The password is never stored, and neither the password nor the token is
// ever logged.
package client
