package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/cli"
	"github.com/fos-mobile/fos/server/smtptest"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
)

// TestServeTakesTheSMTPPasswordOutsideArgv: serve authenticates to the
// mail server with the password of --smtp-password-file or
// FOS_SMTP_PASSWORD, which never reaches the log, and refuses a password
// given twice.
func TestServeTakesTheSMTPPasswordOutsideArgv(t *testing.T) {
	const secret = "S3cret-du-serveur-mail"
	for _, tc := range []struct {
		name     string
		file     string // the password file's content; "" for none
		env      string // FOS_SMTP_PASSWORD
		inURL    string // a password in --smtp
		wantCode int
		wantErr  string
	}{
		{"from a file", secret + "\n", "", "", 0, ""},
		{"from the environment", "", secret, "", 0, ""},
		{"twice", secret + "\n", "", "other", 1, "given twice"},
		{"empty file", "\n", "", "", 1, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := db(t)
			seedMail(t, url)
			sink := smtptest.Start(t)
			t.Setenv("FOS_SMTP_PASSWORD", tc.env)
			user := "mailer"
			if tc.inURL != "" {
				user += ":" + tc.inURL
			}
			// Port 0 for the console too: its default port may be taken by
			// another package's test running at the same time.
			args := []string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--db", url, "--smtp", "smtp://" + user + "@" + sink.Addr + "?starttls=off"}
			if tc.file != "" {
				p := filepath.Join(t.TempDir(), "smtp-password")
				if err := os.WriteFile(p, []byte(tc.file), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--smtp-password-file", p)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stderr testkit.Buffer
			done := make(chan int, 1)
			go func() {
				done <- cli.Main(ctx, args, cli.Env{Stdin: strings.NewReader(""), Stdout: &stderr, Stderr: &stderr, Params: auth.TestParams})
			}()
			if tc.wantCode != 0 {
				if code := <-done; code != tc.wantCode || !strings.Contains(stderr.String(), tc.wantErr) {
					t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.wantCode, tc.wantErr)
				}
				return
			}
			m, err := sink.Wait(0, 20*time.Second)
			if err != nil {
				t.Fatalf("no mail sent: %v\n%s", err, stderr.String())
			}
			if m.User != "mailer" || m.Password != secret {
				t.Fatalf("authenticated as %q / %q, want mailer and the password", m.User, m.Password)
			}
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if strings.Contains(stderr.String(), "S3cret") {
				t.Fatalf("the log shows the password: %s", stderr.String())
			}
		})
	}
}

// seedMail queues one mail in the outbox of the database at url.
func seedMail(t *testing.T, url string) {
	t.Helper()
	if code, _, stderr := run(t, "", "members", "import", "--db", url, csvFile(t, salma)); code != 0 {
		t.Fatal(stderr)
	}
	s := open(t, url)
	ctx := context.Background()
	m, err := s.MemberByIdentifier(ctx, "1234567")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateRecoveryCode(ctx, m.ID, "h", time.Minute, store.Mail{To: m.Email, Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
}

// TestUsageHidesQueryPasswords: a password in a URL's query is hidden as
// well as one in its user information.
func TestUsageHidesQueryPasswords(t *testing.T) {
	t.Setenv("FOS_DB", "postgres://db.example/fos?user=fos&password=S3cretDB")
	t.Setenv("FOS_SMTP", "smtp://mx.example:587?password=S3cretSMTP")
	code, _, stderr := run(t, "", "serve", "--adr", "x")
	if code != 2 || !strings.Contains(stderr, "postgres://db.example/fos?user=fos&password=…") {
		t.Fatalf("exit %d, stderr %q; want 2 and the URLs without their passwords", code, stderr)
	}
	if strings.Contains(stderr, "S3cret") {
		t.Fatalf("the usage shows a password: %q", stderr)
	}
}

// TestServeWarnsOfADatabasePasswordInArgv: a password written in --db
// (user information or query) works but is warned of, since ps shows it
// for the server's whole life; FOS_DB is the place for it. The warning
// itself never shows the password.
func TestServeWarnsOfADatabasePasswordInArgv(t *testing.T) {
	const warning = "the database password is in the command line"
	for _, tc := range []struct {
		name, flag, env string
		warned          bool
	}{
		{"in the user information", "postgres://fos:S3cretDB@127.0.0.1:1/fos", "", true},
		{"in the query", "postgres://fos@127.0.0.1:1/fos?sslmode=disable&password=S3cretDB", "", true},
		{"a user without a password", "postgres://fos@127.0.0.1:1/fos", "", false},
		{"in FOS_DB", "", "postgres://fos:S3cretDB@127.0.0.1:1/fos", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("FOS_DB", tc.env)
			args := []string{"serve", "--addr", "127.0.0.1:0"}
			if tc.flag != "" {
				args = append(args, "--db", tc.flag)
			}
			// Nothing listens on port 1: serve stops once it tried the database.
			code, _, stderr := run(t, "", args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1 (no database): %s", code, stderr)
			}
			if got := strings.Contains(stderr, warning); got != tc.warned {
				t.Fatalf("warned %v, want %v: %s", got, tc.warned, stderr)
			}
			if strings.Contains(stderr, "S3cret") {
				t.Fatalf("stderr shows the password: %s", stderr)
			}
		})
	}
}
