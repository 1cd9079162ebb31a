package auth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"strings"
	"sync"
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
	ConfirmIPLimit int // confirmations per client address per RecoverWindow
}

// DefaultPolicy is the contract's policy.
var DefaultPolicy = Policy{
	MemberTTL: 30 * 24 * time.Hour, MemberIdle: 7 * 24 * time.Hour,
	AgentTTL: 12 * time.Hour, AgentIdle: 30 * time.Minute,
	TouchEvery: time.Minute,
	LoginLimit: 5, LoginIPLimit: 5, LoginForget: 15 * time.Minute,
	LockBase: 30 * time.Second, LockMax: time.Hour,
	RecoverLimit: 3, RecoverIPLimit: 30, RecoverWindow: time.Hour,
	ConfirmLimit: 10, ConfirmIPLimit: 30,
}

// Service applies the login and recovery rules.
type Service struct {
	Store  *store.Store
	Hasher *Hasher
	Policy Policy
	Rand   io.Reader
	// Log receives failures of background work (nil: not logged).
	Log *slog.Logger

	pending sync.WaitGroup // recoveries still being worked on
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

// take reserves one attempt under key (see store.ThrottleTake) and returns
// rate_limited, with the wait, when key is locked.
func (s *Service) take(ctx context.Context, key string, limit int, forget, base, max time.Duration) error {
	t, ok, err := s.Store.ThrottleTake(ctx, key, limit, forget, base, max)
	if err != nil || ok {
		return err
	}
	e := api.Errorf(api.CodeRateLimited, "too many attempts; try again later")
	e.RetryAfterSeconds = max1(int(math.Ceil(t.LockedUntil.Sub(s.Store.Now()).Seconds())))
	return e
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Login checks credentials and opens a session. Errors: rate_limited (no
// password is hashed then), invalid_credentials (also for an unknown
// identifier, after the same work as for a known one).
func (s *Service) Login(ctx context.Context, identifier, password, ip string) (api.LoginResponse, error) {
	id, err := CanonicalIdentifier(identifier)
	if err != nil {
		return api.LoginResponse{}, err
	}
	// Each attempt is counted before its password is checked, so that
	// attempts sent at once cannot all pass a check made before any of
	// them failed; a success gives its attempt back.
	p := s.Policy
	idKey, ipKey := "login:id:"+id, "login:ip:"+ip
	if err := s.take(ctx, idKey, p.LoginLimit, p.LoginForget, p.LockBase, p.LockMax); err != nil {
		return api.LoginResponse{}, err
	}
	if err := s.take(ctx, ipKey, p.LoginIPLimit, p.LoginForget, p.LockBase, p.LockMax); err != nil {
		if rerr := s.Store.ThrottleRefund(ctx, idKey, p.LoginLimit); rerr != nil {
			return api.LoginResponse{}, rerr
		}
		return api.LoginResponse{}, err
	}
	role, subject, hash, resp, err := s.lookup(ctx, id)
	if err != nil {
		return api.LoginResponse{}, err
	}
	release, err := s.Hasher.Acquire(ctx)
	if err != nil {
		// Saturated, not wrong: the attempt is given back.
		if rerr := errors.Join(s.Store.ThrottleRefund(ctx, idKey, p.LoginLimit), s.Store.ThrottleRefund(ctx, ipKey, p.LoginIPLimit)); rerr != nil {
			return api.LoginResponse{}, rerr
		}
		return api.LoginResponse{}, err
	}
	ok := s.Hasher.Verify(password, hash)
	release()
	if !ok {
		return api.LoginResponse{}, errBadCredentials
	}
	if err := errors.Join(s.Store.ThrottleReset(ctx, idKey), s.Store.ThrottleRefund(ctx, ipKey, p.LoginIPLimit)); err != nil {
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
