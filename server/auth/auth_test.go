package auth_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testserver"
)

func newHasher(t *testing.T) *auth.Hasher {
	t.Helper()
	h, err := auth.NewHasher(auth.TestParams)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHasher(t *testing.T) {
	h := newHasher(t)
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not an argon2id PHC string with the given params", hash)
	}
	again, _ := h.Hash("correct horse battery")
	if again == hash {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		name     string
		password string
		hash     string
		ok       bool
	}{
		{"right password", "correct horse battery", hash, true},
		{"wrong password", "correct horse battery!", hash, false},
		{"unknown account (empty hash)", "not a password of anyone's", "", false},
		{"empty hash, any password", "correct horse battery", "", false},
		{"malformed hash", "correct horse battery", "$argon2id$garbage", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := h.Verifications()
			if got := h.Verify(tc.password, tc.hash); got != tc.ok {
				t.Fatalf("Verify = %v, want %v", got, tc.ok)
			}
			if got := h.Verifications() - before; got != 1 {
				t.Fatalf("%d verifications counted, want 1", got)
			}
		})
	}
	t.Run("default params are OWASP's", func(t *testing.T) {
		p := auth.DefaultParams
		if p.Memory < 19*1024 || p.Iterations < 2 || p.SaltLength < 16 || p.KeyLength < 32 {
			t.Fatalf("default params %+v are below OWASP's argon2id minimum", p)
		}
	})
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name string
		pw   string
		ok   bool
	}{
		{"empty", "", false},
		{"11 ASCII", strings.Repeat("x", 11), false},
		{"12 ASCII", strings.Repeat("xy", 6), true},
		{"128 ASCII", strings.Repeat("xy", 64), true},
		{"129 ASCII", strings.Repeat("x", 129), false},
		{"11 Arabic letters, 22 bytes", strings.Repeat("ك", 11), false},
		{"12 Arabic letters", strings.Repeat("كت", 6), true},
		{"128 emoji, 512 bytes", strings.Repeat("🌴🌊", 64), true},
		{"129 emoji", strings.Repeat("🌴", 129), false},
		{"invalid UTF-8", strings.Repeat("\xff", 20), false},
		{"common, long enough", "qwertyuiop123", false},
		{"common base with a year and a symbol", "Soleil2026!", false},
		{"common base with spaces and digits", "iloveyou 12345", false},
		{"common, any case", "1QAZ2WSX3EDC", false},
		{"common word inside a sentence", "un soleil sur la plage", true},
		{"uncommon base with a year", "Tafraout-2026!", true},
		{"the service's name with a year", "Estivage-2026!", false},
		{"the foundation's name", "Fondation 2026", false},
		{"one character repeated", strings.Repeat("x", 12), false},
		{"one Arabic letter repeated", strings.Repeat("ك", 12), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := auth.ValidatePassword(tc.pw)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidatePassword = %v, want ok=%v", err, tc.ok)
			}
			if err != nil {
				var ae *api.Error
				if !errors.As(err, &ae) || ae.Code != api.CodeInvalidRequest || ae.Field != "new_password" {
					t.Fatalf("error %#v, want invalid_request on new_password", err)
				}
			}
		})
	}
}

func TestNewToken(t *testing.T) {
	shape := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		tok, hash, err := auth.NewToken(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !shape.MatchString(tok) || seen[tok] {
			t.Fatalf("token %q: malformed or repeated", tok)
		}
		seen[tok] = true
		sum := sha256.Sum256([]byte(tok))
		if !bytes.Equal(hash, sum[:]) || !bytes.Equal(auth.HashToken(tok), hash) {
			t.Fatal("the stored hash is not the token's SHA-256")
		}
	}
	t.Run("256 bits from the reader", func(t *testing.T) {
		src := bytes.Repeat([]byte{0xAB}, 32)
		tok, _, err := auth.NewToken(bytes.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		if got, w := tok, base64.RawURLEncoding.EncodeToString(src); got != w {
			t.Fatalf("token %q, want %q", got, w)
		}
	})
	t.Run("a short reader fails", func(t *testing.T) {
		if _, _, err := auth.NewToken(bytes.NewReader(make([]byte, 31))); err == nil {
			t.Fatal("no error from a 31-byte reader")
		}
	})
}

func TestCodes(t *testing.T) {
	six := regexp.MustCompile(`^[0-9]{6}$`)
	counts := map[byte]int{}
	for i := 0; i < 300; i++ {
		c, err := auth.NewCode(rand.Reader, api.RecoveryCodeDigits)
		if err != nil {
			t.Fatal(err)
		}
		if !six.MatchString(c) {
			t.Fatalf("code %q is not 6 digits", c)
		}
		counts[c[0]]++
	}
	if len(counts) < 8 {
		t.Fatalf("first digits %v: not random", counts)
	}
	t.Run("hash bound to the member", func(t *testing.T) {
		if auth.CodeHash(1, "123456") == auth.CodeHash(2, "123456") {
			t.Fatal("the same code hashes alike for two members")
		}
		if auth.CodeHash(1, "123456") != auth.CodeHash(1, "123456") || auth.CodeHash(1, "123456") == auth.CodeHash(1, "123457") {
			t.Fatal("CodeHash is not a function of the code")
		}
		if strings.Contains(auth.CodeHash(1, "123456"), "123456") {
			t.Fatal("the hash shows the code")
		}
	})
}

// service is an auth.Service on a seeded SQLite store with a fake clock.
func service(t *testing.T) (*auth.Service, demo.Accounts, *time.Time) {
	t.Helper()
	now := time.Date(2026, 7, 20, 9, 0, 0, 0, time.UTC)
	sd := testserver.Seed(t, "", store.Options{Now: func() time.Time { return now }})
	return sd.Auth, sd.Acc, &now
}

func TestServiceLogin(t *testing.T) {
	s, acc, now := service(t)
	ctx := context.Background()
	resp, err := s.Login(ctx, acc.Member.Identifier, acc.Member.Password, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if got, w := resp.ExpiresAt, now.Add(auth.DefaultPolicy.MemberTTL); !got.Equal(w) {
		t.Fatalf("expires_at %v, want %v", got, w)
	}
	p, err := s.Authenticate(ctx, resp.AccessToken)
	if err != nil || p.Role != api.RoleMember {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	if err := s.Logout(ctx, p, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, resp.AccessToken); !errors.Is(err, &api.Error{Code: api.CodeUnauthorized}) {
		t.Fatalf("after logout: %v, want unauthorized", err)
	}
	t.Run("limited login does no hashing", func(t *testing.T) {
		for i := 0; i < auth.DefaultPolicy.LoginLimit; i++ {
			if _, err := s.Login(ctx, "1112223", "wrong wrong wrong", "192.0.2.2"); !errors.Is(err, &api.Error{Code: api.CodeInvalidCredentials}) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		before := s.Hasher.Verifications()
		_, err := s.Login(ctx, "1112223", "wrong wrong wrong", "192.0.2.3")
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Code != api.CodeRateLimited || ae.RetryAfterSeconds != 30 {
			t.Fatalf("sixth attempt: %v, want rate_limited for 30 s", err)
		}
		if s.Hasher.Verifications() != before {
			t.Fatal("a limited login hashed a password")
		}
	})
	t.Run("documented policy", func(t *testing.T) {
		p := auth.DefaultPolicy
		if p.MemberTTL != 30*24*time.Hour || p.MemberIdle != 7*24*time.Hour || p.AgentTTL != 12*time.Hour || p.AgentIdle != 30*time.Minute {
			t.Fatalf("session lifetimes %+v differ from the documented ones", p)
		}
		if p.LoginLimit != 5 || p.LockBase <= 0 || p.LockMax < p.LockBase || p.RecoverLimit != 3 {
			t.Fatalf("limits %+v differ from the documented ones", p)
		}
	})
}
