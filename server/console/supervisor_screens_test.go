package console_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/webtest"
)

// TestSupervisorScreenshots is TestScreenshots for the supervisors' pages:
// each renders in French and Arabic with nothing sticking out, and is
// written to FOS_CONSOLE_SCREENSHOTS when set (scripts/console-screenshots.sh).
func TestSupervisorScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("FOS_CONSOLE_SCREENSHOTS")
	e := newJournalEnv(t)
	ctx := context.Background()
	e.approved(e.acc.Member, 123450)
	e.approved(e.acc.OtherMember, 98000)
	sup, err := e.st.AgentByEmail(ctx, e.acc.Supervisor.Email)
	if err != nil {
		t.Fatal(err)
	}
	paid, err := e.st.CreatePaymentBatch(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.PayBatch(ctx, paid.ID, sup.ID); err != nil {
		t.Fatal(err)
	}
	// A third file, of a member whose name is in Arabic.
	m := store.Member{Matricule: "9100001", CIN: "LM910001", LastName: "الإدريسي", FirstName: "عمر", Email: "omar.idrissi@finances.gov.ma",
		ConfirmedProfile: api.ConfirmedProfile{BirthDate: api.Date{Year: 1982, Month: 4, Day: 9}, Echelle: 10, Echelon: 4,
			RecruitmentDate: api.Date{Year: 2009, Month: 9, Day: 1}, ChildrenCount: 1}}
	if _, _, err := e.st.UpsertMembers(ctx, []store.Member{m}); err != nil {
		t.Fatal(err)
	}
	if m, err = e.st.MemberByIdentifier(ctx, m.Matricule); err != nil {
		t.Fatal(err)
	}
	c, err := e.st.CreateReimbursement(ctx, m.ID, "screens", api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: m.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	agent, _ := e.st.AgentByEmail(ctx, e.acc.Agent.Email)
	for _, mv := range []store.Move{store.MoveReceive, store.MoveApprove} {
		if _, err := e.st.Transition(ctx, c.Reimbursement.ID, mv, store.Change{AgentID: agent.ID, AmountCentimes: 45075}); err != nil {
			t.Fatal(err)
		}
	}
	open, err := e.st.CreatePaymentBatch(ctx, sup.ID)
	if err != nil {
		t.Fatal(err)
	}
	sink := store.JournalSink{Store: e.st}
	sink.Record(ctx, audit.Event{Action: "console.login", Outcome: audit.Failed, Identifier: "3f9a0c1d2e4b5a6978877665544332", ClientIP: "10.12.0.7"})
	sink.Record(ctx, audit.Event{Action: "console.login", Outcome: audit.Locked, Identifier: "3f9a0c1d2e4b5a6978877665544332", ClientIP: "10.12.0.7"})

	b := newTab(t)
	b.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
	pages := []struct{ name, path string }{
		{"payments", "/paiements"},
		{"batch", fmt.Sprintf("/paiements/lots/%d", open.ID)},
		{"batch-paid", fmt.Sprintf("/paiements/lots/%d?fait=paye", paid.ID)},
		{"campaigns", "/campagnes?season=0"},
		{"agents", "/agents"},
		{"journal", "/journal"},
	}
	for _, l := range []string{"fr", "ar"} {
		b.do(chromedp.Navigate(e.console + "/langue?l=" + l + "&next=/"))
		for _, p := range pages {
			b.do(chromedp.Navigate(e.console + p.path))
			if got := b.eval(`document.documentElement.lang`); got != l {
				t.Fatalf("%s: lang %q, want %q", p.name, got, l)
			}
			b.shoot(t, dir, p.name, l)
		}
		// A campaign form refused, with its messages next to the fields.
		b.do(chromedp.Navigate(e.console+"/campagnes"),
			chromedp.SetValue(chromedp.ID("deposit_days"), "0"),
			chromedp.SetValue(chromedp.ID("ceiling"), "beaucoup"),
			chromedp.Click(chromedp.ID("save-campaign")),
			chromedp.WaitVisible(`.field-error`))
		b.shoot(t, dir, "campaigns-errors", l)
		// A new agent's password, shown once.
		b.do(chromedp.Navigate(e.console+"/agents"),
			chromedp.SendKeys(chromedp.ID("agent-name"), "Agent "+l),
			chromedp.SendKeys(chromedp.ID("agent-email"), "agent."+l+"@fos.finances.gov.ma"),
			chromedp.Click(chromedp.ID("add-agent")),
			chromedp.WaitVisible(chromedp.ID("new-password")))
		b.shoot(t, dir, "agents-password", l)
	}
}

// shoot checks that nothing of the current page sticks out sideways and,
// when dir is set, writes its screenshot as dir/name-lang.png.
func (b *tab) shoot(t *testing.T, dir, name, l string) {
	t.Helper()
	// Nothing sticks out sideways (a page wider than the window
	// scrolls sideways, and in Arabic hides its start).
	if got := b.eval(webtest.StickingOut); got != "nothing" {
		t.Errorf("%s-%s: elements outside the window: %s", name, l, got)
	}
	if dir == "" {
		return
	}
	// The viewport is made as tall as the page: Chromium's capture
	// beyond the viewport shifts right-to-left pages sideways.
	var height int64
	fmt.Sscan(b.eval(`String(Math.max(700, document.documentElement.scrollHeight))`), &height)
	b.do(chromedp.EmulateViewport(1280, height))
	png, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	b.do(chromedp.EmulateViewport(1280, 900))
	if err := os.WriteFile(filepath.Join(dir, name+"-"+l+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
