package mail_test

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/smtptest"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testkit/testdb"
	"github.com/fos-mobile/fos/server/testserver"
)

// start is the foundation's morning of 10 July 2026, in the summer window.
var start = time.Date(2026, 7, 10, 9, 0, 0, 0, api.Casablanca)

const settingsURL = "https://fos.example/parametres"

// world is a real server (real router, real store) whose clock the test
// moves, and the test SMTP sink the outbox is sent to.
type world struct {
	srv   *testserver.Server
	clock *testkit.FakeClock
	sink  *smtptest.Server
	send  mail.Sender
}

func newWorld(t *testing.T, url string) *world {
	t.Helper()
	clock := testkit.NewFakeClock(start)
	srv := testserver.NewWith(t, url, store.Options{Now: clock.Now,
		Notices: mail.Notices(mail.NoticeConfig{SettingsURL: settingsURL}), NoticeDelay: 5 * time.Minute})
	sink := smtptest.Start(t)
	return &world{srv: srv, clock: clock, sink: sink, send: sinkSender(sink)}
}

func sinkSender(sink *smtptest.Server) mail.Sender {
	return mail.SMTP(mail.SMTPConfig{Addr: sink.Addr, Host: "127.0.0.1", StartTLS: "off", From: "no-reply@fos.finances.gov.ma"})
}

// drain sends what is due, as the jobs do, and returns the sink's mails.
func (w *world) drain(t *testing.T) []smtptest.Message {
	t.Helper()
	if _, err := w.srv.Store.SendMail(context.Background(), 100, store.MailAttempts, w.send); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	return w.sink.Messages()
}

// member logs creds in through the real client and opens a summer request.
func (w *world) member(t *testing.T, id, password string) (*client.Client, api.Reimbursement) {
	t.Helper()
	ctx := t.Context()
	c, err := client.New(client.Config{BaseURL: w.srv.URL, Tokens: client.NewFileStore(t.TempDir())})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(ctx, id, password); err != nil {
		t.Fatalf("login %s: %v", id, err)
	}
	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.CreateReimbursement(ctx, c.NewIdempotencyKey(), api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: me.ConfirmedProfile})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return c, r
}

// decoded is a received mail: its headers, subject and both parts.
type decoded struct {
	header     netmail.Header
	to         string
	subject    string
	text, html string
}

// smtpMessage wraps a rendered message as the sink would receive it.
func smtpMessage(raw []byte) smtptest.Message { return smtptest.Message{Data: raw} }

func decode(t *testing.T, m smtptest.Message) decoded {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	d := decoded{header: msg.Header, to: msg.Header.Get("To")}
	if d.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		switch typ, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); typ {
		case "text/plain":
			d.text = string(b)
		case "text/html":
			d.html = string(b)
		}
	}
	return d
}

// byRecipient sorts mails by address.
func byRecipient(t *testing.T, ms []smtptest.Message) map[string][]decoded {
	out := map[string][]decoded{}
	for _, m := range ms {
		d := decode(t, m)
		out[d.to] = append(out[d.to], d)
	}
	return out
}

// TestStepMails walks two members' files through an agent's steps on the
// real server, on SQLite and PostgreSQL: a receipt then an approval within
// the grouping delay make one mail with the latest state, in Arabic for
// the member who chose it and in French for the other; a payment after the
// delay makes a second mail; a member who turned the mails off gets none.
func TestStepMails(t *testing.T) {
	testdb.Engines(t, "fos_mail_test", func(t *testing.T, url string) {
		w := newWorld(t, url)
		ctx := t.Context()
		ar, fr := w.srv.Member, w.srv.OtherMember
		arClient, arFile := w.member(t, ar.Identifier, ar.Password)
		frClient, frFile := w.member(t, fr.Identifier, fr.Password)
		lang := "ar"
		if _, err := arClient.SetPreferences(ctx, api.PreferencesRequest{Lang: &lang}); err != nil {
			t.Fatal(err)
		}
		amount := int64(125050)
		for _, f := range []api.Reimbursement{arFile, frFile} {
			w.srv.AgentDo(t, f.ID, "receive", nil)
		}
		w.clock.Add(2 * time.Minute)
		for _, f := range []api.Reimbursement{arFile, frFile} {
			w.srv.AgentDo(t, f.ID, "approve", api.ApproveRequest{AmountCentimes: amount})
		}
		if got := w.drain(t); len(got) != 0 {
			t.Fatalf("%d mails before the grouping delay ended, want 0", len(got))
		}
		w.clock.Add(3*time.Minute + time.Second) // 5 minutes after the receipt
		got := byRecipient(t, w.drain(t))
		if len(got[ar.Email]) != 1 || len(got[fr.Email]) != 1 || len(got) != 2 {
			t.Fatalf("mails after the delay: %v, want one each for %s and %s", got, ar.Email, fr.Email)
		}
		a, f := got[ar.Email][0], got[fr.Email][0]
		for _, c := range []struct {
			name, in, want string
		}{
			{"arabic subject", a.subject, "تمت الموافقة"},
			{"arabic reference", a.subject, arFile.Reference},
			{"arabic amount", a.text, "1.250,50\u00a0درهم"},
			{"arabic next step", a.html, "dir=\"rtl\""},
			{"french subject", f.subject, "Approuvée"},
			{"french next step", f.text, "Remboursement de 1\u202f250,50\u00a0MAD accordé ; le paiement suivra."},
			{"french greeting", f.text, "Bonjour "},
			{"unsubscribe", f.header.Get("List-Unsubscribe"), "<" + settingsURL + ">"},
		} {
			if !strings.Contains(c.in, c.want) {
				t.Errorf("%s: %q does not contain %q", c.name, c.in, c.want)
			}
		}
		if strings.Contains(a.subject, "Documents reçus") || strings.Contains(f.subject, "Documents reçus") {
			t.Errorf("the grouped mail tells the receipt, not the latest state: %q", f.subject)
		}

		off := false
		if _, err := arClient.SetPreferences(ctx, api.PreferencesRequest{EmailNotices: &off}); err != nil {
			t.Fatal(err)
		}
		w.clock.Add(time.Minute) // the approval's mail left; the agent's session lives on
		for _, f := range []api.Reimbursement{arFile, frFile} {
			w.srv.AgentDo(t, f.ID, "pay", nil)
		}
		w.clock.Add(5 * time.Minute)
		got = byRecipient(t, w.drain(t))
		if len(got[fr.Email]) != 2 || len(got[ar.Email]) != 1 {
			t.Fatalf("after the payment: %d mails to %s (want 2), %d to %s who turned them off (want 1)",
				len(got[fr.Email]), fr.Email, len(got[ar.Email]), ar.Email)
		}
		paid := got[fr.Email][1]
		if !strings.Contains(paid.subject, "Payée") || !strings.Contains(paid.text, "Payée le : 10 juillet 2026") {
			t.Errorf("paid mail: %q\n%s", paid.subject, paid.text)
		}
		_ = frClient
	})
}

// TestReminderOnce: three days before the deposit deadline of a file still
// awaiting its originals, one reminder, whatever the number of runs.
func TestReminderOnce(t *testing.T) {
	testdb.Engines(t, "fos_mail_test", func(t *testing.T, url string) {
		w := newWorld(t, url)
		_, file := w.member(t, w.srv.Member.Identifier, w.srv.Member.Password)
		ctx := t.Context()
		remind := func() int {
			n, err := w.srv.Store.RemindDeadlines(ctx, 500)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := remind(); n != 0 {
			t.Fatalf("%d reminders 15 days before the deadline", n)
		}
		w.clock.Set(file.DepositDeadline.AddDays(-4).In(api.Casablanca).Add(23 * time.Hour))
		if n := remind(); n != 0 {
			t.Fatalf("%d reminders four days before the deadline", n)
		}
		w.clock.Add(2 * time.Hour) // three days before
		if n := remind(); n != 1 {
			t.Fatalf("%d reminders three days before, want 1", n)
		}
		w.clock.Add(24 * time.Hour)
		if n := remind(); n != 0 {
			t.Fatalf("a second reminder the next day (%d)", n)
		}
		got := w.drain(t)
		if len(got) != 1 {
			t.Fatalf("%d mails, want the one reminder", len(got))
		}
		d := decode(t, got[0])
		if !strings.Contains(d.subject, "Rappel") || !strings.Contains(d.text, "Lieu de dépôt") ||
			!strings.Contains(d.text, "Déposez vos originaux avant le") {
			t.Errorf("reminder: %q\n%s", d.subject, d.text)
		}
	})
}

// metric reads one sample of the server's /metrics.
func (w *world) metric(t *testing.T, name string) string {
	t.Helper()
	resp, err := http.Get(w.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	t.Fatalf("no %s in /metrics", name)
	return ""
}

// TestFailedMailJournaled: a step's mail the mail server keeps refusing is
// tried store.MailAttempts times with a growing delay, then given up,
// written in the console's Journal with its file's reference, and counted.
func TestFailedMailJournaled(t *testing.T) {
	w := newWorld(t, "")
	_, file := w.member(t, w.srv.Member.Identifier, w.srv.Member.Password)
	w.srv.AgentDo(t, file.ID, "receive", nil)
	w.clock.Add(5 * time.Minute)
	if got := w.metric(t, "fos_mail_queued"); got != "1" {
		t.Fatalf("fos_mail_queued %s, want 1", got)
	}
	if got := w.metric(t, "fos_mail_oldest_queued_age_seconds"); got != "300" {
		t.Fatalf("fos_mail_oldest_queued_age_seconds %s, want 300", got)
	}
	refuse := func(context.Context, store.Mail) error { return errors.New("550 mailbox unavailable") }
	ctx := t.Context()
	tries := 0
	for i := 0; i < 3*store.MailAttempts; i++ {
		n, err := w.srv.Store.SendMail(ctx, 100, store.MailAttempts, func(ctx context.Context, m store.Mail) error {
			tries++
			return refuse(ctx, m)
		})
		if n != 0 || (err == nil && tries < store.MailAttempts) {
			t.Fatalf("SendMail = %d, %v", n, err)
		}
		w.clock.Add(18 * time.Hour) // past any backoff (2^10 minutes at most)
	}
	if tries != store.MailAttempts {
		t.Fatalf("%d tries, want %d", tries, store.MailAttempts)
	}
	entries, _, err := w.srv.Store.Journal(ctx, store.JournalFilter{Action: store.MailFailedAction})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Target != file.Reference || !strings.Contains(entries[0].Detail, "550") {
		t.Fatalf("journal: %+v", entries)
	}
	if got := w.metric(t, "fos_mail_failed"); got != "1" {
		t.Errorf("fos_mail_failed %s, want 1", got)
	}
	if got := w.metric(t, "fos_mail_queued"); got != "0" {
		t.Errorf("fos_mail_queued %s, want 0", got)
	}
	if got := w.metric(t, "fos_mail_send_failures_total"); got != "8" {
		t.Errorf("fos_mail_send_failures_total %s, want 8", got)
	}
}

// TestPrecheckMail: an agent's answer on the photos is mailed to the
// member with the app closed, in the member's words: the document to
// redo and why, then, once complete, to come and deposit.
func TestPrecheckMail(t *testing.T) {
	w := newWorld(t, "")
	fr := w.srv.OtherMember
	c, file := w.member(t, fr.Identifier, fr.Password)
	photo := attachmenttest.JPEG(attachmenttest.Picture(64, 48, 1), 85)
	if _, err := c.UploadPage(t.Context(), file.ID, 0, "facture.jpg", c.NewIdempotencyKey(), photo, nil); err != nil {
		t.Fatal(err)
	}
	got := w.srv.AgentPrecheck(t, file.ID, api.PrecheckRequest{Document: 0, Result: api.CheckRedo, ReasonCode: api.RedoUnreadable, Reason: "trop sombre"})
	w.clock.Add(5*time.Minute + time.Second)
	mails := byRecipient(t, w.drain(t))[fr.Email]
	if len(mails) != 1 || !strings.Contains(mails[0].text, "Justificatif à refaire : Original de la facture") ||
		!strings.Contains(mails[0].text, "photo illisible") || !strings.Contains(mails[0].html, "« trop sombre »") {
		t.Fatalf("mails %+v", mails)
	}
	if _, err := c.UploadPage(t.Context(), file.ID, 0, "facture-nette.jpg", c.NewIdempotencyKey(), attachmenttest.JPEG(attachmenttest.Picture(64, 48, 9), 85), nil); err != nil {
		t.Fatal(err)
	}
	for doc := 1; doc < len(got.RequiredDocuments.FR); doc++ {
		if _, err := c.UploadPage(t.Context(), file.ID, doc, "doc.jpg", c.NewIdempotencyKey(), attachmenttest.JPEG(attachmenttest.Picture(64, 48, uint64(doc)), 85), nil); err != nil {
			t.Fatal(err)
		}
	}
	for doc := range got.RequiredDocuments.FR {
		w.srv.AgentPrecheck(t, file.ID, api.PrecheckRequest{Document: doc, Result: api.CheckComplete})
	}
	w.clock.Add(5*time.Minute + time.Second)
	mails = byRecipient(t, w.drain(t))[fr.Email]
	if len(mails) != 2 || !strings.Contains(mails[1].text, "Vos justificatifs sont complets : déposez les originaux avant le") {
		t.Fatalf("mails %+v", mails)
	}
}
