package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// serveFuzz sends one request straight to the handler and checks what any
// input must get: a JSON answer, 2xx or 4xx, never a 500 nor a panic (the
// handler would turn a panic into a 500).
func serveFuzz(t *testing.T, h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code < 200 || rec.Code >= 500 {
		t.Fatalf("status %d for body %q: %s", rec.Code, readAll(r), rec.Body.Bytes())
	}
	if rec.Code >= 400 {
		var eb api.ErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &eb); err != nil || eb.Error == nil {
			t.Fatalf("status %d without an error body: %s", rec.Code, rec.Body.Bytes())
		}
		if eb.Error.Code.HTTPStatus() != rec.Code {
			t.Fatalf("code %s with status %d", eb.Error.Code, rec.Code)
		}
	}
	return rec
}

func readAll(r *http.Request) string {
	if gb, ok := r.Body.(interface{ Bytes() []byte }); ok {
		return string(gb.Bytes())
	}
	return "(body)"
}

func loginBody(id, pw string) string {
	b, _ := json.Marshal(api.LoginRequest{Identifier: id, Password: pw})
	return string(b)
}

func FuzzDecodeLogin(f *testing.F) {
	b := newBackend(f, envOptions{})
	for _, s := range []string{
		loginBody(b.Acc.Member.Identifier, b.Acc.Member.Password),
		loginBody(b.Acc.Agent.Identifier, b.Acc.Agent.Password),
		loginBody("nobody@example.org", "x"),
		`{"identifier":"1234567","password":"x","extra":1}`,
		`{"identifier":1234567,"password":"x"}`,
		`{"identifier":"1234567","password":`,
		`{"identifier":"\u0000\ud800","password":"` + strings.Repeat("é", 200) + `"}`,
		`[]`, `null`, `""`, ``, `{}`, `{} {}`, `{"identifier":"a"}garbage`,
		strings.Repeat(`{"a":`, 10000),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		// Forget earlier failures, so the limits do not hide the decoder.
		b.Clock.Add(16 * time.Minute)
		r := httptest.NewRequest("POST", api.BasePath+"/auth/login", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		rec := serveFuzz(t, b.Handler, r)
		if rec.Code == 200 {
			var lr api.LoginResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &lr); err != nil || lr.AccessToken == "" {
				t.Fatalf("200 without a token: %s", rec.Body.Bytes())
			}
		}
	})
}

func FuzzDecodeCreate(f *testing.F) {
	b := newBackend(f, envOptions{})
	rec := httptest.NewRecorder()
	lr := httptest.NewRequest("POST", api.BasePath+"/auth/login", strings.NewReader(loginBody(b.Acc.Member.Identifier, b.Acc.Member.Password)))
	b.Handler.ServeHTTP(rec, lr)
	var login api.LoginResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &login); err != nil || login.AccessToken == "" {
		f.Fatalf("login: %d %s", rec.Code, rec.Body.Bytes())
	}
	const good = `{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2}}`
	for _, s := range []string{
		good,
		strings.Replace(good, "summer", "off_season", 1),
		strings.Replace(good, "summer", "winter", 1),
		strings.Replace(good, `"children_count":2`, `"children_count":3`, 1),
		strings.Replace(good, `"1985-03-14"`, `"1985-02-30"`, 1),
		strings.Replace(good, `"1985-03-14"`, `19850314`, 1),
		strings.Replace(good, `"echelle":11`, `"echelle":1e400`, 1),
		strings.Replace(good, `"echelle":11`, `"echelle":-11`, 1),
		strings.Replace(good, `}}`, `},"x":[]}`, 1),
		`{"kind":"summer"}`, `{"kind":null,"confirmed_profile":null}`, `{"confirmed_profile":{"birth_date":""}}`,
		`[]`, `null`, ``, `{`, `{"kind":"summer",`, good + good,
	} {
		f.Add([]byte(s))
	}
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", api.BasePath+"/reimbursements", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+login.AccessToken)
		r.Header.Set(api.IdempotencyKeyHeader, fmt.Sprintf("fuzz-key-%08d", n.Add(1)))
		rec := serveFuzz(t, b.Handler, r)
		if rec.Code == 201 {
			var re api.Reimbursement
			if err := json.Unmarshal(rec.Body.Bytes(), &re); err != nil || re.Reference == "" {
				t.Fatalf("201 without a request: %s", rec.Body.Bytes())
			}
		}
	})
}
