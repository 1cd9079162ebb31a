// Package mail delivers the outbox: over SMTP in production, or into the
// log under `fos-server demo` only.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

// Sender delivers one mail.
type Sender func(ctx context.Context, m store.Mail) error

// SMTPConfig is parsed from --smtp smtp://[user:pass@]host:port[?starttls=required|auto|off].
// STARTTLS is required unless the URL says otherwise: the mails carry
// one-time codes, and "auto" lets anyone on the path strip the offer.
type SMTPConfig struct {
	Addr     string
	Host     string
	Username string
	Password string
	StartTLS string // "required" (the default), "auto" (when offered), "off"
	From     string
}

// ParseSMTP reads an smtp:// URL.
func ParseSMTP(raw, from string) (SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return SMTPConfig{}, errors.New("--smtp must look like smtp://[user:pass@]host:port")
	}
	c := SMTPConfig{Addr: u.Host, Host: u.Hostname(), From: from, StartTLS: "required"}
	if u.Port() == "" {
		c.Addr = net.JoinHostPort(c.Host, "587")
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if v := u.Query().Get("starttls"); v != "" {
		if v != "auto" && v != "required" && v != "off" {
			return SMTPConfig{}, fmt.Errorf("starttls=%s: want auto, required or off", v)
		}
		c.StartTLS = v
	}
	if _, err := netmail.ParseAddress(from); err != nil {
		return SMTPConfig{}, fmt.Errorf("--smtp-from %q: %w", from, err)
	}
	return c, nil
}

// SMTP returns a Sender over c. Each mail is its own connection: the
// outbox sends few mails, and a fresh connection survives server restarts.
func SMTP(c SMTPConfig) Sender {
	return func(ctx context.Context, m store.Mail) error {
		d := net.Dialer{Timeout: 15 * time.Second}
		conn, err := d.DialContext(ctx, "tcp", c.Addr)
		if err != nil {
			return err
		}
		conn.SetDeadline(time.Now().Add(60 * time.Second))
		cl, err := smtp.NewClient(conn, c.Host)
		if err != nil {
			conn.Close()
			return err
		}
		defer cl.Close()
		if ok, _ := cl.Extension("STARTTLS"); ok && c.StartTLS != "off" {
			if err := cl.StartTLS(&tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}); err != nil {
				return err
			}
		} else if c.StartTLS == "required" {
			return errors.New("the SMTP server does not offer STARTTLS")
		}
		if c.Username != "" {
			if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, c.Host)); err != nil {
				return err
			}
		}
		if err := cl.Mail(c.From); err != nil {
			return err
		}
		if err := cl.Rcpt(m.To); err != nil {
			return err
		}
		w, err := cl.Data()
		if err != nil {
			return err
		}
		if _, err := w.Write(Message(c.From, m)); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		return cl.Quit()
	}
}

// Message renders m as an RFC 5322 message, UTF-8, quoted-printable: the
// plain text alone, or with its HTML alternative (multipart/alternative)
// when m has one. Header values never carry a line break, whatever the
// mail holds: the subject is encoded, the others lose their CR and LF.
func Message(from string, m store.Mail) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	rand.Read(id)
	domain := from[strings.LastIndex(from, "@")+1:]
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n",
		header(from), header(m.To), mime.QEncoding.Encode("utf-8", m.Subject), time.Now().UTC().Format(time.RFC1123Z), hex.EncodeToString(id), header(domain))
	if m.Unsubscribe != "" {
		fmt.Fprintf(&b, "List-Unsubscribe: <%s>\r\n", header(m.Unsubscribe))
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	if m.HTML == "" {
		part(&b, "text/plain", m.Body)
		return b.Bytes()
	}
	boundary := "fos-" + hex.EncodeToString(id)
	fmt.Fprintf(&b, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary)
	for _, p := range []struct{ typ, body string }{{"text/plain", m.Body}, {"text/html", m.HTML}} {
		fmt.Fprintf(&b, "--%s\r\n", boundary)
		part(&b, p.typ, p.body)
		b.WriteString("\r\n")
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes()
}

// part writes a Content-Type, a quoted-printable body and the blank line
// between them. Quoted-printable lines are short and plain ASCII, so no
// body line can read as a boundary or a header.
func part(b *bytes.Buffer, typ, body string) {
	fmt.Fprintf(b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", typ)
	qp := quotedprintable.NewWriter(b)
	qp.Write([]byte(body))
	qp.Close()
}

// header keeps v on its header line.
func header(v string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, v)
}

// Log returns the demo Sender, which writes mails, codes included, to the
// log. Only `fos-server demo` uses it.
func Log(log *slog.Logger) Sender {
	return func(_ context.Context, m store.Mail) error {
		log.Warn("demo mode: e-mail written to the log instead of sent", "to", m.To, "subject", m.Subject, "body", m.Body)
		return nil
	}
}
