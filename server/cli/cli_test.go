package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/cli"
	"github.com/fos-mobile/fos/server/store"
)

// run calls cli.Main as the binary would, with stdin, and returns the exit
// code and both outputs.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), args, cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Params: auth.TestParams})
	return code, out.String(), errOut.String()
}

// db is a fresh SQLite database URL in a temporary directory.
func db(t *testing.T) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "fos.db")
}

// open opens the database the commands wrote, for checking.
func open(t *testing.T, url string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func count(t *testing.T, s *store.Store, query string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// csvFile writes rows under the header and returns the path.
func csvFile(t *testing.T, rows ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "members.csv")
	body := "matricule,cin,last_name,first_name,email,phone,birth_date,echelle,echelon,recruitment_date,children_count\r\n" + strings.Join(rows, "\r\n") + "\r\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	salma   = "1234567,AB123456,El Amrani,Salma,salma.elamrani@finances.gov.ma,0612345678,1985-03-14,11,5,2010-09-01,2"
	youssef = "7654321,CD654321,بنعلي,يوسف,youssef.benali@finances.gov.ma,,1979-11-02,10,8,2004-01-15,3"
	karim   = "1112223,EF111222,Tazi,Karim,karim.tazi@finances.gov.ma,0611122233,1990-06-30,9,3,2016-05-02,0"
)

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no command", nil, 2, "Usage:"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"unknown sub-command", []string{"members", "delete"}, 2, `unknown command "members delete"`},
		{"unknown flag", []string{"members", "import", "--nope"}, 2, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
			if tc.msg != "" && strings.Count(stderr, tc.msg) != 1 {
				t.Fatalf("stderr says %q %d times: %q", tc.msg, strings.Count(stderr, tc.msg), stderr)
			}
		})
	}
}

func TestMembersImport(t *testing.T) {
	url := db(t)
	code, stdout, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma, youssef))
	if code != 0 || !strings.Contains(stdout, "imported 2 members: 2 new, 0 updated") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	s := open(t, url)
	m, err := s.MemberByIdentifier(context.Background(), "7654321")
	if err != nil || m.LastName != "بنعلي" || m.FirstName != "يوسف" || m.ChildrenCount != 3 {
		t.Fatalf("imported member %+v, %v", m, err)
	}

	t.Run("upsert by matricule keeps the password", func(t *testing.T) {
		if code, _, stderr := run(t, "Mot de passe de Salma\n", "members", "set-password", "--db", url, "1234567"); code != 0 {
			t.Fatalf("set-password: %s", stderr)
		}
		before, _ := s.MemberByIdentifier(context.Background(), "1234567")
		promoted := strings.Replace(salma, ",11,5,", ",12,1,", 1)
		code, stdout, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, promoted, karim))
		if code != 0 || !strings.Contains(stdout, "imported 2 members: 1 new, 1 updated") {
			t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
		}
		after, _ := s.MemberByIdentifier(context.Background(), "1234567")
		if after.Echelle != 12 || after.Echelon != 1 || after.ID != before.ID {
			t.Fatalf("after re-import %+v, want echelle 12 echelon 1 on the same row", after.ConfirmedProfile)
		}
		if after.PasswordHash == "" || after.PasswordHash != before.PasswordHash {
			t.Fatal("re-import lost the member's password")
		}
		if n := count(t, s, `SELECT COUNT(*) FROM members`); n != 3 {
			t.Fatalf("%d members, want 3", n)
		}
	})
	t.Run("an e-mail taken by another member imports nothing", func(t *testing.T) {
		thief := "5550001,GH555000,Idrissi,Omar,karim.tazi@finances.gov.ma,,1988-01-01,8,2,2012-01-01,0"
		newcomer := "5550002,GH555001,Idrissi,Amal,amal@finances.gov.ma,,1989-01-01,8,2,2013-01-01,0"
		code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, newcomer, thief))
		if code != 1 || !strings.Contains(stderr, "nothing was imported") || !strings.Contains(stderr, "karim.tazi@finances.gov.ma") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM members`); n != 3 {
			t.Fatalf("%d members, want 3: a partial import", n)
		}
	})
}

func TestMembersImportBadFileImportsNothing(t *testing.T) {
	url := db(t)
	badCIN := strings.Replace(karim, "EF111222", "111222", 1)
	badDate := strings.Replace(youssef, "1979-11-02", "02/11/1979", 1)
	code, stdout, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma, badCIN, strings.Replace(karim, ",9,3,", ",9,99,", 1), badDate))
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout %s", code, stdout)
	}
	for _, w := range []string{"3 bad row(s); nothing was imported", "line 3: cin", "line 4: echelon", "line 5: birth_date"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not list %q:\n%s", w, stderr)
		}
	}
	if strings.Contains(stderr, "line 2:") {
		t.Errorf("the good row is listed as bad:\n%s", stderr)
	}
	if n := count(t, open(t, url), `SELECT COUNT(*) FROM members`); n != 0 {
		t.Fatalf("%d members imported from a bad file, want 0", n)
	}
	t.Run("missing file", func(t *testing.T) {
		if code, _, stderr := run(t, "", "members", "import", "--db", url, filepath.Join(t.TempDir(), "nope.csv")); code != 1 || !strings.Contains(stderr, "no such file") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
	})
}

func TestSetPassword(t *testing.T) {
	url := db(t)
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma)); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		msg         string
	}{
		{"short password", "court\n", []string{"1234567"}, 1, "between 12 and 128"},
		{"common password", "Password2026!\n", []string{"1234567"}, 1, "most common"},
		{"129 characters", strings.Repeat("p", 129) + "\n", []string{"1234567"}, 1, "between 12 and 128"},
		{"password as an argument", "", []string{"1234567", "Mon-mot-de-passe-1"}, 1, "read from standard input"},
		{"unknown matricule", "Un mot de passe long\n", []string{"0000000"}, 1, "member 0000000"},
		{"from standard input", "Un mot de passe long\r\n", []string{"1234567"}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.stdin, append([]string{"members", "set-password", "--db", url}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
			if strings.Contains(stdout+stderr, strings.TrimSpace(tc.stdin)) && tc.stdin != "" {
				t.Fatal("the password was echoed")
			}
		})
	}
	m, err := open(t, url).MemberByIdentifier(context.Background(), "1234567")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := auth.NewHasher(auth.TestParams)
	if !strings.HasPrefix(m.PasswordHash, "$argon2id$") || !h.Verify("Un mot de passe long", m.PasswordHash) {
		t.Fatalf("stored hash %.30q does not verify the password without its line end", m.PasswordHash)
	}
	// The one successful change mailed the member a notice, without the password.
	var to, body string
	if err := open(t, url).DB().QueryRow(`SELECT to_addr, body FROM outbox WHERE subject LIKE '%modifié%'`).Scan(&to, &body); err != nil {
		t.Fatalf("no notice queued: %v", err)
	}
	if to != "salma.elamrani@finances.gov.ma" || strings.Contains(body, "Un mot de passe long") || !strings.Contains(body, "Votre mot de passe a été modifié") {
		t.Fatalf("notice to %s:\n%s", to, body)
	}
}

func TestAgentsAdd(t *testing.T) {
	url := db(t)
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma)); code != 0 {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		out, msg    string
	}{
		{"new agent", "Mot de passe agent 1\n", []string{"--name", "Nadia Agent", "Nadia@FOS.finances.gov.ma"}, 0, "agent nadia@fos.finances.gov.ma added", ""},
		{"same agent again", "Mot de passe agent 2\n", []string{"nadia@fos.finances.gov.ma"}, 0, "updated (sessions ended)", ""},
		{"not an e-mail", "Mot de passe agent 3\n", []string{"nadia"}, 1, "", "e-mail"},
		{"short password", "court\n", []string{"omar@fos.finances.gov.ma"}, 1, "", "between 12 and 128"},
		{"a member's e-mail", "Mot de passe agent 4\n", []string{"Salma.ElAmrani@finances.gov.ma"}, 1, "", "salma.elamrani@finances.gov.ma is a member's e-mail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.stdin, append([]string{"agents", "add", "--db", url}, tc.args...)...)
			if code != tc.code || !strings.Contains(stdout, tc.out) || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
		})
	}
	a, err := open(t, url).AgentByEmail(context.Background(), "nadia@fos.finances.gov.ma")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := auth.NewHasher(auth.TestParams)
	if !h.Verify("Mot de passe agent 2", a.PasswordHash) {
		t.Fatal("the second add did not replace the password")
	}
	if n := count(t, open(t, url), `SELECT COUNT(*) FROM agents`); n != 1 {
		t.Fatalf("%d agents, want 1", n)
	}
}

func TestCampaignSet(t *testing.T) {
	url := db(t)
	base := []string{"campaign", "set", "--db", url, "--season", "2026", "--kind", "summer", "--invoice-from", "2026-07-01",
		"--invoice-to", "2026-09-15", "--opens", "2026-07-01", "--closes", "2026-10-15", "--deposit-days", "20"}
	with := func(flag, value string) []string {
		out := append([]string(nil), base...)
		for i := range out {
			if out[i] == flag {
				out[i+1] = value
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing flags", []string{"campaign", "set", "--db", url, "--season", "2026"}, 1, "missing --kind, --invoice-from, --invoice-to, --opens, --closes"},
		{"unknown kind", with("--kind", "winter"), 1, "kind"},
		{"closes before it opens", with("--closes", "2026-06-01"), 1, "reversed"},
		{"not a date", with("--opens", "01/07/2026"), 2, "YYYY-MM-DD"},
		{"no deposit days", with("--deposit-days", "0"), 1, "deposit days"},
		{"documents in French only", append(append([]string(nil), base...), "--documents-fr", "Facture"), 1, "Arabic"},
		{"stray argument", append(append([]string(nil), base...), "extra"), 1, "unexpected argument"},
		{"valid", append(append([]string(nil), base...), "--documents-fr", "Facture originale", "--documents-ar", "أصل الفاتورة"), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.msg)
			}
		})
	}
	cs, err := open(t, url).CurrentCampaigns(context.Background())
	if err != nil || len(cs) != 1 {
		t.Fatalf("campaigns %+v, %v", cs, err)
	}
	c := cs[0]
	if c.Kind != api.KindSummer || c.ClosesOn.String() != "2026-10-15" || c.DepositDays != 20 || c.Documents.AR[0] != "أصل الفاتورة" || c.Location.FR == "" {
		t.Fatalf("stored campaign %+v", c)
	}
}

func TestDemoRefusesNonLoopback(t *testing.T) {
	for _, tc := range []struct {
		name, addr string
	}{
		{"all interfaces", "0.0.0.0:0"},
		{"all IPv6 interfaces", "[::]:0"},
		{"empty host", ":0"},
		{"a LAN address", "192.0.2.10:0"},
		{"a host name", "fos.example.org:0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", "demo", "--addr", tc.addr)
			if code != 1 || !strings.Contains(stderr, "loopback only") {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if stdout != "" {
				t.Fatalf("demo printed credentials: %q", stdout)
			}
		})
	}
}

// TestUsageHidesPasswords: a bad flag prints the usage, with defaults from
// the environment; the passwords in them are not printed.
func TestUsageHidesPasswords(t *testing.T) {
	t.Setenv("FOS_DB", "postgres://fos:S3cretDB@db.example/fos")
	t.Setenv("FOS_SMTP", "smtp://mailer:S3cretSMTP@mx.example:587")
	code, _, stderr := run(t, "", "serve", "--adr", "x")
	if code != 2 || !strings.Contains(stderr, "postgres://…@db.example/fos") || !strings.Contains(stderr, "smtp://…@mx.example:587") {
		t.Fatalf("exit %d, stderr %q; want 2 and the URLs without their passwords", code, stderr)
	}
	if strings.Contains(stderr, "S3cret") {
		t.Fatalf("the usage shows a password: %q", stderr)
	}
}

// TestMembersImportRefusesAnAgentsEmail: a member may not take an agent's
// e-mail; the file imports nothing and the error names the line's member.
func TestMembersImportRefusesAnAgentsEmail(t *testing.T) {
	url := db(t)
	if code, _, stderr := run(t, "Mot de passe agent 1\n", "agents", "add", "--db", url, "Karim.Tazi@finances.gov.ma"); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma, karim))
	if code != 1 || !strings.Contains(stderr, "nothing was imported") || !strings.Contains(stderr, "matricule 1112223") ||
		!strings.Contains(stderr, "an agent's e-mail") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if n := count(t, open(t, url), `SELECT COUNT(*) FROM members`); n != 0 {
		t.Fatalf("%d members imported, want none", n)
	}
}
