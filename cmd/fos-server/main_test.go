package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/smtptest"
	"github.com/fos-mobile/fos/server/testkit"
)

// build compiles the binary, without cgo as shipped, into a temporary
// directory.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fos-server")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// command runs the binary to completion with stdin and returns its exit
// code and combined output.
func command(t *testing.T, bin, stdin string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "FOS_DB=", "FOS_SMTP=")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return 0, string(out)
}

// mustRun runs a set-up command that must succeed.
func mustRun(t *testing.T, bin, stdin string, args ...string) string {
	t.Helper()
	code, out := command(t, bin, stdin, args...)
	if code != 0 {
		t.Fatalf("fos-server %s: exit %d\n%s", strings.Join(args[:2], " "), code, out)
	}
	return out
}

// serve starts `fos-server serve` on a free loopback port and returns the
// process, its base URL (from the "listening" log line) and its log.
func serve(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *testkit.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "FOS_DB=", "FOS_SMTP=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	log := &testkit.Buffer{}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Bytes()
			log.Write(append(append([]byte(nil), line...), '\n'))
			var rec struct{ Msg, URL string }
			if json.Unmarshal(line, &rec) == nil && rec.Msg == "listening" && rec.URL != "" {
				urls <- rec.URL
			}
		}
	}()
	select {
	case u := <-urls:
		return cmd, u, log
	case <-time.After(20 * time.Second):
		t.Fatalf("no \"listening\" log line in 20 s:\n%s", log)
	}
	return nil, "", nil
}

// adminURL is the console's listener, from the "listening" log line.
func adminURL(t *testing.T, log *testkit.Buffer) string {
	t.Helper()
	for _, line := range strings.Split(log.String(), "\n") {
		var rec struct{ Msg, Console string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening" && rec.Console != "" {
			return rec.Console
		}
	}
	t.Fatalf("no console URL in the log:\n%s", log)
	return ""
}

// client speaks to the running binary.
type client struct {
	t    *testing.T
	base string
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (c client) do(method, path, token string, body any, header ...string) answer {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

// must fails unless the answer has status, and decodes its body into out.
func (c client) must(a answer, status int, out any) answer {
	c.t.Helper()
	if a.status != status {
		c.t.Fatalf("status %d, want %d: %s", a.status, status, a.body)
	}
	if out != nil {
		if err := json.Unmarshal(a.body, out); err != nil {
			c.t.Fatalf("decode %T: %v: %s", out, err, a.body)
		}
	}
	return a
}

func (c client) login(identifier, password string) string {
	c.t.Helper()
	var lr api.LoginResponse
	c.must(c.do("POST", "/api/v1/auth/login", "", api.LoginRequest{Identifier: identifier, Password: password}), 200, &lr)
	return lr.AccessToken
}

// codeIn returns the one-time code of a received mail, decoded from
// quoted-printable.
func codeIn(t *testing.T, m smtptest.Message) string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`\b\d{6}\b`).FindString(string(body))
	if code == "" {
		t.Fatalf("no code in the mail:\n%s", body)
	}
	return code
}

// today is the foundation's date, in which windows open.
func today() time.Time {
	return time.Now().In(api.Casablanca)
}

const (
	memberPassword = "Mot de passe de Salma 2026"
	agentPassword  = "Mot de passe de l'agent"
	newPassword    = "Nouveau mot de passe de Youssef"
	members        = "matricule,cin,last_name,first_name,email,phone,birth_date,echelle,echelon,recruitment_date,children_count\n" +
		"1234567,AB123456,El Amrani,Salma,salma.elamrani@finances.gov.ma,0612345678,1985-03-14,11,5,2010-09-01,2\n" +
		"7654321,CD654321,بنعلي,يوسف,youssef.benali@finances.gov.ma,,1979-11-02,10,8,2004-01-15,3\n"
)

func TestBinary(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "fos.db")
	csv := filepath.Join(dir, "members.csv")
	if err := os.WriteFile(csv, []byte(members), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, bin, "", "members", "import", "--db", db, csv); !strings.Contains(out, "imported 2 members") {
		t.Fatalf("import: %s", out)
	}
	mustRun(t, bin, memberPassword+"\n", "members", "set-password", "--db", db, "1234567")
	mustRun(t, bin, agentPassword+"\n", "agents", "add", "--db", db, "--name", "Agent FOS", "agent@fos.finances.gov.ma")
	now := today()
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2006-01-02") }
	season := fmt.Sprint(now.Year())
	mustRun(t, bin, "", "campaign", "set", "--db", db, "--season", season, "--kind", "summer",
		"--invoice-from", season+"-07-01", "--invoice-to", season+"-09-15", "--opens", day(0), "--closes", day(0), "--deposit-days", "15")

	sink := smtptest.Start(t)
	srv, base, log := serve(t, bin, "--db", db, "--smtp", "smtp://"+sink.Addr+"?starttls=off")
	c := client{t, base}
	secrets := []string{memberPassword, agentPassword, newPassword}

	t.Run("operator endpoints", func(t *testing.T) {
		for _, p := range []string{"/healthz", "/readyz", "/api/v1/openapi.yaml"} {
			c.must(c.do("GET", p, "", nil), 200, nil)
		}
		// /metrics moved to the console's listener (--admin-addr).
		c.must(c.do("GET", "/metrics", "", nil), 404, nil)
		admin := client{t, adminURL(t, log)}
		for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
			admin.must(admin.do("GET", p, "", nil), 200, nil)
		}
	})

	var created api.Reimbursement
	var tok string
	t.Run("member journey", func(t *testing.T) {
		tok = c.login("1234567", memberPassword)
		secrets = append(secrets, tok)
		var es api.Estivage
		c.must(c.do("GET", "/api/v1/estivage", tok, nil), 200, &es)
		if len(es.Windows) != 1 || !es.Windows[0].Open || es.Windows[0].MyRequest != nil {
			t.Fatalf("estivage %+v", es)
		}
		var me api.Profile
		c.must(c.do("GET", "/api/v1/me", tok, nil), 200, &me)
		body := api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: me.ConfirmedProfile}
		first := c.must(c.do("POST", "/api/v1/reimbursements", tok, body, api.IdempotencyKeyHeader, "e2e-key-000001"), 201, &created)
		replay := c.must(c.do("POST", "/api/v1/reimbursements", tok, body, api.IdempotencyKeyHeader, "e2e-key-000001"), 201, nil)
		if !bytes.Equal(first.body, replay.body) {
			t.Fatal("the replay differs from the first answer")
		}
		var list api.ReimbursementList
		l := c.must(c.do("GET", "/api/v1/reimbursements", tok, nil), 200, &list)
		if len(list.Items) != 1 || list.Items[0].ID != created.ID {
			t.Fatalf("list %+v", list)
		}
		c.must(c.do("GET", "/api/v1/reimbursements", tok, nil, "If-None-Match", l.header.Get("ETag")), 304, nil)
		one := c.must(c.do("GET", fmt.Sprintf("/api/v1/reimbursements/%d", created.ID), tok, nil), 200, nil)
		c.must(c.do("GET", fmt.Sprintf("/api/v1/reimbursements/%d", created.ID), tok, nil, "If-None-Match", one.header.Get("ETag")), 304, nil)
	})

	t.Run("first login through recovery, code over SMTP", func(t *testing.T) {
		c.must(c.do("POST", "/api/v1/auth/recover", "", api.RecoverRequest{Identifier: "7654321", CIN: "CD654321"}), 202, nil)
		// Earlier mails (set-password's "password changed" notice) come first.
		var m smtptest.Message
		for i := 0; len(m.To) == 0 || m.To[0] != "youssef.benali@finances.gov.ma"; i++ {
			var err error
			if m, err = sink.Wait(i, 15*time.Second); err != nil {
				t.Fatalf("no code mailed to youssef.benali@finances.gov.ma: %v\nserver log:\n%s", err, log)
			}
		}
		code := codeIn(t, m)
		secrets = append(secrets, code)
		c.must(c.do("POST", "/api/v1/auth/recover/confirm", "", api.RecoverConfirmRequest{Identifier: "7654321", Code: code, NewPassword: newPassword}), 204, nil)
		secrets = append(secrets, c.login("youssef.benali@finances.gov.ma", newPassword))
	})

	t.Run("agent transitions", func(t *testing.T) {
		agent := c.login("agent@fos.finances.gov.ma", agentPassword)
		secrets = append(secrets, agent)
		for _, step := range []struct {
			action string
			body   any
			status api.Status
		}{
			{"receive", nil, api.StatusDocumentsReceived},
			{"approve", api.ApproveRequest{AmountCentimes: 180000}, api.StatusApproved},
			{"pay", nil, api.StatusPaid},
		} {
			var re api.Reimbursement
			c.must(c.do("POST", fmt.Sprintf("/api/v1/admin/reimbursements/%d/%s", created.ID, step.action), agent, step.body), 200, &re)
			if re.Status != step.status {
				t.Fatalf("%s: status %s, want %s", step.action, re.Status, step.status)
			}
		}
		var mine api.Reimbursement
		c.must(c.do("GET", fmt.Sprintf("/api/v1/reimbursements/%d", created.ID), tok, nil), 200, &mine)
		if mine.Status != api.StatusPaid || len(mine.Events) != 4 {
			t.Fatalf("the member sees %s with %d events", mine.Status, len(mine.Events))
		}
		c.must(c.do("POST", "/api/v1/auth/logout", tok, nil), 204, nil)
		c.must(c.do("GET", "/api/v1/me", tok, nil), 401, nil)
	})

	t.Run("SIGTERM stops the server cleanly", func(t *testing.T) {
		if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- srv.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("exit: %v\n%s", err, log)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("still running 10 s after SIGTERM")
		}
		if !strings.Contains(log.String(), `"msg":"stopped"`) {
			t.Fatalf("no \"stopped\" log line:\n%s", log)
		}
	})

	t.Run("the log holds no secret", func(t *testing.T) {
		out := log.String()
		if !strings.Contains(out, "outbox: mails sent") {
			t.Fatalf("the log did not capture the mail job:\n%s", out)
		}
		for i, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("secret #%d (%.4s…) is in the server log", i, s)
			}
		}
	})
}

func TestBinaryRefusals(t *testing.T) {
	bin := build(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "fos.db")
	csv := filepath.Join(t.TempDir(), "members.csv")
	if err := os.WriteFile(csv, []byte(members), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, bin, "", "members", "import", "--db", db, csv)
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		msg   string
	}{
		{"demo on all interfaces", "", []string{"demo", "--addr", "0.0.0.0:0"}, "loopback only"},
		{"short password", "trop court\n", []string{"members", "set-password", "--db", db, "1234567"}, "between 12 and 128 characters"},
		{"no command", "", nil, "Usage:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := command(t, bin, tc.stdin, tc.args...)
			if code == 0 || !strings.Contains(out, tc.msg) {
				t.Fatalf("exit %d, output %q; want non-zero and %q", code, out, tc.msg)
			}
		})
	}
}
