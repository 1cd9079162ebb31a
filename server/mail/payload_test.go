package mail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
)

// TestNoticePayloads: what an agent or the members' file writes (names, a
// reject reason) comes out escaped in the HTML part and as typed in the
// text part, and a line break in it cannot add a header, in both
// languages.
func TestNoticePayloads(t *testing.T) {
	const script = `<script>alert("x")</script>`
	const inject = "Karim\r\nBcc: thief@example.com\r\nX-Evil: 1"
	for _, lang := range []string{"fr", "ar"} {
		t.Run(lang, func(t *testing.T) {
			n := store.Notice{Kind: store.NoticeStep, Today: api.Date{Year: 2026, Month: 7, Day: 10},
				Member: store.Member{Email: "karim@finances.gov.ma", FirstName: inject, LastName: script, Lang: lang},
				File: api.Reimbursement{Reference: "EST-2026-000042", Kind: api.KindSummer, Status: api.StatusRejected,
					ReasonCode: api.RejectReason("invoice_invalid"), Reason: script + "\r\nSubject: pwned\r\n\r\nbody",
					UpdatedAt: time.Date(2026, 7, 10, 9, 0, 0, 0, time.UTC)}}
			m := mail.Notices(mail.NoticeConfig{SettingsURL: "https://fos.example/p\r\nBcc: x@example.com"})(n)
			if strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") {
				t.Errorf("HTML part not escaped:\n%s", m.HTML)
			}
			if !strings.Contains(m.Body, script) {
				t.Errorf("text part changed the reason:\n%s", m.Body)
			}
			raw := mail.Message("no-reply@fos.finances.gov.ma", m)
			d := decode(t, smtpMessage(raw))
			for _, h := range []string{"Bcc", "X-Evil"} {
				if v := d.header.Get(h); v != "" {
					t.Errorf("header %s added: %q", h, v)
				}
			}
			if strings.Contains(d.subject, "pwned") {
				t.Errorf("subject %q", d.subject)
			}
			lf := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
			if d.text != m.Body || lf(d.html) != lf(m.HTML) {
				t.Errorf("the parts do not come back as written:\n%q\n%q\n%q\n%q", d.text, m.Body, d.html[:80], m.HTML[:80])
			}
			if !strings.Contains(d.text, "Karim Bcc: thief@example.com X-Evil: 1") {
				t.Errorf("the name should stay on the greeting's line:\n%s", d.text)
			}
		})
	}
}
