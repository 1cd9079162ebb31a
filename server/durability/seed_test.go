package durability

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
)

// member is a seeded member as the test knows it.
type member struct {
	id        int64 // members.id, for the SQL checks
	matricule string
	password  string
	profile   api.ConfirmedProfile
	token     string // once logged in
}

// body is the create request this member sends for kind.
func (m member) body(kind api.Kind) api.CreateReimbursementRequest {
	return api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: m.profile}
}

// How seed sets passwords.
const (
	// passwordsCLI runs `fos-server members set-password` per member, with
	// the password on stdin, as an operator does.
	passwordsCLI = iota
	// passwordsStore writes one shared argon2id hash of cheap parameters
	// (auth.TestParams) straight into the database. A hash carries its own
	// parameters, so the server then checks logins cheaply too: thousands of
	// members log in in seconds where login cost is not under test.
	passwordsStore
)

// seed imports n members through `fos-server members import` (a generated
// CSV), opens both windows of this year's season today through
// `fos-server campaign set`, and gives every member a password.
func seed(t *testing.T, db database, n int, passwords int) []member {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("matricule,cin,last_name,first_name,email,phone,birth_date,echelle,echelon,recruitment_date,children_count\n")
	firsts := []string{"Sara", "Youssef", "سعاد", "Karim", "مريم", "Hicham"}
	lasts := []string{"Alaoui", "Bennani", "الإدريسي", "Tazi", "El Fassi", "بنجلون"}
	members := make([]member, n)
	for i := range members {
		m := &members[i]
		m.matricule = fmt.Sprintf("7%06d", i+1)
		m.password = fmt.Sprintf("durabilite-%06d-mdp", i+1)
		birth := api.Date{Year: 1965 + i%35, Month: time.Month(1 + i%12), Day: 1 + i%28}
		recruited := api.Date{Year: birth.Year + 22 + i%5, Month: 9, Day: 1}
		m.profile = api.ConfirmedProfile{BirthDate: birth, Echelle: 1 + i%20, Echelon: 1 + i%10,
			RecruitmentDate: recruited, ChildrenCount: i % 5}
		fmt.Fprintf(&csv, "%s,AB%d,%s,%s,member%d@example.test,,%s,%d,%d,%s,%d\n", m.matricule, 100000+i,
			lasts[i%len(lasts)], firsts[i%len(firsts)], i+1, birth, m.profile.Echelle, m.profile.Echelon,
			recruited, m.profile.ChildrenCount)
	}
	file := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", "members", "import", "--db", db.url, file)
	openCampaign(t, db)

	s := db.open(t)
	defer s.Close()
	ctx := queryCtx(t)
	rows, err := s.DB().QueryContext(ctx, `SELECT id, matricule FROM members`)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for rows.Next() {
		var id int64
		var mat string
		if err := rows.Scan(&id, &mat); err != nil {
			t.Fatal(err)
		}
		ids[mat] = id
	}
	rows.Close()
	for i := range members {
		if members[i].id = ids[members[i].matricule]; members[i].id == 0 {
			t.Fatalf("member %s was not imported", members[i].matricule)
		}
	}

	switch passwords {
	case passwordsCLI:
		setPasswordsCLI(t, db, members)
	case passwordsStore:
		h, err := auth.NewHasher(auth.TestParams)
		if err != nil {
			t.Fatal(err)
		}
		hash, err := h.Hash(members[0].password)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE members SET password_hash = $1`, hash); err != nil {
			t.Fatal(err)
		}
		for i := range members {
			members[i].password = members[0].password
		}
	}
	return members
}

// setPasswordsCLI runs set-password for every member, two at a time.
func setPasswordsCLI(t *testing.T, db database, members []member) {
	t.Helper()
	bin := binary(t)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	errs := make(chan string, len(members))
	for _, m := range members {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			out, err := cliOutput(ctx, bin, m.password+"\n", "members", "set-password", "--db", db.url, m.matricule)
			if err != nil || !strings.Contains(out, "password set for "+m.matricule) {
				errs <- fmt.Sprintf("set-password %s: %v: %s", m.matricule, err, out)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if t.Failed() {
		t.FailNow()
	}
}

// openCampaign opens both windows of this year's season, from yesterday to
// a month from now in the foundation's time zone, whatever today is.
func openCampaign(t *testing.T, db database) {
	t.Helper()
	now := time.Now().In(api.Casablanca)
	season := now.Year()
	day := func(d time.Time) string { return d.Format("2006-01-02") }
	for _, w := range []struct{ kind, from, to string }{
		{"summer", "07-01", "09-15"},
		{"off_season", "09-16", "11-30"},
	} {
		runCLI(t, "", "campaign", "set", "--db", db.url, "--season", fmt.Sprint(season), "--kind", w.kind,
			"--invoice-from", fmt.Sprintf("%d-%s", season, w.from), "--invoice-to", fmt.Sprintf("%d-%s", season, w.to),
			"--opens", day(now.AddDate(0, 0, -1)), "--closes", day(now.AddDate(0, 1, 0)), "--deposit-days", "15")
	}
}
