package portal_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/webtest"
	"github.com/fos-mobile/fos/translations"
)

// TestJourney: a member, in French and in Arabic, logs in, opens
// Estivage, asks for the summer reimbursement, confirms the personal data,
// reads the deposit instructions, closes them onto the tracked request,
// and sees each move an agent makes through the agents' API, up to the
// payment; then logs out.
func TestJourney(t *testing.T) {
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			words := translations.New(lang)
			b := e.tab(t)
			b.Do(chromedp.Navigate(e.url + "/"))
			if !strings.HasSuffix(b.Location(), "/connexion") {
				t.Fatalf("/ leads to %s", b.Location())
			}
			if lang == translations.AR {
				b.arabic()
			}
			b.login(e.acc.Member)
			if got := b.Text("hello"); !strings.Contains(got, e.acc.Member.Name) && !strings.Contains(got, "Salma") {
				t.Fatalf("hello: %q", got)
			}

			b.Do(webtest.Submit("svc-estivage"), chromedp.WaitVisible(chromedp.ID("ask-summer")))
			if got := b.Text("window-summer"); !strings.Contains(got, words.T("estivage.window.summer")) {
				t.Fatalf("summer window: %q", got)
			}
			b.Do(webtest.Submit("ask-summer"), chromedp.WaitVisible(chromedp.ID("profile")))
			b.Do(webtest.Submit("confirm"), chromedp.WaitVisible(chromedp.ID("deposit")))
			rs := e.requests(e.acc.Member)
			if len(rs) != 1 {
				t.Fatalf("%d requests after confirming", len(rs))
			}
			r := rs[0]
			if got := b.Text("reference"); !strings.Contains(got, r.Reference) {
				t.Fatalf("deposit reference %q, want %s", got, r.Reference)
			}
			if got := b.Text("deadline"); !strings.Contains(got, words.Date(r.DepositDeadline)) {
				t.Fatalf("deadline %q", got)
			}
			if b.Eval(`String(document.querySelectorAll("#documents li").length)`) == "0" {
				t.Fatal("no documents listed")
			}

			b.Do(webtest.Submit("close"), chromedp.WaitVisible(chromedp.ID("status")))
			if !strings.HasSuffix(b.Location(), "/demandes/"+strconv.FormatInt(r.ID, 10)) {
				t.Fatalf("Fermer leads to %s", b.Location())
			}
			b.wantStatus(words, api.StatusAwaitingDocuments)
			if b.Eval(`String(document.querySelector("#qr img").naturalWidth > 0)`) != "true" {
				t.Fatal("the counter code's image does not load")
			}

			e.srv.AgentDo(t, r.ID, "receive", nil)
			b.Do(webtest.Submit("refresh"))
			b.wantStatus(words, api.StatusDocumentsReceived)

			e.srv.AgentDo(t, r.ID, "approve", api.ApproveRequest{AmountCentimes: 123450})
			b.Do(webtest.Submit("refresh"))
			b.wantStatus(words, api.StatusApproved)
			if got := b.Text("amount"); !strings.Contains(got, words.Money(123450)) {
				t.Fatalf("amount %q, want %s", got, words.Money(123450))
			}

			e.srv.AgentDo(t, r.ID, "pay", nil)
			b.Do(webtest.Submit("refresh"))
			b.wantStatus(words, api.StatusPaid)
			if n := b.Eval(`String(document.querySelectorAll("#timeline li").length)`); n != "4" {
				t.Fatalf("timeline has %s events, want 4", n)
			}

			b.Do(webtest.Submit("logout"), chromedp.WaitVisible(chromedp.ID("notice")))
			if got := b.Text("notice"); got != words.T("services.logged_out") {
				t.Fatalf("after logout: %q", got)
			}
			b.Do(chromedp.Navigate(e.url + "/demandes/" + strconv.FormatInt(r.ID, 10)))
			if loc := b.Location(); !regexp.MustCompile(`/connexion\?next=`).MatchString(loc) {
				t.Fatalf("after logout the request page leads to %s", loc)
			}
			if dialogs, _ := b.Seen(); len(dialogs) > 0 {
				t.Fatalf("dialogs: %v", dialogs)
			}
		})
	}
}

// wantStatus checks the tracked request's status, by its code and in the
// member's words.
func (b *tab) wantStatus(words *translations.Translator, want api.Status) {
	b.T.Helper()
	if got := b.Eval(`document.getElementById("status").dataset.status`); got != string(want) {
		b.T.Fatalf("status %s, want %s", got, want)
	}
	if got := b.Text("status"); got != words.T("status."+string(want)) {
		b.T.Fatalf("status reads %q, want %q", got, words.T("status."+string(want)))
	}
}
