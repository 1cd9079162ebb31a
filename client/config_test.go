package client

import (
	"errors"
	"testing"
)

func TestBaseURLPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		ok             bool
	}{
		{"https", "https://api.fos.ma", "https://api.fos.ma/api/v1", true},
		{"https with port and slash", "https://api.fos.ma:8443/", "https://api.fos.ma:8443/api/v1", true},
		{"trailing /api/v1 tolerated", "https://api.fos.ma/api/v1/", "https://api.fos.ma/api/v1", true},
		{"under a path", "https://fos.ma/mobile", "https://fos.ma/mobile/api/v1", true},
		{"http loopback v4", "http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1", true},
		{"http loopback 127/8", "http://127.9.8.7:1", "http://127.9.8.7:1/api/v1", true},
		{"http loopback v6", "http://[::1]:8080", "http://[::1]:8080/api/v1", true},
		{"http localhost", "http://LocalHost:8080", "http://LocalHost:8080/api/v1", true},
		{"http LAN address", "http://192.168.1.10:8080", "", false},
		{"http public name", "http://api.fos.ma", "", false},
		{"http name that looks local", "http://localhost.evil.com", "", false},
		{"http 0.0.0.0", "http://0.0.0.0:8080", "", false},
		{"http IPv4-mapped public", "http://[::ffff:8.8.8.8]", "", false},
		{"ftp", "ftp://api.fos.ma", "", false},
		{"no scheme", "api.fos.ma", "", false},
		{"empty", "", "", false},
		{"credentials in URL", "https://user:pw@api.fos.ma", "", false},
		{"query", "https://api.fos.ma?x=1", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(Config{BaseURL: tc.in})
			if !tc.ok {
				if !errors.Is(err, ErrInsecureURL) {
					t.Fatalf("New(%q) = %v, want ErrInsecureURL", tc.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%q): %v", tc.in, err)
			}
			if c.base != tc.want {
				t.Fatalf("base = %q, want %q", c.base, tc.want)
			}
		})
	}
}

func TestBaseURLFromEnv(t *testing.T) {
	t.Setenv(EnvBaseURL, "")
	if got, want := BaseURLFromEnv("https://build.example"), "https://build.example"; got != want {
		t.Fatalf("unset: %q, want %q", got, want)
	}
	t.Setenv(EnvBaseURL, " http://127.0.0.1:9000 ")
	if got, want := BaseURLFromEnv("https://build.example"), "http://127.0.0.1:9000"; got != want {
		t.Fatalf("set: %q, want %q", got, want)
	}
}

func TestPinsFromBuild(t *testing.T) {
	old := DefaultPins
	t.Cleanup(func() { DefaultPins = old })
	DefaultPins = " a= , ,b= "
	if got := PinsFromBuild(); len(got) != 2 || got[0] != "a=" || got[1] != "b=" {
		t.Fatalf("PinsFromBuild = %q", got)
	}
	DefaultPins = ""
	if got := PinsFromBuild(); got != nil {
		t.Fatalf("PinsFromBuild = %q, want none", got)
	}
}

func TestBadPinRefused(t *testing.T) {
	if _, err := New(Config{BaseURL: "https://api.fos.ma", PinnedSPKISHA256: []string{"not base64!"}}); err == nil {
		t.Fatal("New accepted a pin that is not a base64 SHA-256")
	}
}

func TestDefaults(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.fos.ma"})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.Timeout != DefaultTimeout || c.cfg.Retries != DefaultRetries || c.retrying.RetryCount != DefaultRetries || c.once.RetryCount != 0 {
		t.Fatalf("timeout %v retries %d/%d/%d", c.cfg.Timeout, c.cfg.Retries, c.retrying.RetryCount, c.once.RetryCount)
	}
	if c.HasSession(t.Context()) {
		t.Fatal("a fresh in-memory store has a session")
	}
}
