package mail_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/smtptest"
	"github.com/fos-mobile/fos/server/store"
)

const from = "no-reply@fos.finances.gov.ma"

var codeMail = store.Mail{
	To:      "salma.elamrani@finances.gov.ma",
	Subject: "FOS – Code de vérification / رمز التحقق",
	Body: "Bonjour Salma El Amrani,\r\n\r\nVotre code de vérification est : 482913\r\n" +
		"Il est valable 10 minutes. Œuvres sociales, été, hors été.\r\n\r\n" +
		"رمز التحقق الخاص بكم لدى مؤسسة الأعمال الاجتماعية هو: 482913\r\n" +
		"." + strings.Repeat("x", 100) + "\r\n.\r\n",
}

func TestSMTPDelivers(t *testing.T) {
	sink := smtptest.Start(t)
	cfg, err := mail.ParseSMTP("smtp://"+sink.Addr+"?starttls=auto", from)
	if err != nil {
		t.Fatal(err)
	}
	if err := mail.SMTP(cfg)(context.Background(), codeMail); err != nil {
		t.Fatalf("send: %v", err)
	}
	got, err := sink.Wait(0, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got.From != from || len(got.To) != 1 || got.To[0] != codeMail.To {
		t.Fatalf("envelope %s → %v", got.From, got.To)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, got.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, got, want string }{
		{"From", msg.Header.Get("From"), from},
		{"To", msg.Header.Get("To"), codeMail.To},
		{"Subject", subject, codeMail.Subject},
		{"MIME-Version", msg.Header.Get("MIME-Version"), "1.0"},
		{"Content-Type", msg.Header.Get("Content-Type"), "text/plain; charset=utf-8"},
		{"Content-Transfer-Encoding", msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("%s = %q, want %q", tc.name, tc.got, tc.want)
			}
		})
	}
	t.Run("Message-ID and Date", func(t *testing.T) {
		if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@fos.finances.gov.ma>") {
			t.Fatalf("Message-ID %q", id)
		}
		if d, err := msg.Header.Date(); err != nil || time.Since(d) > time.Minute {
			t.Fatalf("Date %v, %v", d, err)
		}
	})
	t.Run("body", func(t *testing.T) {
		raw, _ := io.ReadAll(msg.Body)
		for _, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 76 {
				t.Fatalf("a quoted-printable line has %d characters", len(line))
			}
		}
		if bytes.ContainsAny(raw, "éرŒ") {
			t.Fatal("the body is not encoded")
		}
		body, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if string(body) != codeMail.Body {
			t.Fatalf("decoded body\n%q\nwant\n%q", body, codeMail.Body)
		}
	})
}

func TestSMTPFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	sink := smtptest.Start(t)
	for _, tc := range []struct{ name, url string }{
		{"nobody listening", "smtp://" + closed},
		{"STARTTLS required but not offered", "smtp://" + sink.Addr + "?starttls=required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := mail.ParseSMTP(tc.url, from)
			if err != nil {
				t.Fatal(err)
			}
			if err := mail.SMTP(cfg)(context.Background(), codeMail); err == nil {
				t.Fatal("no error")
			}
		})
	}
	if n := len(sink.Messages()); n != 0 {
		t.Fatalf("%d messages delivered in clear despite starttls=required", n)
	}
}

func TestParseSMTP(t *testing.T) {
	for _, tc := range []struct {
		name, url, from string
		want            mail.SMTPConfig
		err             bool
	}{
		{"host and port", "smtp://mail.example.org:25", from, mail.SMTPConfig{Addr: "mail.example.org:25", Host: "mail.example.org", StartTLS: "required", From: from}, false},
		{"default port", "smtp://mail.example.org", from, mail.SMTPConfig{Addr: "mail.example.org:587", Host: "mail.example.org", StartTLS: "required", From: from}, false},
		{"credentials and STARTTLS", "smtp://fos:s3cr%40t@mail.example.org:587?starttls=required", from,
			mail.SMTPConfig{Addr: "mail.example.org:587", Host: "mail.example.org", Username: "fos", Password: "s3cr@t", StartTLS: "required", From: from}, false},
		{"wrong scheme", "http://mail.example.org:25", from, mail.SMTPConfig{}, true},
		{"no host", "smtp://", from, mail.SMTPConfig{}, true},
		{"unknown starttls", "smtp://mail.example.org:25?starttls=maybe", from, mail.SMTPConfig{}, true},
		{"bad sender", "smtp://mail.example.org:25", "not an address", mail.SMTPConfig{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := mail.ParseSMTP(tc.url, tc.from)
			if (err != nil) != tc.err {
				t.Fatalf("error %v, want error=%v", err, tc.err)
			}
			if got != tc.want {
				t.Fatalf("config %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestLogSenderIsDemoOnly documents what the demo sender does: the whole
// mail, code included, goes to the log. Production never uses it.
func TestLogSenderIsDemoOnly(t *testing.T) {
	var buf bytes.Buffer
	if err := mail.Log(slog.New(slog.NewTextHandler(&buf, nil)))(context.Background(), codeMail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "482913") || !strings.Contains(buf.String(), "demo mode") {
		t.Fatalf("demo log %q", buf.String())
	}
}
