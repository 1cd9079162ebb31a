// Package audit is the server's trail of security-relevant events: logins
// and their failures, lockouts, recoveries, resets, logouts and every agent
// action. Each event is one structured record; a Sink decides where it goes
// (the server's log at Info, the console's journal table, or both).
//
// An event never carries a secret: no password, token, one-time code or
// session cookie. Identifiers that a member typed are kept as a keyed hash
// (see Hasher), so the log pipeline can correlate attempts on one account
// without learning who typed what.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"time"
)

// Outcomes.
const (
	OK      = "ok"      // the action succeeded
	Failed  = "failed"  // refused: wrong credentials, wrong code, invalid input
	Limited = "limited" // refused by a rate limit or a lock
	Locked  = "locked"  // this attempt started a lock
)

// Event is one audited action. Fields left empty are not known.
type Event struct {
	Time time.Time
	// Action is dotted and stable, e.g. "auth.login", "auth.recover",
	// "agent.receive". The README lists them.
	Action  string
	Outcome string
	// Role and AccountID name the account when it is known ("member",
	// "agent", "supervisor").
	Role      string
	AccountID int64
	// Identifier is the keyed hash of the canonical identifier typed
	// (Hasher.Identifier), never the identifier in clear.
	Identifier string
	ClientIP   string
	// Target is what the action was on, e.g. a request's reference.
	Target string
	// Detail is short free text without secrets (a reason code, a status).
	Detail string
}

// Sink receives events. Record must not block for long and must be safe
// for concurrent use; a sink that fails logs its failure itself.
type Sink interface {
	Record(ctx context.Context, e Event)
}

// Log writes events to a structured logger at Info, message "audit".
type Log struct{ Logger *slog.Logger }

// Record implements Sink.
func (l Log) Record(ctx context.Context, e Event) {
	if l.Logger == nil {
		return
	}
	attrs := []slog.Attr{slog.String("action", e.Action), slog.String("outcome", e.Outcome)}
	add := func(k, v string) {
		if v != "" {
			attrs = append(attrs, slog.String(k, v))
		}
	}
	add("role", e.Role)
	if e.AccountID != 0 {
		attrs = append(attrs, slog.Int64("account_id", e.AccountID))
	}
	add("identifier_hash", e.Identifier)
	add("client_ip", e.ClientIP)
	add("target", e.Target)
	add("detail", e.Detail)
	l.Logger.LogAttrs(ctx, slog.LevelInfo, "audit", attrs...)
}

// Multi sends each event to every sink in turn.
type Multi []Sink

// Record implements Sink.
func (m Multi) Record(ctx context.Context, e Event) {
	for _, s := range m {
		if s != nil {
			s.Record(ctx, e)
		}
	}
}

// Discard drops events (tests and tools that audit nothing).
type Discard struct{}

// Record implements Sink.
func (Discard) Record(context.Context, Event) {}

// Hasher turns identifiers into stable keyed hashes. The key is the
// server's "audit" key (store.ServerKey), shared by every replica, so one
// account hashes the same everywhere and nobody without the key can test a
// guess against the log.
type Hasher struct{ Key []byte }

// Identifier returns the first 16 bytes of HMAC-SHA256(key, canonical), in
// hex; "" for an empty identifier.
func (h Hasher) Identifier(canonical string) string {
	if canonical == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.Key)
	m.Write([]byte(canonical))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
