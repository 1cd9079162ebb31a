package console

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testserver"
	"github.com/fos-mobile/fos/server/web"
)

// TestSupervisorOnly checks c.supervisor, the wrapper of the supervisor's
// pages: a supervisor passes, an agent gets 403, nobody goes to login.
func TestSupervisorOnly(t *testing.T) {
	ctx := context.Background()
	sd := testserver.Seed(t, "", store.Options{})
	svc, acc := sd.Auth, sd.Acc
	c := &Console{Store: sd.Store, Auth: svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /supervised", c.supervisor(func(w http.ResponseWriter, r *http.Request, s *Session) {
		w.Write([]byte("supervisor page"))
	}))
	srv := httptest.NewServer(web.Secure(c.Log, mux))
	defer srv.Close()
	for _, tc := range []struct {
		name   string
		creds  demo.Credentials
		status int
	}{
		{"supervisor", acc.Supervisor, http.StatusOK},
		{"agent", acc.Agent, http.StatusForbidden},
		{"nobody", demo.Credentials{}, http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+"/supervised", nil)
			if tc.creds.Email != "" {
				resp, err := svc.Login(ctx, tc.creds.Email, tc.creds.Password, "192.0.2.1")
				if err != nil {
					t.Fatal(err)
				}
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: resp.AccessToken})
			}
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
		})
	}
}

// TestSessionTimeouts: the console's session ends after the API's agent
// idle time (30 min) and absolute lifetime (12 h).
func TestSessionTimeouts(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewFakeClock(time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC))
	sd := testserver.Seed(t, "", store.Options{Now: clock.Now})
	svc, acc := sd.Auth, sd.Acc
	c := &Console{Store: sd.Store, Auth: svc, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(c.Handler(nil))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status := func(token string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/guichet", nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	login := func() string {
		resp, err := svc.Login(ctx, acc.Agent.Email, acc.Agent.Password, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		return resp.AccessToken
	}
	idle := login()
	clock.Add(29 * time.Minute)
	if status(idle) != http.StatusOK {
		t.Fatal("ended before 30 minutes idle")
	}
	clock.Add(31 * time.Minute)
	if status(idle) != http.StatusSeeOther {
		t.Fatal("alive after 31 minutes idle")
	}
	busy := login()
	for i := 0; i < 12*3; i++ {
		if i < 12*3-1 && status(busy) != http.StatusOK {
			t.Fatalf("ended after %d×20 min of use", i)
		}
		clock.Add(20 * time.Minute)
	}
	if status(busy) != http.StatusSeeOther {
		t.Fatal("alive after 12 hours")
	}
}
