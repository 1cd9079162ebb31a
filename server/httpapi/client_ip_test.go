package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// loginVia sends a wrong login with the given X-Forwarded-For lines and
// returns the answer's code ("" for a 200).
func (e *env) loginVia(identifier string, xff ...string) api.Code {
	e.t.Helper()
	body, _ := json.Marshal(api.LoginRequest{Identifier: identifier, Password: "a wrong password"})
	ctx := context.WithValue(context.Background(), exchangeKey{}, exchange{})
	r, err := http.NewRequestWithContext(ctx, "POST", e.URL+api.BasePath+"/auth/login", bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	hr, err := e.client.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer hr.Body.Close()
	b, _ := io.ReadAll(hr.Body)
	if hr.StatusCode == 200 {
		return ""
	}
	return (resp{Status: hr.StatusCode, Body: b}).Err(e.t).Code
}

// TestClientAddressBehindProxy: behind a trusted proxy, the address the
// proxy appended last counts, over every X-Forwarded-For line, whatever the
// client wrote before it; an IPv6 client counts as its /64.
func TestClientAddressBehindProxy(t *testing.T) {
	t.Run("spoofed first line", func(t *testing.T) {
		e := newEnvWith(t, envOptions{trustProxy: true})
		for i := 1; i <= 5; i++ {
			if c := e.loginVia(fmt.Sprintf("77700%02d", i), fmt.Sprintf("10.9.9.%d", i), "203.0.113.9"); c != api.CodeInvalidCredentials {
				t.Fatalf("failure %d: %s", i, c)
			}
		}
		if c := e.loginVia("7770099", "10.9.9.99", "203.0.113.9"); c != api.CodeRateLimited {
			t.Fatalf("sixth failure from the proxy's client: %s, want rate_limited", c)
		}
		if c := e.loginVia("7770098", "203.0.113.10"); c != api.CodeInvalidCredentials {
			t.Fatalf("another client: %s, want invalid_credentials", c)
		}
	})
	t.Run("IPv6 /64", func(t *testing.T) {
		e := newEnvWith(t, envOptions{trustProxy: true})
		for i := 1; i <= 5; i++ {
			if c := e.loginVia(fmt.Sprintf("66600%02d", i), fmt.Sprintf("2001:db8:1:2::%x", i)); c != api.CodeInvalidCredentials {
				t.Fatalf("failure %d: %s", i, c)
			}
		}
		if c := e.loginVia("6660099", "2001:db8:1:2:ffff::1"); c != api.CodeRateLimited {
			t.Fatalf("same /64: %s, want rate_limited", c)
		}
		if c := e.loginVia("6660098", "2001:db8:1:3::1"); c != api.CodeInvalidCredentials {
			t.Fatalf("another /64: %s, want invalid_credentials", c)
		}
	})
}
