package console_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// TestPaymentJourneyInBrowser: an agent receives and approves a member's
// request (created through the API) in the browser; a supervisor then
// gathers it into a batch, downloads the bank's CSV and marks the batch
// paid; the member's API view shows "Payée".
func TestPaymentJourneyInBrowser(t *testing.T) {
	e := newJournalEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	ag := newTab(t)
	ag.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
	ag.do(chromedp.Navigate(e.console+"/guichet"),
		chromedp.SendKeys(chromedp.ID("code"), r.Reference+"\n"),
		chromedp.WaitVisible(chromedp.ID("receive")),
		chromedp.Click(chromedp.ID("receive")),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.Navigate(fmt.Sprintf("%s/dossiers/%d", e.console, r.ID)),
		chromedp.SendKeys(chromedp.ID("amount-input"), "1 234,50"),
		chromedp.Click(chromedp.ID("approve")),
		chromedp.WaitVisible(chromedp.ID("flash")))
	if got := e.memberView(tok, r.ID); got.Status != api.StatusApproved {
		t.Fatalf("after the agent, the member sees %s", got.Status)
	}

	b := newTab(t)
	b.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
	b.do(chromedp.Navigate(e.console+"/paiements"), chromedp.WaitVisible(chromedp.ID("payable-count")))
	if got := b.text("payable-count"); !strings.Contains(got, "1 dossiers") && !strings.Contains(got, "1 dossier") {
		t.Fatalf("payable: %q", got)
	}
	b.do(chromedp.Click(chromedp.ID("create-batch")), chromedp.WaitVisible(chromedp.ID("batch-label")))
	label := b.text("batch-label")
	if !strings.HasPrefix(label, "LOT-") || b.text("batch-files") != "1" {
		t.Fatalf("batch page: %q, %q files", label, b.text("batch-files"))
	}

	t.Run("the CSV as the browser downloads it", func(t *testing.T) {
		// The bytes as fetched by the page, with its session cookie: the
		// BOM first, then ';'-separated cells.
		got := b.evalAsync(`fetch(document.getElementById("download").href).then(r => r.arrayBuffer()).then(b => {
			const u = new Uint8Array(b);
			return [u[0], u[1], u[2]].join(",") + "|" + new TextDecoder().decode(u.slice(3));
		})`)
		head, body, _ := strings.Cut(got, "|")
		if head != "239,187,191" {
			t.Fatalf("first bytes %s, want the UTF-8 BOM 239,187,191", head)
		}
		lines := strings.Split(strings.TrimRight(body, "\r\n"), "\r\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "Lot;Référence;Matricule;") ||
			!strings.HasPrefix(lines[1], label+";"+r.Reference+";"+e.acc.Member.Identifier+";") || !strings.Contains(lines[1], ";1234,50;") {
			t.Fatalf("CSV lines: %q", lines)
		}
	})

	t.Run("mark paid asks first; dismissed, nothing is paid", func(t *testing.T) {
		b.do(chromedp.Click(chromedp.ID("pay-batch")))
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if d, _ := b.seen(); len(d) > 0 {
				break
			}
		}
		if got := e.memberView(tok, r.ID); got.Status != api.StatusApproved {
			t.Fatalf("a dismissed confirmation paid: %s", got.Status)
		}
		if dialogs, _ := b.seen(); len(dialogs) != 1 || !strings.Contains(dialogs[0], label) {
			t.Fatalf("dialogs %q, want the confirmation naming %s", dialogs, label)
		}
	})

	t.Run("mark paid", func(t *testing.T) {
		// The tab dismisses every dialog (to catch XSS); a supervisor
		// accepts this one.
		b.eval(`document.getElementById("pay-batch").removeAttribute("data-confirm"), "ok"`)
		// #batch-paid-files exists only on a paid batch's page (the page
		// before already had a #flash, of the batch's creation).
		b.do(chromedp.Click(chromedp.ID("pay-batch")), chromedp.WaitVisible(chromedp.ID("batch-paid-files")))
		if got := b.text("batch-state"); got != "Payé" {
			t.Fatalf("batch state %q", got)
		}
		got := e.memberView(tok, r.ID)
		if got.Status != api.StatusPaid || got.Events[len(got.Events)-1].Status != api.StatusPaid {
			t.Fatalf("the member sees %s", got.Status)
		}
		if e.audit.count("supervisor.batch_pay", audit.OK) != 1 {
			t.Error("the payment was not audited")
		}
	})

	t.Run("an agent's browser is refused the supervisor pages", func(t *testing.T) {
		for _, p := range []string{"/paiements", "/agents", "/journal", "/campagnes"} {
			ag.do(chromedp.Navigate(e.console + p))
			if got := ag.eval(`document.querySelector("main").innerText`); !strings.Contains(got, "réservée aux superviseurs") {
				t.Errorf("agent at %s sees: %q", p, got)
			}
		}
		if got := ag.eval(`Array.from(document.querySelectorAll("nav a")).map(a => a.getAttribute("href")).join(" ")`); strings.Contains(got, "/paiements") {
			t.Errorf("agent's menu: %s", got)
		}
	})
}

// The payloads people and CSV files could put in names and notes.
var xssPayloads = []string{`<script>alert("xss1")</script>`, `"><img src=x onerror=alert("xss2")>`, `javascript:alert("xss3")`}

// TestXSSInertInAgentsAndJournal puts the payloads in an agent's name and
// in journal entries, and checks in a real browser that they are text: in
// the DOM as typed, with no dialog and no request to "x".
func TestXSSInertInAgentsAndJournal(t *testing.T) {
	e := newJournalEnv(t)
	ctx := context.Background()
	for i, p := range xssPayloads {
		if _, err := e.st.CreateAgent(ctx, fmt.Sprintf("xss%d@fos.ma", i), p, store.RoleAgent, "h"); err != nil {
			t.Fatal(err)
		}
		agent, _ := e.st.AgentByEmail(ctx, fmt.Sprintf("xss%d@fos.ma", i))
		store.JournalSink{Store: e.st}.Record(ctx, audit.Event{Action: "agent.note", Outcome: audit.OK, Role: "agent",
			AccountID: agent.ID, Target: p, Detail: p, ClientIP: p})
	}
	b := newTab(t)
	b.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
	for _, page := range []string{"/agents", "/journal"} {
		b.do(chromedp.Navigate(e.console+page), chromedp.WaitVisible(`.agent-name`))
		names := b.eval(`Array.from(document.querySelectorAll(".agent-name")).map(n => n.textContent).join("\n")`)
		for _, p := range xssPayloads {
			if !strings.Contains(names, p) {
				t.Errorf("%s: %q is not shown as text among %q", page, p, names)
			}
		}
		if n := b.eval(`String(document.querySelectorAll("main script, main img, main [onerror]").length)`); n != "0" {
			t.Errorf("%s: %s elements made of a payload", page, n)
		}
	}
	b.do(chromedp.Navigate(e.console + "/journal"))
	if got := b.eval(`document.getElementById("journal").innerText`); strings.Count(got, `<script>alert("xss1")</script>`) < 3 {
		t.Errorf("the journal's target, detail and address cells do not show the payload as text:\n%s", got)
	}
	dialogs, requests := b.seen()
	if len(dialogs) > 0 {
		t.Fatalf("a payload ran: dialogs %q", dialogs)
	}
	for _, u := range requests {
		if strings.HasSuffix(u, "/x") || strings.HasPrefix(u, "javascript:") {
			t.Fatalf("a payload sent a request to %s", u)
		}
	}
}

// evalAsync evaluates a JavaScript expression whose promise resolves to a
// string.
func (b *tab) evalAsync(js string) string {
	b.T.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.T.Fatalf("eval %s: %v", js, err)
	}
	return s
}
