package console_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/store"
)

// TestEveryPage visits every page of the console an agent and a
// supervisor can reach, in French and Arabic, at 320 CSS pixels wide (the
// console is for the counter's desktops, but a narrow window or a 400 %
// zoom is that wide), with a seeded state where each page has something
// to show, and checks each as the portal's pages are
// (webtest.CheckPage): axe-core (WCAG 2.2 A and AA, best practices)
// finds nothing, nothing scrolls sideways (a wide table scrolls in its
// own focusable region), lang and dir, one h1 and a skip link.
func TestEveryPage(t *testing.T) {
	t.Parallel()
	e := newJournalEnv(t)
	s := seedEveryPage(t, e)
	b := newTab(t)
	b.do(chromedp.EmulateViewport(320, 640))
	n := 0
	for _, lang := range []string{"fr", "ar"} {
		check := func(name string) {
			t.Helper()
			b.CheckPage(name, lang)
			n++
		}
		// refused checks a form's answer: the page again, with its messages.
		refused := func(name string) {
			t.Helper()
			if got := b.eval(`String(document.querySelectorAll(".field-error, #alert, #login-error").length)`); got == "0" {
				t.Errorf("%s (%s): no error shown", name, lang)
			}
			check(name)
		}
		visit := func(path string) {
			t.Helper()
			b.do(chromedp.Navigate(e.console + path))
			check(path)
		}
		b.do(chromedp.Navigate(e.console + "/langue?l=" + lang + "&next=/login"))
		check("login")
		b.do(chromedp.SendKeys(chromedp.ID("email"), "personne@fos.finances.gov.ma"),
			chromedp.SendKeys(chromedp.ID("password"), "pas-le-bon"), submit("login"))
		refused("login refused")
		visit("/nulle-part")

		// An agent: the pages are the supervisor's, less the supervisors'
		// own, which answer 403.
		b.login(e.console, e.acc.Agent.Email, e.acc.Agent.Password)
		check("dashboard, agent")
		visit("/paiements")
		b.do(submit("logout"))
		check("logged out")

		b.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
		check("dashboard")
		for _, p := range []string{
			"/dossiers", "/dossiers?status=awaiting_documents", "/dossiers?photos=1", "/dossiers?season=0&q=" + "العلوي",
			"/dossiers?q=personne-ici", "/guichet", "/guichet?code=EST-2026-000001-AAAAAAAAAAAAAAAAAAAAAAAAAA",
			fmt.Sprintf("/dossiers/%d?guichet=1", s.awaiting), fmt.Sprintf("/dossiers/%d", s.paid),
			fmt.Sprintf("/dossiers/%d", s.missing), fmt.Sprintf("/dossiers/%d", s.rejected),
			fmt.Sprintf("/dossiers/%d", s.photos), fmt.Sprintf("/dossiers/%d?done=precheck", s.photos),
			fmt.Sprintf("/dossiers/%d/pages/%d/voir?rot=90&zoom=2", s.photos, s.page), "/dossiers/999999",
			"/paiements", fmt.Sprintf("/paiements/lots/%d", s.open), fmt.Sprintf("/paiements/lots/%d?fait=paye", s.paidBatch),
			"/campagnes", "/campagnes?season=0", "/agents", "/journal", "/journal?action=console.login", "/journal?from=2026-12-31&to=2026-01-01",
		} {
			visit(p)
		}
		// Forms refused, with their messages.
		b.do(chromedp.Navigate(fmt.Sprintf("%s/dossiers/%d", e.console, s.received)),
			chromedp.SendKeys(chromedp.ID("amount-input"), "beaucoup"), submit("approve"))
		refused("approve refused")
		b.do(chromedp.Navigate(fmt.Sprintf("%s/dossiers/%d", e.console, s.photos)), submit("redo-1"))
		refused("pre-check refused")
		b.do(chromedp.Navigate(e.console+"/campagnes"),
			chromedp.SetValue(chromedp.ID("deposit_days"), "0"),
			chromedp.SetValue(chromedp.ID("ceiling"), "beaucoup"), submit("save-campaign"))
		refused("campaign refused")
		b.do(chromedp.Navigate(e.console+"/agents"),
			chromedp.SendKeys(chromedp.ID("agent-name"), "Agent "+lang),
			chromedp.SendKeys(chromedp.ID("agent-email"), "agent."+lang+"@fos.finances.gov.ma"),
			submit("add-agent"))
		check("new agent's password")
		b.do(submit("logout"))
	}
	t.Logf("%d pages checked", n)
}

// everyPage is what TestEveryPage's seeding made.
type everyPage struct {
	screenFiles
	photos, page    int64
	open, paidBatch int64
}

// seedEveryPage is TestScreenshots' files (every status, a note, missing
// originals, a rejection), a request with photos and a pre-check answer,
// an open and a paid payment batch, and journal lines.
func seedEveryPage(t *testing.T, e *env) everyPage {
	t.Helper()
	ctx := context.Background()
	s := everyPage{screenFiles: seedScreens(t, e)}
	r, tok := e.newRequest(e.acc.Member)
	s.photos = r.ID
	s.page = e.uploadPage(tok, r.ID, 0, "facture-hotel.jpg", attachmenttest.JPEG(attachmenttest.Picture(600, 800, 1), 85)).ID
	e.uploadPage(tok, r.ID, 1, "virement.pdf", attachmenttest.PDF())
	e.uploadPage(tok, r.ID, 2, "<b>releve</b>.jpg", attachmenttest.JPEG(attachmenttest.Picture(300, 200, 2), 85))
	agent, err := e.st.AgentByEmail(ctx, e.acc.Agent.Email)
	if err != nil {
		t.Fatal(err)
	}
	sup, err := e.st.AgentByEmail(ctx, e.acc.Supervisor.Email)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := e.st.AdminReimbursement(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.st.Precheck(ctx, r.ID, store.Check{Version: cur.Version, AgentID: agent.ID, Document: 2,
		Result: api.CheckRedo, Code: api.RedoUnreadable, Reason: "Photo floue, <i>reprendre</i>."}); err != nil {
		t.Fatal(err)
	}
	e.approved(e.acc.OtherMember, 98000)
	paid, err := e.st.CreatePaymentBatch(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.PayBatch(ctx, paid.ID, sup.ID); err != nil {
		t.Fatal(err)
	}
	// A file of its own, received and approved, makes the open batch.
	f := seedMember(t, e, "9100002", "Tazi", "Karim")
	for _, mv := range []store.Move{store.MoveReceive, store.MoveApprove} {
		if _, err := e.st.Transition(ctx, f, mv, store.Change{AgentID: agent.ID, AmountCentimes: 45075}); err != nil {
			t.Fatal(err)
		}
	}
	open, err := e.st.CreatePaymentBatch(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.open, s.paidBatch = open.ID, paid.ID
	return s
}

// seedMember adds a member and opens a summer request for them; it
// returns the request's id.
func seedMember(t *testing.T, e *env, matricule, last, first string) int64 {
	t.Helper()
	ctx := context.Background()
	m := store.Member{Matricule: matricule, CIN: "LM" + matricule[1:], LastName: last, FirstName: first, Email: matricule + "@finances.gov.ma",
		ConfirmedProfile: api.ConfirmedProfile{BirthDate: api.Date{Year: 1982, Month: 4, Day: 9}, Echelle: 10, Echelon: 4,
			RecruitmentDate: api.Date{Year: 2009, Month: 9, Day: 1}, ChildrenCount: 1}}
	if _, _, err := e.st.UpsertMembers(ctx, []store.Member{m}); err != nil {
		t.Fatal(err)
	}
	m, err := e.st.MemberByIdentifier(ctx, matricule)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.st.CreateReimbursement(ctx, m.ID, "every-page-"+matricule, api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: m.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	return c.Reimbursement.ID
}
