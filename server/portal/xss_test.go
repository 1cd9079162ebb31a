package portal_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
)

// payloads are written where names, notes and reasons go: from the CSV
// files of members and from agents.
var payloads = []string{`<script>alert("name")</script>`, `"><img src=x onerror=alert("img")>`, `javascript:alert("js")`}

// TestPayloadsInert: a member's name, an agent's note and a rejection
// reason holding script payloads show as text, in both languages: no
// dialog opens, no script or injected image is in the page, and no
// request leaves for anything but the portal's own pages, style and code.
func TestPayloadsInert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	m, err := e.sd.Store.MemberByIdentifier(ctx, e.acc.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	m.FirstName, m.LastName = payloads[0], payloads[1]
	if _, _, err := e.sd.Store.UpsertMembers(ctx, []storeMember{m}); err != nil {
		t.Fatal(err)
	}
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	e.srv.AgentDo(t, r.ID, "receive", api.NoteRequest{Note: payloads[1] + " " + payloads[2]})
	e.srv.AgentDo(t, r.ID, "reject", api.RejectRequest{ReasonCode: api.ReasonOther, Reason: strings.Join(payloads, " ")})
	b := e.tab(t)
	b.login(e.acc.Member)
	for _, lang := range []string{"fr", "ar"} {
		if lang == "ar" {
			b.arabic()
		}
		for _, p := range []string{"/services", "/tableau-de-bord", fmt.Sprintf("/demandes/%d", r.ID)} {
			b.Do(chromedp.Navigate(e.url + p))
			if n := b.Eval(`String(document.querySelectorAll("script, img:not([src$='code.png']), [onerror], a[href^='javascript']").length)`); n != "0" {
				t.Errorf("%s (%s): %s injected elements", p, lang, n)
			}
			body := b.Eval(`document.body.textContent`)
			switch p {
			case "/services":
				if !strings.Contains(body, payloads[0]) || !strings.Contains(body, payloads[1]) {
					t.Errorf("%s: the name is not shown as text", p)
				}
			case fmt.Sprintf("/demandes/%d", r.ID):
				for _, s := range payloads {
					if !strings.Contains(body, s) {
						t.Errorf("%s (%s): %q is not shown as text", p, lang, s)
					}
				}
			}
		}
	}
	dialogs, requests := b.Seen()
	if len(dialogs) > 0 {
		t.Fatalf("dialogs opened: %v", dialogs)
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, e.url+"/") || strings.HasSuffix(u, "/x") {
			t.Errorf("a request left for %s", u)
		}
	}
}
