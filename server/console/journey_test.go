package console_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/console/consoletest"
	"github.com/fos-mobile/fos/server/countercode"
)

// TestJourney takes a member's request, created through the real API, from
// "En attente des documents" to "Payée" in a real browser: the counter by
// reference and by the signed QR text, receipt, approval, payment. After
// each step the member's own API view shows the new status.
func TestJourney(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	b := newTab(t)
	b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	fileURL := fmt.Sprintf("%s/dossiers/%d", e.console, r.ID)

	t.Run("pre-check of the photos, with script in a file name and a reason", func(t *testing.T) {
		e.uploadPage(tok, r.ID, 0, xssName, attachmenttest.JPEG(attachmenttest.Picture(120, 90, 1), 85))
		b.do(chromedp.Navigate(e.console+"/dossiers?photos=1&season=0"),
			chromedp.WaitVisible(chromedp.ID("queue")),
			chromedp.Click(`#queue a.ref`),
			chromedp.WaitVisible(chromedp.ID("photos")))
		if loc := b.location(); !strings.HasPrefix(loc, fileURL) {
			t.Fatalf("'photos à contrôler' led to %s", loc)
		}
		// The thumbnail loads after the page: wait for it, not for a guess.
		wait, cancel := context.WithTimeout(b.Ctx, 30*time.Second)
		_, err := chromedp.Run(wait, chromedp.Poll[bool](`document.querySelector("#photos ul.thumbs img").complete`))
		cancel()
		if err != nil {
			t.Fatalf("the thumbnail does not load: %v", err)
		}
		if w := b.eval(`String(document.querySelector("#photos ul.thumbs img").naturalWidth)`); w != "120" {
			t.Fatalf("the thumbnail is %s pixels wide, want the photo's 120", w)
		}
		if got := b.eval(`document.querySelector("#photos .filename").textContent`); got != xssName {
			t.Fatalf("file name shown as %q", got)
		}
		if got := consoletest.Redo(b.Tab, 0, api.RedoUnreadable, xssText); !strings.Contains(got, xssText) {
			t.Fatalf("the answer shows %q", got)
		}
		mine := e.memberView(tok, r.ID)
		if mine.Precheck == nil || mine.Precheck.Documents[0].Result != api.CheckRedo || mine.Precheck.Documents[0].Reason != xssText {
			t.Fatalf("the member reads %+v", mine.Precheck)
		}
		// Full size, turned a quarter and zoomed, by links alone.
		b.do(chromedp.Click(`#photos ul.thumbs a`),
			chromedp.WaitVisible(chromedp.ID("page-image")),
			chromedp.Click(chromedp.ID("rot-90")),
			chromedp.WaitVisible(`img.rot-90`),
			chromedp.Click(chromedp.ID("zoom-2")),
			chromedp.WaitVisible(`.zoom-2 img.rot-90`))
		if dialogs, _ := b.seen(); len(dialogs) > 0 {
			t.Fatalf("a payload ran: %q", dialogs)
		}
	})

	t.Run("counter by reference", func(t *testing.T) {
		b.do(chromedp.Navigate(e.console+"/guichet"),
			chromedp.SendKeys(chromedp.ID("code"), strings.ToLower(r.Reference)+"\n"),
			chromedp.WaitVisible(chromedp.ID("documents-form")))
		if loc := b.location(); !strings.HasPrefix(loc, fileURL) {
			t.Fatalf("the counter opened %s", loc)
		}
	})

	t.Run("a forged QR code is refused", func(t *testing.T) {
		// Another key: the real one with its first byte changed (setting
		// it to a constant would, one time in 256, give the real key).
		key := append([]byte(nil), mustKey(t, e)...)
		key[0] ^= 0xff
		forged := countercode.Sign(key, r.Reference)
		b.do(chromedp.Navigate(e.console+"/guichet"),
			chromedp.SendKeys(chromedp.ID("code"), forged+"\n"),
			chromedp.WaitVisible(`.field-error`))
		if got := b.eval(`document.querySelector(".field-error").textContent`); !strings.Contains(got, "n'a pas été émis") {
			t.Fatalf("forged code: %q", got)
		}
	})

	t.Run("counter by signed QR text, then Documents reçus: two actions", func(t *testing.T) {
		// The code the member's app shows, as the API gives it.
		code := e.memberView(tok, r.ID).CounterCode
		if ref, signed, err := countercode.Parse(mustKey(t, e), code); err != nil || !signed || ref != r.Reference {
			t.Fatalf("counter code %q: %v", code, err)
		}
		// What a USB scanner types: the signed text, then Enter.
		b.do(chromedp.Navigate(e.console+"/guichet"),
			chromedp.SendKeys(chromedp.ID("code"), code+"\n"), // action 1
			chromedp.WaitVisible(chromedp.ID("receive")),
			submit("receive"), // action 2
			chromedp.WaitVisible(chromedp.ID("flash")))
		if loc := b.location(); !strings.HasPrefix(loc, e.console+"/guichet") {
			t.Fatalf("after receipt the browser is at %s, want the counter for the next file", loc)
		}
		if got := b.text("flash"); !strings.Contains(got, r.Reference) {
			t.Fatalf("flash %q", got)
		}
		if got := e.memberView(tok, r.ID); got.Status != api.StatusDocumentsReceived {
			t.Fatalf("member sees %s", got.Status)
		}
	})

	t.Run("approve an amount typed the French way", func(t *testing.T) {
		b.do(chromedp.Navigate(fileURL),
			chromedp.SendKeys(chromedp.ID("amount-input"), "1 234,50"),
			submit("approve"),
			chromedp.WaitVisible(chromedp.ID("flash")))
		got := e.memberView(tok, r.ID)
		if got.Status != api.StatusApproved || got.AmountCentimes == nil || *got.AmountCentimes != 123450 {
			t.Fatalf("member sees %s %v", got.Status, got.AmountCentimes)
		}
		if amount := b.text("amount"); amount != "1\u202f234,50\u00a0MAD" {
			t.Fatalf("amount shown %q", amount)
		}
	})

	t.Run("pay", func(t *testing.T) {
		b.do(submit("pay"), chromedp.WaitVisible(chromedp.ID("flash")))
		got := e.memberView(tok, r.ID)
		if got.Status != api.StatusPaid {
			t.Fatalf("member sees %s", got.Status)
		}
		var statuses []api.Status
		for _, ev := range got.Events {
			if ev.Agent != "" {
				t.Fatalf("the member sees the agent: %+v", ev)
			}
			statuses = append(statuses, ev.Status)
		}
		want := []api.Status{api.StatusAwaitingDocuments, api.StatusDocumentsReceived, api.StatusApproved, api.StatusPaid}
		if fmt.Sprint(statuses) != fmt.Sprint(want) {
			t.Fatalf("timeline %v, want %v", statuses, want)
		}
		if b.eval(`document.getElementById("status").dataset.status`) != string(api.StatusPaid) {
			t.Fatal("the page does not show Payée")
		}
	})

	t.Run("timeline names the agent", func(t *testing.T) {
		if tl := b.text("timeline"); strings.Count(tl, e.acc.Agent.Email) != 4 { // the pre-check, then three moves
			t.Fatalf("timeline: %q", tl)
		}
	})

	t.Run("audit", func(t *testing.T) {
		for _, a := range []string{"console.login", "agent.precheck", "agent.receive", "agent.approve", "agent.pay"} {
			if e.audit.count(a, audit.OK) != 1 {
				t.Errorf("%s not audited once: %+v", a, e.audit.events)
			}
		}
		if e.audit.count("agent.counter", audit.Failed) != 1 {
			t.Error("the forged code was not audited")
		}
	})
}

func mustKey(t *testing.T, e *env) []byte {
	t.Helper()
	key, err := e.st.ServerKey(context.Background(), countercode.KeyName)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestMissingDocuments records incomplete originals at the counter; the
// member sees which, and a later receipt clears them.
func TestMissingDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	b := newTab(t)
	b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	b.do(chromedp.Navigate(e.console+"/guichet"),
		chromedp.SendKeys(chromedp.ID("code"), r.Reference+"\n"),
		chromedp.WaitVisible(chromedp.ID("missing")),
		// Nothing unticked: "Documents incomplets" is refused.
		submit("missing"),
		chromedp.WaitVisible(`.field-error`))
	if v := e.memberView(tok, r.ID); v.MissingDocuments != nil || v.Version != 0 {
		t.Fatalf("a refused form saved something: %+v", v)
	}
	b.do(chromedp.Click(chromedp.ID("doc-1")), submit("missing"), chromedp.WaitVisible(chromedp.ID("flash")))
	v := e.memberView(tok, r.ID)
	if v.Status != api.StatusAwaitingDocuments || v.MissingDocuments == nil ||
		len(v.MissingDocuments.FR) != 1 || v.MissingDocuments.FR[0] != r.RequiredDocuments.FR[1] || v.MissingDocuments.AR[0] != r.RequiredDocuments.AR[1] {
		t.Fatalf("member sees %+v", v.MissingDocuments)
	}
	if last := v.Events[len(v.Events)-1]; last.Kind != api.EventMissingDocuments {
		t.Fatalf("last event %+v", last)
	}
	// An unticked original refuses "Documents reçus".
	b.do(chromedp.Click(chromedp.ID("doc-2")), submit("receive"), chromedp.WaitVisible(`.field-error`))
	if e.memberView(tok, r.ID).Status != api.StatusAwaitingDocuments {
		t.Fatal("received with a document unticked")
	}
	b.do(chromedp.Click(chromedp.ID("doc-2")), submit("receive"), chromedp.WaitVisible(chromedp.ID("flash")))
	if v := e.memberView(tok, r.ID); v.Status != api.StatusDocumentsReceived || v.MissingDocuments != nil {
		t.Fatalf("after receipt: %s %+v", v.Status, v.MissingDocuments)
	}
}

// TestRejectAndValidation: bad amounts and a missing reason are refused
// next to their field with nothing saved; a rejection reaches the member
// with its code and text.
func TestRejectAndValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	ceiling := int64(100000)
	if err := e.st.SetWindowCeiling(context.Background(), r.Season, r.Kind, &ceiling); err != nil {
		t.Fatal(err)
	}
	b := newTab(t)
	b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	fileURL := fmt.Sprintf("%s/dossiers/%d", e.console, r.ID)
	b.do(chromedp.Navigate(fileURL), submit("receive"), chromedp.WaitVisible(chromedp.ID("approve")))
	for _, tc := range []struct{ amount, want string }{
		{"abc", "Montant invalide"},
		{"1.234", "ambigu"},
		{"1 500,00", "plafond"},
		{"", "Saisissez le montant"},
	} {
		b.do(chromedp.Navigate(fileURL), chromedp.SendKeys(chromedp.ID("amount-input"), tc.amount),
			submit("approve"), chromedp.WaitVisible(`.field-error`))
		if got := b.eval(`document.querySelector("#approve-form .field-error").textContent`); !strings.Contains(got, tc.want) {
			t.Errorf("amount %q: error %q, want %q", tc.amount, got, tc.want)
		}
		if v := e.memberView(tok, r.ID); v.Status != api.StatusDocumentsReceived || v.Version != 1 {
			t.Fatalf("amount %q saved something: %s v%d", tc.amount, v.Status, v.Version)
		}
	}
	// Reject: no reason → error; "other" without text → error.
	b.do(chromedp.Navigate(fileURL), submit("reject"), chromedp.WaitVisible(`#reject-form .field-error`))
	b.do(chromedp.SetValue(chromedp.ID("reason-select"), "other"), submit("reject"),
		chromedp.WaitVisible(`#reject-form .field-error`))
	if v := e.memberView(tok, r.ID); v.Status != api.StatusDocumentsReceived {
		t.Fatalf("a refused rejection saved: %s", v.Status)
	}
	b.do(chromedp.Navigate(fileURL), chromedp.SetValue(chromedp.ID("reason-select"), "invoice_out_of_period"),
		chromedp.SendKeys(chromedp.ID("reject-text"), "Facture du 20 septembre."),
		submit("reject"), chromedp.WaitVisible(chromedp.ID("flash")))
	v := e.memberView(tok, r.ID)
	if v.Status != api.StatusRejected || v.ReasonCode != api.ReasonInvoiceOutOfPeriod || v.Reason != "Facture du 20 septembre." {
		t.Fatalf("member sees %s %q %q", v.Status, v.ReasonCode, v.Reason)
	}
	if got := b.text("reason"); !strings.Contains(got, "Factures hors de la période") {
		t.Fatalf("reason shown %q", got)
	}
}
