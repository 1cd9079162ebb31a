package console_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/store"
)

// TestScreenshots writes a PNG of each page in French and Arabic into the
// directory named by FOS_CONSOLE_SCREENSHOTS (scripts/console-screenshots.sh
// sets it to docs/console). Without it, it only checks that each page
// renders in both languages.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("FOS_CONSOLE_SCREENSHOTS")
	e := newEnv(t)
	files := seedScreens(t, e)
	b := newTab(t)
	shoot := func(name, l string) {
		t.Helper()
		if got := b.eval(`document.documentElement.lang`); got != l {
			t.Fatalf("%s: lang %q, want %q", name, got, l)
		}
		b.shoot(t, dir, name, l)
	}
	for _, l := range []string{"fr", "ar"} {
		b.do(chromedp.Navigate(e.console + "/langue?l=" + l + "&next=/login"))
		shoot("login", l)
	}
	b.login(e.console, e.acc.Supervisor.Email, e.acc.Supervisor.Password)
	photos, tok := e.newRequest(e.acc.Member)
	first := e.uploadPage(tok, photos.ID, 0, "facture-hotel.jpg", attachmenttest.JPEG(attachmenttest.Picture(600, 800, 1), 85))
	e.uploadPage(tok, photos.ID, 0, "facture-page2.jpg", attachmenttest.JPEG(attachmenttest.Picture(600, 800, 2), 85))
	e.uploadPage(tok, photos.ID, 1, "virement.pdf", attachmenttest.PDF())
	// One document answered "à refaire": its line in the timeline.
	agent, err := e.st.AgentByEmail(context.Background(), e.acc.Agent.Email)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.st.Precheck(context.Background(), photos.ID, store.Check{Version: e.memberView(tok, photos.ID).Version,
		AgentID: agent.ID, Document: 1, Result: api.CheckRedo, Code: api.RedoIncomplete, Reason: "La page 2 du relevé manque."}); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		name, path string
		then       []chromedp.Action[chromedp.Void]
	}{
		{"dashboard", "/", nil},
		{"queue", "/dossiers?status=awaiting_documents", nil},
		{"search", "/dossiers?season=0&q=" + "العلوي", nil},
		{"counter", "/guichet", nil},
		{"counter-forged", "/guichet?code=EST-2026-000001-AAAAAAAAAAAAAAAAAAAAAAAAAA", nil},
		{"file-counter", fmt.Sprintf("/dossiers/%d?guichet=1", files.awaiting), nil},
		{"file-approve", fmt.Sprintf("/dossiers/%d", files.received), []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.ID("amount-input"), "1.234"), submit("approve")}},
		{"file-paid", fmt.Sprintf("/dossiers/%d", files.paid), nil},
		{"file-missing", fmt.Sprintf("/dossiers/%d", files.missing), nil},
		{"file-photos", fmt.Sprintf("/dossiers/%d", photos.ID), nil},
		{"photo-viewer", fmt.Sprintf("/dossiers/%d/pages/%d/voir?rot=90", photos.ID, first.ID), nil},
	}
	for _, l := range []string{"fr", "ar"} {
		b.do(chromedp.Navigate(e.console + "/langue?l=" + l + "&next=/"))
		for _, p := range pages {
			b.do(chromedp.Navigate(e.console + p.path))
			b.do(p.then...)
			shoot(p.name, l)
		}
	}
}

type screenFiles struct{ awaiting, received, paid, missing, rejected int64 }

// seedScreens gives the pages something to show: requests of demo and
// generated members in several states, one overdue, one whose member's
// record changed since.
func seedScreens(t *testing.T, e *env) screenFiles {
	ctx := context.Background()
	names := [][2]string{{"Bennani", "Hajar"}, {"العلوي", "فاطمة الزهراء"}, {"Ouazzani", "Mehdi"}, {"الإدريسي", "عمر"},
		{"Chraibi", "Nadia"}, {"Lahlou", "Rachid"}}
	var ms []store.Member
	for i, n := range names {
		ms = append(ms, store.Member{Matricule: fmt.Sprintf("90000%02d", i), CIN: fmt.Sprintf("JK%06d", 100+i),
			LastName: n[0], FirstName: n[1], Email: fmt.Sprintf("m%d@finances.gov.ma", i),
			ConfirmedProfile: api.ConfirmedProfile{BirthDate: api.Date{Year: 1980 + i, Month: 5, Day: 1 + i}, Echelle: 10,
				Echelon: 3 + i, RecruitmentDate: api.Date{Year: 2008, Month: 9, Day: 1}, ChildrenCount: i % 4}})
	}
	if _, _, err := e.st.UpsertMembers(ctx, ms); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range ms {
		m, err := e.st.MemberByIdentifier(ctx, ms[i].Matricule)
		if err != nil {
			t.Fatal(err)
		}
		kind := api.KindSummer
		if i%3 == 2 {
			kind = api.KindOffSeason
		}
		c, err := e.st.CreateReimbursement(ctx, m.ID, fmt.Sprintf("screens-%d", i),
			api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: m.ConfirmedProfile})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.Reimbursement.ID)
	}
	agent, err := e.st.AgentByEmail(ctx, e.acc.Agent.Email)
	if err != nil {
		t.Fatal(err)
	}
	act := func(id int64, a store.Action) {
		r, err := e.st.AdminReimbursement(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Version, a.AgentID = r.Version, agent.ID
		if _, _, err := e.st.Act(ctx, id, a); err != nil {
			t.Fatal(err)
		}
	}
	act(ids[1], store.Action{Kind: store.ActReceive})
	act(ids[2], store.Action{Kind: store.ActReceive})
	act(ids[2], store.Action{Kind: store.ActApprove, AmountCentimes: 245000})
	act(ids[2], store.Action{Kind: store.ActPay})
	act(ids[3], store.Action{Kind: store.ActMissing, Missing: []int{1, 3}})
	act(ids[3], store.Action{Kind: store.ActNote, Note: "Rappelé le 2 décembre : apportera le RIB."})
	act(ids[4], store.Action{Kind: store.ActReject, Reason: api.ReasonInvoiceOutOfPeriod, Note: "Facture du 20 septembre."})
	// One deadline passed; one member promoted since the request.
	if _, err := e.st.DB().Exec(`UPDATE reimbursements SET deposit_deadline = '2026-11-02' WHERE id = $1`, ids[5]); err != nil {
		t.Fatal(err)
	}
	ms[1].Echelon, ms[1].ChildrenCount = 9, 2
	if _, _, err := e.st.UpsertMembers(ctx, ms[1:2]); err != nil {
		t.Fatal(err)
	}
	return screenFiles{awaiting: ids[0], received: ids[1], paid: ids[2], missing: ids[3], rejected: ids[4]}
}
