package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/jobs"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/smtptest"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testserver"
)

// seeded opens a SQLite store in a temporary file with the demo data.
func seeded(t *testing.T, c *testkit.FakeClock) (*store.Store, demo.Accounts) {
	t.Helper()
	sd := testserver.Seed(t, "", store.Options{Now: c.Now})
	return sd.Store, sd.Acc
}

// run starts a runner until the test ends.
func run(t *testing.T, r *jobs.Runner) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func smtpSender(t *testing.T, sink *smtptest.Server) mail.Sender {
	t.Helper()
	c, err := mail.ParseSMTP("smtp://"+sink.Addr+"?starttls=off", "no-reply@fos.finances.gov.ma")
	if err != nil {
		t.Fatal(err)
	}
	return mail.SMTP(c)
}

// TestOutboxSentOnceByManyRunners runs three runners, as three replicas
// would, on one outbox: each mail reaches the SMTP server exactly once.
func TestOutboxSentOnceByManyRunners(t *testing.T) {
	c := testkit.NewFakeClock(time.Now())
	s, acc := seeded(t, c)
	ctx := context.Background()
	m, err := s.MemberByIdentifier(ctx, acc.FirstLogin.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	const mails = 6
	for i := range mails {
		err := s.CreateRecoveryCode(ctx, m.ID, fmt.Sprintf("hash-%d", i), 10*time.Minute,
			store.Mail{To: m.Email, Subject: "Code", Body: fmt.Sprintf("code %d", i)})
		if err != nil {
			t.Fatal(err)
		}
	}
	sink := smtptest.Start(t)
	for range 3 {
		run(t, &jobs.Runner{Store: s, Send: smtpSender(t, sink), Log: slog.New(slog.DiscardHandler),
			MailEvery: 5 * time.Millisecond, ExpireEvery: time.Hour})
	}
	if _, err := sink.Wait(mails-1, 10*time.Second); err != nil {
		t.Fatalf("%d of %d mails arrived: %v", len(sink.Messages()), mails, err)
	}
	time.Sleep(100 * time.Millisecond) // time for a duplicate to show up
	seen := map[string]int{}
	for _, msg := range sink.Messages() {
		for i := range mails {
			if bytes.Contains(msg.Data, fmt.Appendf(nil, "code %d", i)) {
				seen[fmt.Sprint(i)]++
			}
		}
	}
	if len(sink.Messages()) != mails || len(seen) != mails {
		t.Fatalf("%d messages, distinct codes %v; want each of %d once", len(sink.Messages()), seen, mails)
	}
}

// TestOutboxRetriesAfterFailure: while the mail server fails, the mail
// waits; it goes out once the server answers, and the log has no code.
func TestOutboxRetriesAfterFailure(t *testing.T) {
	c := testkit.NewFakeClock(time.Now())
	s, acc := seeded(t, c)
	ctx := context.Background()
	m, err := s.MemberByIdentifier(ctx, acc.FirstLogin.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "code 424242"
	if err := s.CreateRecoveryCode(ctx, m.ID, "hash", 10*time.Minute, store.Mail{To: m.Email, Subject: "Code", Body: secret}); err != nil {
		t.Fatal(err)
	}
	sink := smtptest.Start(t)
	real := smtpSender(t, sink)
	var calls atomic.Int32
	flaky := func(ctx context.Context, m store.Mail) error {
		if calls.Add(1) <= 2 {
			return errors.New("451 try again later")
		}
		return real(ctx, m)
	}
	var logs testkit.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	run(t, &jobs.Runner{Store: s, Send: flaky, Log: log, MailEvery: 5 * time.Millisecond, ExpireEvery: time.Hour})
	// The store backs a failed mail off; move the clock past it.
	deadline := time.Now().Add(10 * time.Second)
	for len(sink.Messages()) == 0 && time.Now().Before(deadline) {
		c.Add(time.Minute)
		time.Sleep(10 * time.Millisecond)
	}
	if got := len(sink.Messages()); got != 1 {
		t.Fatalf("%d mails after %d tries, want 1", got, calls.Load())
	}
	if calls.Load() < 3 {
		t.Fatalf("%d tries; the two failures were not retried", calls.Load())
	}
	got := logs.String()
	if !strings.Contains(got, "outbox: sending failed") {
		t.Errorf("the failure was not logged: %s", got)
	}
	if strings.Contains(got, "424242") {
		t.Errorf("the log holds the one-time code: %s", got)
	}
}

// TestExpiry: a request whose deposit deadline has passed is expired by
// the runner, with a system event, and only once.
func TestExpiry(t *testing.T) {
	c := testkit.NewFakeClock(time.Now())
	s, acc := seeded(t, c)
	ctx := context.Background()
	m, err := s.MemberByIdentifier(ctx, acc.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	created, err := s.CreateReimbursement(ctx, m.ID, "jobs-expiry-0001",
		api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: m.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	c.Add(40 * 24 * time.Hour)
	for range 2 {
		run(t, &jobs.Runner{Store: s, Log: slog.New(slog.DiscardHandler), MailEvery: time.Hour, ExpireEvery: 5 * time.Millisecond})
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := s.Reimbursement(ctx, m.ID, created.Reimbursement.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == api.StatusExpired {
			time.Sleep(50 * time.Millisecond)
			r, _ = s.Reimbursement(ctx, m.ID, created.Reimbursement.ID)
			n := 0
			for _, e := range r.Events {
				if e.Status == api.StatusExpired {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%d expired events, want 1: %+v", n, r.Events)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %s after the deadline passed", r.Status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPagesRetention: the runner deletes the pages of an ended request
// once its retention has passed, and not before.
func TestPagesRetention(t *testing.T) {
	c := testkit.NewFakeClock(time.Now())
	s, acc := seeded(t, c)
	ctx := context.Background()
	m, err := s.MemberByIdentifier(ctx, acc.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	created, err := s.CreateReimbursement(ctx, m.ID, "jobs-pages-0001",
		api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: m.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	id := created.Reimbursement.ID
	if _, _, err := s.AddPage(ctx, m.ID, id, "jobs-page-key", "h", store.NewPage{Name: "f.jpg", ContentType: "image/jpeg", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Transition(ctx, id, store.MoveCancel, store.Change{MemberID: m.ID}); err != nil {
		t.Fatal(err)
	}
	pages := func() int {
		var n int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM pages`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	c.Add(9 * 24 * time.Hour)
	run(t, &jobs.Runner{Store: s, Log: slog.New(slog.DiscardHandler), MailEvery: time.Hour, ExpireEvery: time.Hour, AttachmentRetention: 10 * 24 * time.Hour})
	time.Sleep(100 * time.Millisecond) // the runner's first pass
	if pages() != 1 {
		t.Fatal("a page was deleted before its retention")
	}
	c.Add(2 * 24 * time.Hour)
	run(t, &jobs.Runner{Store: s, Log: slog.New(slog.DiscardHandler), MailEvery: time.Hour, ExpireEvery: 5 * time.Millisecond, AttachmentRetention: 10 * 24 * time.Hour})
	deadline := time.Now().Add(10 * time.Second)
	for pages() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the page outlived its retention")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
