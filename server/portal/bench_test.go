package portal_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// BenchmarkRequestPage is the tracked-request page against the API's JSON
// of the same request, through the real handlers in process (no network,
// no client): the server's own cost of each. make bench-server measures
// them over loopback at 100,000 members.
func BenchmarkRequestPage(b *testing.B) {
	e := newEnv(b)
	r := e.srv.Request(b, e.acc.Member, api.KindSummer)
	tok := e.memberToken(e.acc.Member)
	h := e.srv.Handler
	for _, c := range []struct {
		name string
		req  func() *http.Request
	}{
		{"page", func() *http.Request {
			q := httptest.NewRequest("GET", fmt.Sprintf("http://127.0.0.1/demandes/%d", r.ID), nil)
			q.AddCookie(&http.Cookie{Name: "fos_portal", Value: tok})
			return q
		}},
		{"json", func() *http.Request {
			q := httptest.NewRequest("GET", fmt.Sprintf("http://127.0.0.1%s/reimbursements/%d", api.BasePath, r.ID), nil)
			q.Header.Set("Authorization", "Bearer "+tok)
			return q
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, c.req())
				if w.Code != http.StatusOK {
					b.Fatalf("%d", w.Code)
				}
			}
		})
	}
}
