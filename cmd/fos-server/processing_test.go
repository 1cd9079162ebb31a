package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestDefaultProcessingFlag: --default-processing-days is the time from
// receipt to payment assumed while a window has no paid request, so a new
// request is estimated to be paid that many days from today; 0 is refused.
func TestDefaultProcessingFlag(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "fos.db")
	if code, out := command(t, bin, "", "serve", "--db", db, "--default-processing-days", "0"); code == 0 {
		t.Fatalf("--default-processing-days 0 accepted:\n%s", out)
	}
	csv := filepath.Join(dir, "members.csv")
	if err := os.WriteFile(csv, []byte(members), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, bin, "", "members", "import", "--db", db, csv)
	mustRun(t, bin, memberPassword+"\n", "members", "set-password", "--db", db, "1234567")
	now := today()
	season := fmt.Sprint(now.Year())
	mustRun(t, bin, "", "campaign", "set", "--db", db, "--season", season, "--kind", "summer", "--invoice-from", season+"-07-01",
		"--invoice-to", season+"-09-15", "--opens", now.Format("2006-01-02"), "--closes", now.Format("2006-01-02"), "--deposit-days", "15")
	_, base, _ := serve(t, bin, "--db", db, "--default-processing-days", "3")
	c := client{t: t, base: base}
	tok := c.login("1234567", memberPassword)
	var me api.Profile
	c.must(c.do("GET", "/api/v1/me", tok, nil), 200, &me)
	var created api.Reimbursement
	c.must(c.do("POST", "/api/v1/reimbursements", tok, api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: me.ConfirmedProfile},
		api.IdempotencyKeyHeader, "flag-key-000001"), 201, &created)
	var got api.Reimbursement
	c.must(c.do("GET", fmt.Sprintf("/api/v1/reimbursements/%d", created.ID), tok, nil), 200, &got)
	if want := api.DateOf(today().AddDate(0, 0, 3)); got.EstimatedPaymentDate == nil || *got.EstimatedPaymentDate != want {
		t.Fatalf("estimated payment date %v, want %s", got.EstimatedPaymentDate, want)
	}
}
