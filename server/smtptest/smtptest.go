// Package smtptest is a tiny SMTP sink for tests: it listens on
// 127.0.0.1:0, speaks just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT, and AUTH PLAIN, which it accepts whatever the credentials
// and records) and keeps every message it receives. It offers no STARTTLS.
package smtptest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one mail as received.
type Message struct {
	From string   // the MAIL FROM address
	To   []string // the RCPT TO addresses
	Data []byte   // the message, dot-unstuffed, CRLF line ends
	// User and Password are the session's AUTH PLAIN credentials, if any.
	User, Password string
}

// Server is a running sink.
type Server struct {
	// Addr is host:port, for smtp://Addr.
	Addr string

	ln       net.Listener
	mu       sync.Mutex
	messages []Message
	arrived  chan struct{}
	wg       sync.WaitGroup
}

// Start runs a sink until tb ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := Listen()
	if err != nil {
		tb.Fatalf("smtptest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Listen runs a sink until Close, for a program that has no test (the
// benchmark's outbox drain).
func Listen() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, arrived: make(chan struct{}, 100)}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Close stops listening and waits for the sessions in progress.
func (s *Server) Close() { s.ln.Close(); s.wg.Wait() }

// Messages returns what has arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait returns the n-th message (from 0) once it has arrived, or an error
// after timeout.
func (s *Server) Wait(n int, timeout time.Duration) (Message, error) {
	deadline := time.After(timeout)
	for {
		if ms := s.Messages(); len(ms) > n {
			return ms[n], nil
		}
		select {
		case <-s.arrived:
		case <-deadline:
			return Message{}, errors.New("smtptest: no message in time")
		}
	}
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(30 * time.Second))
			s.session(bufio.NewReader(c), c)
		}()
	}
}

func (s *Server) session(r *bufio.Reader, w net.Conn) {
	reply := func(line string) bool {
		_, err := w.Write([]byte(line + "\r\n"))
		return err == nil
	}
	reply("220 smtptest ESMTP ready")
	var m Message
	var user, password string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(verb, "EHLO"):
			reply("250-smtptest greets you")
			reply("250-AUTH PLAIN")
			reply("250 8BITMIME")
		case strings.HasPrefix(verb, "HELO"):
			reply("250 smtptest")
		case strings.HasPrefix(verb, "AUTH PLAIN "):
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(line[len("AUTH PLAIN "):]))
			parts := strings.Split(string(b), "\x00")
			if err != nil || len(parts) != 3 {
				reply("501 malformed AUTH PLAIN")
				continue
			}
			user, password = parts[1], parts[2]
			reply("235 authenticated")
		case strings.HasPrefix(verb, "MAIL FROM:"):
			m = Message{From: address(line[len("MAIL FROM:"):]), User: user, Password: password}
			reply("250 OK")
		case strings.HasPrefix(verb, "RCPT TO:"):
			m.To = append(m.To, address(line[len("RCPT TO:"):]))
			reply("250 OK")
		case verb == "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			data, ok := readData(r)
			if !ok {
				return
			}
			m.Data = data
			s.mu.Lock()
			s.messages = append(s.messages, m)
			s.mu.Unlock()
			select {
			case s.arrived <- struct{}{}:
			default:
			}
			reply("250 OK queued")
		case verb == "RSET", verb == "NOOP":
			reply("250 OK")
		case verb == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// address takes the mailbox out of "<a@b> SIZE=…".
func address(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '>'); strings.HasPrefix(s, "<") && i > 0 {
		return s[1:i]
	}
	return strings.Fields(s + " ")[0]
}

func readData(r *bufio.Reader) ([]byte, bool) {
	var b bytes.Buffer
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, false
		}
		if line == ".\r\n" || line == ".\n" {
			return b.Bytes(), true
		}
		b.WriteString(strings.TrimPrefix(line, "."))
	}
}
