package client

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestUnauthorizedForgetsTheToken(t *testing.T) {
	srv := stage(t, apiErr(api.CodeUnauthorized), reply(200, profile))
	c, store := newTestClient(t, srv.URL, "expired-token")
	if !c.HasSession(t.Context()) {
		t.Fatal("HasSession = false with a stored token")
	}
	_, err := c.Me(t.Context())
	if !IsSessionExpired(err) || Code(err) != string(api.CodeUnauthorized) {
		t.Fatalf("err = %v, want unauthorized", err)
	}
	if _, err := store.Get(t.Context()); !errors.Is(err, ErrNoToken) {
		t.Fatalf("store.Get after 401 = %v, want ErrNoToken", err)
	}
	if c.HasSession(t.Context()) {
		t.Fatal("HasSession = true after 401")
	}
	// The next call goes out without the forgotten token.
	_, _ = c.Me(t.Context())
	if got := srv.requests()[1].header.Get("Authorization"); got != "" {
		t.Fatalf("Authorization after 401 = %q, want none", got)
	}
}

func TestInvalidCredentialsKeepsOtherState(t *testing.T) {
	srv := stage(t, apiErr(api.CodeInvalidCredentials))
	c, store := newTestClient(t, srv.URL, "")
	_, err := c.Login(t.Context(), "M1", "wrong")
	if IsSessionExpired(err) || Code(err) != string(api.CodeInvalidCredentials) {
		t.Fatalf("err = %v, want invalid_credentials", err)
	}
	if _, err := store.Get(t.Context()); !errors.Is(err, ErrNoToken) {
		t.Fatalf("a failed login stored something: %v", err)
	}
}

func TestLoginStoresTokenAndSendsIt(t *testing.T) {
	login := api.LoginResponse{AccessToken: "fresh-token", TokenType: "Bearer", Role: api.RoleMember, ExpiresAt: time.Now().Add(time.Hour)}
	srv := stage(t, reply(200, login), reply(200, profile))
	c, store := newTestClient(t, srv.URL, "", func(c *Config) { c.Lang = func() string { return "ar" } })
	if _, err := c.Login(t.Context(), "M1", "secret password"); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if tok, err := store.Get(t.Context()); err != nil || tok != "fresh-token" {
		t.Fatalf("store holds %q, %v; want the token", tok, err)
	}
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatalf("Me: %v", err)
	}
	reqs := srv.requests()
	if got := reqs[0].header.Get("Authorization"); got != "" {
		t.Fatalf("login sent Authorization %q", got)
	}
	if got, want := reqs[1].header.Get("Authorization"), "Bearer fresh-token"; got != want {
		t.Fatalf("Authorization = %q, want %q", got, want)
	}
	if got, want := reqs[1].header.Get("Accept-Language"), "ar"; got != want {
		t.Fatalf("Accept-Language = %q, want %q", got, want)
	}
	if got, want := reqs[0].path, "/api/v1/auth/login"; got != want {
		t.Fatalf("path = %q, want %q", got, want)
	}
}

func TestLoginWithoutTokenIsMalformed(t *testing.T) {
	srv := stage(t, reply(200, api.LoginResponse{Role: api.RoleMember}))
	c, _ := newTestClient(t, srv.URL, "")
	if _, err := c.Login(t.Context(), "M1", "pw"); !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
	if c.HasSession(t.Context()) {
		t.Fatal("a session without a token")
	}
}

func TestLogoutForgetsEvenWhenTheServerFails(t *testing.T) {
	for _, tc := range []struct {
		name    string
		h       http.HandlerFunc
		wantErr bool
	}{
		{"204", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }, false},
		{"server down", raw(503, "text/plain", "down"), true},
		{"already expired", apiErr(api.CodeUnauthorized), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := stage(t, tc.h)
			c, store := newTestClient(t, srv.URL, "tok")
			err := c.Logout(t.Context())
			if (err != nil) != tc.wantErr {
				t.Fatalf("Logout = %v, want error: %v", err, tc.wantErr)
			}
			if _, err := store.Get(t.Context()); !errors.Is(err, ErrNoToken) {
				t.Fatalf("token still stored after logout: %v", err)
			}
			if c.HasSession(t.Context()) {
				t.Fatal("HasSession after logout")
			}
			if got := srv.requests()[0].header.Get("Authorization"); got != "Bearer tok" {
				t.Fatalf("logout sent Authorization %q", got)
			}
		})
	}
}

func TestLogoutWithoutSessionCallsNobody(t *testing.T) {
	srv := stage(t, raw(500, "text/plain", "must not be called"))
	c, _ := newTestClient(t, srv.URL, "")
	if err := c.Logout(t.Context()); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("the server saw %d requests", n)
	}
}

func TestConditionalGets(t *testing.T) {
	full := api.Reimbursement{ID: 5, Status: api.StatusApproved}
	srv := stage(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v2"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v2"`)
		if r.URL.Path == "/api/v1/reimbursements" {
			reply(200, api.ReimbursementList{Items: []api.Reimbursement{full}})(w, r)
			return
		}
		reply(200, full)(w, r)
	})
	c, _ := newTestClient(t, srv.URL, "tok")
	ctx := t.Context()

	r, etag, nm, err := c.Reimbursement(ctx, 5, `"v1"`)
	if err != nil || nm || r.ID != 5 || etag != `"v2"` {
		t.Fatalf("changed: r=%+v etag=%q notModified=%v err=%v", r, etag, nm, err)
	}
	r, etag, nm, err = c.Reimbursement(ctx, 5, etag)
	if err != nil || !nm || r.ID != 0 || etag != `"v2"` {
		t.Fatalf("unchanged: r=%+v etag=%q notModified=%v err=%v", r, etag, nm, err)
	}
	l, etag, nm, err := c.ReimbursementsIfChanged(ctx, "")
	if err != nil || nm || len(l.Items) != 1 || etag != `"v2"` {
		t.Fatalf("list: %+v etag=%q notModified=%v err=%v", l, etag, nm, err)
	}
	if _, _, nm, err = c.ReimbursementsIfChanged(ctx, etag); err != nil || !nm {
		t.Fatalf("list unchanged: notModified=%v err=%v", nm, err)
	}
	if got := srv.requests()[0].header.Get("If-None-Match"); got != `"v1"` {
		t.Fatalf("If-None-Match = %q", got)
	}
	if got := srv.requests()[2].header.Get("If-None-Match"); got != "" {
		t.Fatalf("an unconditional GET sent If-None-Match %q", got)
	}
}

func TestUnexpected304IsMalformed(t *testing.T) {
	srv := stage(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotModified) })
	c, _ := newTestClient(t, srv.URL, "tok")
	if _, err := c.Me(t.Context()); !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed", err)
	}
}

func TestIdempotencyKey(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		k := NewIdempotencyKey()
		if len(k) != 32 || seen[k] {
			t.Fatalf("key %q: want 32 fresh hex characters", k)
		}
		for _, r := range k {
			if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
				t.Fatalf("key %q is not hex", k)
			}
		}
		seen[k] = true
	}
}

// TestForbiddenForgetsTheToken: a 403 on a member's call means the stored
// token is not a member's (an agent's, kept by an older version): it is
// forgotten like an expired one.
func TestForbiddenForgetsTheToken(t *testing.T) {
	srv := stage(t, apiErr(api.CodeForbidden))
	c, store := newTestClient(t, srv.URL, "agent-token")
	if _, err := c.Me(t.Context()); Code(err) != string(api.CodeForbidden) {
		t.Fatalf("err = %v, want forbidden", err)
	}
	if _, err := store.Get(t.Context()); !errors.Is(err, ErrNoToken) || c.HasSession(t.Context()) {
		t.Fatalf("store.Get after 403 = %v, want ErrNoToken", err)
	}
}

// TestLogoutForgetsBeforeCallingTheServer: while the revocation is on its
// way (a slow network), the token is already gone from the store, so a
// member who closes the app then is logged out all the same.
func TestLogoutForgetsBeforeCallingTheServer(t *testing.T) {
	var c *Client
	var store TokenStore
	storedDuringCall := make(chan error, 1)
	srv := stage(t, func(w http.ResponseWriter, r *http.Request) {
		_, err := store.Get(r.Context())
		storedDuringCall <- err
		w.WriteHeader(204)
	})
	c, store = newTestClient(t, srv.URL, "tok")
	if err := c.Logout(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := <-storedDuringCall; !errors.Is(err, ErrNoToken) {
		t.Fatalf("during the server call the store answered %v, want ErrNoToken", err)
	}
}
