package mail_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/jobs"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit/testdb"
	"github.com/fos-mobile/fos/translations"
)

// TestTwoReplicas runs two servers' job runners on one PostgreSQL
// database, sending to one sink, ticking fast: a grouped step's mail and a
// deadline reminder each arrive exactly once.
func TestTwoReplicas(t *testing.T) {
	url := testdb.Schema(t, "fos_mail_replicas")
	w := newWorld(t, url)
	other, err := store.Open(t.Context(), url, store.Options{Now: w.clock.Now,
		Notices: mail.Notices(mail.NoticeConfig{SettingsURL: settingsURL}), NoticeDelay: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	c, stepped := w.member(t, w.srv.Member.Identifier, w.srv.Member.Password)
	me, err := c.Me(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	reminded, err := c.CreateReimbursement(t.Context(), c.NewIdempotencyKey(),
		api.CreateReimbursementRequest{Kind: api.KindOffSeason, ConfirmedProfile: me.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	for _, st := range []*store.Store{w.srv.Store, other} {
		r := &jobs.Runner{Store: st, Send: sinkSender(w.sink), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			MailEvery: 5 * time.Millisecond, ExpireEvery: 5 * time.Millisecond}
		go func() { r.Run(ctx); done <- struct{}{} }()
	}
	t.Cleanup(func() { stop(); <-done; <-done })

	w.srv.AgentDo(t, stepped.ID, "receive", nil)
	w.srv.AgentDo(t, stepped.ID, "approve", api.ApproveRequest{AmountCentimes: 90000})
	w.clock.Add(6 * time.Minute)
	if _, err := w.sink.Wait(0, 10*time.Second); err != nil {
		t.Fatal("the step's mail never came")
	}
	// A mail is marked sent just after the sink has it: jumping days ahead
	// before that would end its sender's lease, which real time never does
	// within one send.
	waitSent(t, other)
	w.clock.Set(reminded.DepositDeadline.AddDays(-3).In(api.Casablanca).Add(8 * time.Hour))
	if _, err := w.sink.Wait(1, 10*time.Second); err != nil {
		t.Fatal("the reminder never came")
	}
	time.Sleep(300 * time.Millisecond) // dozens more ticks of both runners
	got := w.sink.Messages()
	if len(got) != 2 {
		for _, m := range got {
			t.Logf("%s %s", m.To, decode(t, m).subject)
		}
		t.Fatalf("%d mails, want exactly 2 (one step, one reminder)", len(got))
	}
	if s := decode(t, got[0]).subject; s != "FOS – Votre demande "+stepped.Reference+" : Approuvée" {
		t.Errorf("first mail %q", s)
	}
	if s := decode(t, got[1]).subject; s != "FOS – Rappel : déposez vos originaux avant le "+translations.New(translations.FR).Date(reminded.DepositDeadline) {
		t.Errorf("second mail %q", s)
	}
}

// waitSent waits until the outbox holds nothing unsent.
func waitSent(t *testing.T, st *store.Store) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the outbox never emptied")
}
