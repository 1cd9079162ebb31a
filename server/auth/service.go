package auth

import (
	"context"
	"errors"
	"io"
	"math"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// Policy holds the lifetimes and limits. DefaultPolicy documents the values
// the contract promises.
type Policy struct {
	MemberTTL, MemberIdle time.Duration
	AgentTTL, AgentIdle   time.Duration
	// TouchEvery bounds how often a session's last use is written, so that a
	// polling app does not cost a write per request.
	TouchEvery time.Duration

	LoginLimit     int           // failures per identifier before a lock
	LoginIPLimit   int           // failures per client address before a lock
	LoginForget    time.Duration // failures older than this are forgotten
	LockBase       time.Duration // first lock; doubles with each failure past the limit
	LockMax        time.Duration
	RecoverLimit   int // codes per identifier per RecoverWindow
	RecoverIPLimit int
	RecoverWindow  time.Duration
	ConfirmLimit   int // confirmations per identifier per RecoverWindow
}

// DefaultPolicy is the contract's policy.
var DefaultPolicy = Policy{
	MemberTTL: 30 * 24 * time.Hour, MemberIdle: 7 * 24 * time.Hour,
	AgentTTL: 12 * time.Hour, AgentIdle: 30 * time.Minute,
	TouchEvery: time.Minute,
	LoginLimit: 5, LoginIPLimit: 5, LoginForget: 15 * time.Minute,
	LockBase: 30 * time.Second, LockMax: time.Hour,
	RecoverLimit: 3, RecoverIPLimit: 30, RecoverWindow: time.Hour,
	ConfirmLimit: 10,
}

// Service applies the login and recovery rules.
type Service struct {
	Store  *store.Store
	Hasher *Hasher
	Policy Policy
	Rand   io.Reader
}

// Principal is who a valid token belongs to.
type Principal struct {
	Role      api.Role
	ID        int64
	TokenHash []byte
}

var (
	errBadCredentials = api.Errorf(api.CodeInvalidCredentials, "wrong identifier or password")
	errUnauthorized   = api.Errorf(api.CodeUnauthorized, "the session is missing, expired or revoked")
)

// normalize folds an identifier for rate-limit keys and lookups.
func normalize(identifier string) string { return strings.ToLower(strings.TrimSpace(identifier)) }

// limited returns rate_limited with the wait, when any of keys is locked.
func (s *Service) limited(ctx context.Context, keys ...string) error {
	now := s.Store.Now()
	var until time.Time
	for _, k := range keys {
		t, err := s.Store.ThrottleGet(ctx, k)
		if err != nil {
			return err
		}
		if t.LockedUntil.After(until) {
			until = t.LockedUntil
		}
	}
	if !until.After(now) {
		return nil
	}
	e := api.Errorf(api.CodeRateLimited, "too many attempts; try again later")
	e.RetryAfterSeconds = int(math.Ceil(until.Sub(now).Seconds()))
	return e
}

// Login checks credentials and opens a session. Errors: rate_limited (no
// password is hashed then), invalid_credentials (also for an unknown
// identifier, after the same work as for a known one).
func (s *Service) Login(ctx context.Context, identifier, password, ip string) (api.LoginResponse, error) {
	id := normalize(identifier)
	idKey, ipKey := "login:id:"+id, "login:ip:"+ip
	if err := s.limited(ctx, idKey, ipKey); err != nil {
		return api.LoginResponse{}, err
	}
	role, subject, hash, resp, err := s.lookup(ctx, id)
	if err != nil {
		return api.LoginResponse{}, err
	}
	if !s.Hasher.Verify(password, hash) {
		p := s.Policy
		if _, err := s.Store.ThrottleFail(ctx, idKey, p.LoginLimit, p.LoginForget, p.LockBase, p.LockMax); err != nil {
			return api.LoginResponse{}, err
		}
		if _, err := s.Store.ThrottleFail(ctx, ipKey, p.LoginIPLimit, p.LoginForget, p.LockBase, p.LockMax); err != nil {
			return api.LoginResponse{}, err
		}
		return api.LoginResponse{}, errBadCredentials
	}
	if err := s.Store.ThrottleReset(ctx, idKey); err != nil {
		return api.LoginResponse{}, err
	}
	token, tokenHash, err := NewToken(s.Rand)
	if err != nil {
		return api.LoginResponse{}, err
	}
	ttl := s.Policy.MemberTTL
	if role == api.RoleAgent {
		ttl = s.Policy.AgentTTL
	}
	expires := s.Store.Now().Add(ttl).UTC().Truncate(time.Second)
	if err := s.Store.CreateSession(ctx, tokenHash, role, subject, expires); err != nil {
		return api.LoginResponse{}, err
	}
	resp.AccessToken, resp.TokenType, resp.ExpiresAt, resp.Role = token, "Bearer", expires, role
	return resp, nil
}

// lookup finds who an identifier names: an agent's e-mail first, then a
// member's matricule or e-mail. Unknown is not an error: the hash is empty.
func (s *Service) lookup(ctx context.Context, id string) (api.Role, int64, string, api.LoginResponse, error) {
	if strings.Contains(id, "@") {
		a, err := s.Store.AgentByEmail(ctx, id)
		if err == nil {
			return api.RoleAgent, a.ID, a.PasswordHash, api.LoginResponse{Agent: a.Summary()}, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", 0, "", api.LoginResponse{}, err
		}
	}
	m, err := s.Store.MemberByIdentifier(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return api.RoleMember, 0, "", api.LoginResponse{}, nil
	}
	if err != nil {
		return "", 0, "", api.LoginResponse{}, err
	}
	return api.RoleMember, m.ID, m.PasswordHash, api.LoginResponse{Member: m.Summary()}, nil
}

// Authenticate returns the principal of a bearer token, or unauthorized
// for a missing, unknown, revoked, expired or idle one.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	if token == "" || len(token) > 128 {
		return Principal{}, errUnauthorized
	}
	h := HashToken(token)
	ss, err := s.Store.SessionByHash(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, errUnauthorized
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.Store.Now()
	idle := s.Policy.MemberIdle
	if ss.Role == api.RoleAgent {
		idle = s.Policy.AgentIdle
	}
	if !now.Before(ss.ExpiresAt) || now.Sub(ss.LastSeenAt) > idle {
		return Principal{}, errUnauthorized
	}
	if now.Sub(ss.LastSeenAt) > s.Policy.TouchEvery {
		if err := s.Store.TouchSession(ctx, h); err != nil {
			return Principal{}, err
		}
	}
	return Principal{Role: ss.Role, ID: ss.SubjectID, TokenHash: h}, nil
}

// Logout revokes the principal's session.
func (s *Service) Logout(ctx context.Context, p Principal) error {
	return s.Store.RevokeSession(ctx, p.TokenHash)
}
