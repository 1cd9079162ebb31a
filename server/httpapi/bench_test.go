package httpapi_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/httpapi"
)

// BenchmarkListReimbursements is the handler's own cost of an authenticated
// GET /reimbursements (session lookup, list, encoding, ETag) on SQLite, with
// no network: the server-side share of make bench-server's list figure.
// The member has one request of each kind; logging is at warn, as served.
func BenchmarkListReimbursements(b *testing.B) {
	be := newBackend(b, envOptions{})
	srv := &httpapi.Server{
		Store: be.Store,
		Auth:  &auth.Service{Store: be.Store, Hasher: be.Hasher, Policy: auth.DefaultPolicy, Rand: rand.Reader},
		Log:   slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	h := srv.Handler()
	token := benchLogin(b, h, be.Acc.Member.Identifier, be.Acc.Member.Password)
	prof, err := be.Store.MemberByIdentifier(context.Background(), be.Acc.Member.Identifier)
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range api.Kinds {
		body, _ := json.Marshal(api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: prof.ConfirmedProfile})
		r := httptest.NewRequest(http.MethodPost, api.BasePath+"/reimbursements", strings.NewReader(string(body)))
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set(api.IdempotencyKeyHeader, fmt.Sprintf("bench-key-%s", kind))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusCreated {
			b.Fatalf("create %s: %d %s", kind, w.Code, w.Body)
		}
	}
	b.ReportAllocs()
	b.SetParallelism(8) // 16 goroutines on 2 CPUs, as make bench-server's 16 workers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			// A cancellable context, as net/http gives every request: the
			// database drivers watch it.
			ctx, cancel := context.WithCancel(context.Background())
			r := httptest.NewRequestWithContext(ctx, http.MethodGet, api.BasePath+"/reimbursements", nil)
			r.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			cancel()
			if w.Code != http.StatusOK {
				b.Fatalf("list: %d %s", w.Code, w.Body)
			}
		}
	})
}

func benchLogin(b *testing.B, h http.Handler, identifier, password string) string {
	body, _ := json.Marshal(api.LoginRequest{Identifier: identifier, Password: password})
	r := httptest.NewRequest(http.MethodPost, api.BasePath+"/auth/login", strings.NewReader(string(body)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var out api.LoginResponse
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &out) != nil {
		b.Fatalf("login: %d %s", w.Code, w.Body)
	}
	return out.AccessToken
}
