package durability

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/smtptest"
)

func TestCrashMailSQLite(t *testing.T)   { crashMailTest(t, sqliteDB(t)) }
func TestCrashMailPostgres(t *testing.T) { crashMailTest(t, postgresDB(t)) }

// crashMailTest: an agent's receipt is answered, and the server is killed
// -9 before any mail server could take its mail (it runs without --smtp,
// so the mail can only be in the outbox). Restarted with the test sink as
// its mail server, it sends that mail, once.
func crashMailTest(t *testing.T, db database) {
	begin := time.Now()
	members := seed(t, db, 1, passwordsStore)
	const agentEmail, agentPassword = "agent.crash@fos.finances.gov.ma", "Agent-crash-2026!"
	runCLI(t, agentPassword+"\n", "agents", "add", "--db", db.url, "--name", "Agent", agentEmail)
	t.Logf("seeded in %v", time.Since(begin).Round(time.Millisecond))
	srv := startServer(t, "server", db, "--notice-delay", "0s")
	hc := newHTTPClient(2)
	loginAll(t, hc, members, srv)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := createReimbursement(ctx, hc, srv.url, members[0].token, "crash-mail-1", members[0].body(api.KindSummer))
	if r.status != http.StatusCreated {
		t.Fatalf("create: %v", r)
	}
	lr, agent := login(ctx, hc, srv.url, agentEmail, agentPassword, "")
	if agent == "" {
		t.Fatalf("agent login: %v", lr)
	}
	rr := call(ctx, hc, http.MethodPost, fmt.Sprintf("%s%s/admin/reimbursements/%d/receive", srv.url, api.BasePath, r.created.ID), agent, nil, nil)
	if rr.status != http.StatusOK {
		t.Fatalf("receive: %v", rr)
	}
	srv.kill()
	t.Logf("receipt answered and server killed at %v", time.Since(begin).Round(time.Millisecond))

	sink := smtptest.Start(t)
	again := startServer(t, "restarted", db, "--smtp", "smtp://"+sink.Addr+"?starttls=off")
	m, err := sink.Wait(0, 20*time.Second)
	if err != nil {
		t.Fatalf("no mail after the restart:\n%s", again.log)
	}
	if len(m.To) != 1 || m.To[0] != "member1@example.test" {
		t.Errorf("mail to %v", m.To)
	}
	time.Sleep(3 * time.Second) // the restarted server's outbox ticks every 2 s
	if n := len(sink.Messages()); n != 1 {
		t.Fatalf("%d mails after the restart, want 1", n)
	}
	s := db.open(t)
	defer s.Close()
	if n := count(t, s, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`); n != 0 {
		t.Errorf("%d mails still unsent", n)
	}
}
