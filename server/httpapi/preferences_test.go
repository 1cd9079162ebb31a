package httpapi_test

import (
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestPreferencesEndpoint: PATCH /me changes what it is given and keeps
// the rest, on both engines; a language the server does not know, an
// unknown field and an empty change are refused, and nothing is changed.
func TestPreferencesEndpoint(t *testing.T) {
	forEachEngine(t, envOptions{}, func(t *testing.T, e *env) {
		tok := e.memberToken()
		p := decodeJSON[api.Profile](t, want(t, e.do(req{method: "PATCH", path: "/me", token: tok, body: map[string]any{"lang": "ar"}}), 200))
		if p.Lang != "ar" || !p.EmailNotices || !p.EmailOnFile {
			t.Fatalf("after lang ar: %+v", p.Preferences)
		}
		p = decodeJSON[api.Profile](t, want(t, e.do(req{method: "PATCH", path: "/me", token: tok, body: map[string]any{"email_notices": false}}), 200))
		if p.Lang != "ar" || p.EmailNotices {
			t.Fatalf("after notices off: %+v", p.Preferences)
		}
		for _, tc := range []struct {
			name  string
			body  any
			field string
		}{
			{"unknown language", map[string]any{"lang": "de"}, "lang"},
			{"nothing to change", map[string]any{}, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := wantErr(t, e.do(req{method: "PATCH", path: "/me", token: tok, body: tc.body, invalid: true}), api.CodeInvalidRequest)
				if e.Field != tc.field {
					t.Errorf("field %q, want %q", e.Field, tc.field)
				}
			})
		}
		wantErr(t, e.do(req{method: "PATCH", path: "/me", token: tok, body: `{"email_notices": false, "admin": true}`, invalid: true}), api.CodeInvalidRequest)
		p = decodeJSON[api.Profile](t, want(t, e.do(req{method: "GET", path: "/me", token: tok}), 200))
		if p.Lang != "ar" || p.EmailNotices {
			t.Fatalf("a refused change changed something: %+v", p.Preferences)
		}
	})
}
