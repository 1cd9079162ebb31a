package client

import (
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestLogoutWithoutNetworkRevokesOnNextLaunch: a logout that cannot reach
// the server forgets the session at once and keeps a "revoke pending" mark
// (the old token, sealed in the app's storage); the next launch revokes
// that token and then forgets it.
func TestLogoutWithoutNetworkRevokesOnNextLaunch(t *testing.T) {
	dir := t.TempDir()
	// No network: a port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	c, store := newTestClient(t, dead, "old-token", func(cfg *Config) { cfg.Revoke = NewRevokeStore(dir) })
	if err := c.Logout(t.Context()); Code(err) != CodeNetwork {
		t.Fatalf("Logout = %v, want a network error", err)
	}
	if _, err := store.Get(t.Context()); !errors.Is(err, ErrNoToken) || c.HasSession(t.Context()) {
		t.Fatal("the session outlived the logout")
	}
	if tok, err := NewRevokeStore(dir).Get(t.Context()); err != nil || tok != "old-token" {
		t.Fatalf("revoke mark = %q, %v; want the old token", tok, err)
	}

	// The next launch, still offline: the mark stays.
	next, _ := newTestClient(t, dead, "", func(cfg *Config) { cfg.Revoke = NewRevokeStore(dir) })
	if err := next.RevokePending(t.Context()); err == nil {
		t.Fatal("RevokePending succeeded without network")
	}
	if tok, _ := NewRevokeStore(dir).Get(t.Context()); tok != "old-token" {
		t.Fatal("the mark went away without a revocation")
	}

	// Online again: the old token is revoked, once, and the mark goes.
	srv := stage(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	online, _ := newTestClient(t, srv.URL, "", func(cfg *Config) { cfg.Revoke = NewRevokeStore(dir) })
	if err := online.RevokePending(t.Context()); err != nil {
		t.Fatalf("RevokePending: %v", err)
	}
	reqs := srv.requests()
	if len(reqs) != 1 || reqs[0].path != api.BasePath+"/auth/logout" || reqs[0].header.Get("Authorization") != "Bearer old-token" {
		t.Fatalf("requests %+v", reqs)
	}
	if _, err := NewRevokeStore(dir).Get(t.Context()); !errors.Is(err, ErrNoToken) {
		t.Fatalf("mark after the revocation: %v", err)
	}
	if err := online.RevokePending(t.Context()); err != nil || len(srv.requests()) != 1 {
		t.Fatal("a second launch revoked again")
	}
}

// TestRevokePendingOfAnExpiredToken: a token the server no longer knows
// (unauthorized) needs no revocation: the mark goes.
func TestRevokePendingOfAnExpiredToken(t *testing.T) {
	dir := t.TempDir()
	if err := NewRevokeStore(dir).Set(t.Context(), "stale"); err != nil {
		t.Fatal(err)
	}
	srv := stage(t, apiErr(api.CodeUnauthorized))
	c, _ := newTestClient(t, srv.URL, "", func(cfg *Config) { cfg.Revoke = NewRevokeStore(dir) })
	if err := c.RevokePending(t.Context()); err != nil {
		t.Fatalf("RevokePending: %v", err)
	}
	if _, err := NewRevokeStore(dir).Get(t.Context()); !errors.Is(err, ErrNoToken) {
		t.Fatalf("mark after an unauthorized answer: %v", err)
	}
}

// TestLogoutOnlineLeavesNoMark: a logout the server answered leaves
// nothing pending.
func TestLogoutOnlineLeavesNoMark(t *testing.T) {
	dir := t.TempDir()
	srv := stage(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	c, _ := newTestClient(t, srv.URL, "tok", func(cfg *Config) { cfg.Revoke = NewRevokeStore(dir) })
	if err := c.Logout(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := NewRevokeStore(dir).Get(t.Context()); !errors.Is(err, ErrNoToken) {
		t.Fatalf("mark after an online logout: %v", err)
	}
}
