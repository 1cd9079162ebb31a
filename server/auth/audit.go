package auth

import (
	"context"
	"strings"
	"time"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// The actions this package audits (see audit.Event.Action).
const (
	ActionLogin   = "auth.login"
	ActionLockout = "auth.lockout"
	ActionRecover = "auth.recover"
	ActionConfirm = "auth.confirm"
	ActionReset   = "auth.reset"
	ActionLogout  = "auth.logout"
)

// event is an audit event of this service, with what is known of the
// attempt: the identifier as typed (canonical, hashed under the server's
// audit key), the account when it was found, the client address.
type event struct {
	action, ip, id string
	a              account
}

// record sends one event with outcome to s.Audit. It never carries a
// password, token or code: only the identifier's keyed hash.
func (s *Service) record(ctx context.Context, ev event, outcome, target, detail string) {
	if s.Audit == nil {
		return
	}
	e := audit.Event{Time: s.Store.Now(), Action: ev.action, Outcome: outcome, ClientIP: ev.ip, Target: target, Detail: detail}
	if ev.a.ID != 0 {
		e.Role, e.AccountID = string(ev.a.Role), ev.a.ID
	}
	if ev.id != "" {
		e.Identifier = s.identifierHash(ctx, ev.id)
	}
	s.Audit.Record(ctx, e)
}

// IdentifierHash is the keyed hash of a canonical identifier (see
// CanonicalIdentifier) under the server's "audit" key, as audit events
// carry it. The error is the store's when the key cannot be read.
func (s *Service) IdentifierHash(ctx context.Context, canonical string) (string, error) {
	key, err := s.Store.ServerKey(ctx, "audit")
	if err != nil {
		return "", err
	}
	return audit.Hasher{Key: key}.Identifier(canonical), nil
}

// identifierHash is IdentifierHash for this service's own events: without
// the key (the database did not answer), the event says so instead of
// holding the identifier.
func (s *Service) identifierHash(ctx context.Context, id string) string {
	h, err := s.IdentifierHash(ctx, id)
	if err != nil {
		if s.Log != nil {
			s.Log.Error("audit: no key for identifier hashes", "err", err)
		}
		return "unavailable"
	}
	return h
}

// recordLocks records one lockout event per lock that an attempt started.
func (s *Service) recordLocks(ctx context.Context, ev event, locks []store.ThrottleLock) {
	ev.action = ActionLockout
	for _, l := range locks {
		// "login:acct:member:42" → "login:account"; never the identifier.
		if strings.Contains(l.Key, ":acct:none:") {
			continue // an unknown identifier's stand-in: its identifier key locked too
		}
		kind := l.Key
		if parts := strings.SplitN(l.Key, ":", 3); len(parts) == 3 {
			kind = parts[0] + ":" + map[string]string{"ip": "address", "id": "identifier", "acct": "account"}[parts[1]]
		}
		secs := l.Until.Sub(s.Store.Now()).Round(time.Second)
		s.record(ctx, ev, audit.Locked, kind, "locked for "+secs.String())
	}
}
