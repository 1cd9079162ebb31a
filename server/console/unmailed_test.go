package console_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestFileSaysUnmailed: the file page says when the member is not told
// by e-mail (turned off in the app), and says nothing while they are.
func TestFileSaysUnmailed(t *testing.T) {
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	h := e.httpClient()
	if code := h.login(e.acc.Agent.Email, e.acc.Agent.Password); code != 200 && code != 303 {
		t.Fatalf("agent login: %d", code)
	}
	page := func() string {
		code, body, _ := h.get(fmt.Sprintf("/dossiers/%d", r.ID))
		if code != 200 {
			t.Fatalf("file page: %d", code)
		}
		return body
	}
	if strings.Contains(page(), `id="unmailed"`) {
		t.Fatal("the page says the member is not mailed while they are")
	}
	if code := e.apiDo(tok, "PATCH", "/me", map[string]any{"email_notices": false}, nil); code != 200 {
		t.Fatalf("PATCH /me: %d", code)
	}
	if body := page(); !strings.Contains(body, `id="unmailed">L&#39;adhérent(e) a désactivé les e-mails`) {
		t.Fatalf("no word of the opt-out on the file page:\n%s", body)
	}
}
