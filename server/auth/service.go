package auth

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
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
	// Audit receives one event per login, failure, lockout, recovery
	// request, code confirmation, reset and logout (nil: none). See
	// audit.go for the actions.
	Audit audit.Sink

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

// rateLimited is the answer to an attempt that a budget refused.
func (s *Service) rateLimited(retryAt time.Time) error {
	e := api.Errorf(api.CodeRateLimited, "too many attempts; try again later")
	e.RetryAfterSeconds = max1(int(math.Ceil(retryAt.Sub(s.Store.Now()).Seconds())))
	return e
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// account is who an identifier names, as far as the limits and the
// password check need: ID is 0 when no account has that identifier.
type account struct {
	Role api.Role
	ID   int64
	// Hash is the password hash, "" when there is none (unknown, or a
	// member who never set one).
	Hash string
	// Identifiers are the canonical spellings that name the account (a
	// member's matricule and e-mail), so that a success clears them all.
	Identifiers []string
	resp        api.LoginResponse
}

// budgets are the rate-limit rules of one attempt of kind ("login",
// "recover", "confirm"): the client address first, then the identifier as
// typed (canonical), then the account, so that every spelling of one
// account shares one budget. An unknown identifier has a stand-in account
// key of its own, which counts exactly what its identifier key counts: its
// answers are those of its identifier's budget, and its work (three keys)
// that of a known one.
func (s *Service) budgets(kind, ip, id string, a account) []store.ThrottleRule {
	p := s.Policy
	idRule := store.ThrottleRule{Limit: p.LoginLimit, Forget: p.LoginForget, Base: p.LockBase, Max: p.LockMax}
	ipRule := idRule
	ipRule.Limit = p.LoginIPLimit
	switch kind {
	case "recover", "confirm":
		idRule = store.ThrottleRule{Limit: p.RecoverLimit, Forget: p.RecoverWindow, Base: p.RecoverWindow, Max: p.RecoverWindow}
		ipRule = idRule
		ipRule.Limit = p.RecoverIPLimit
		if kind == "confirm" {
			idRule.Limit, ipRule.Limit = p.ConfirmLimit, p.ConfirmIPLimit
		}
	}
	ipRule.Key, idRule.Key = kind+":ip:"+ip, kind+":id:"+id
	acct := idRule
	acct.Key = kind + ":acct:none:" + id
	if a.ID != 0 {
		acct.Key = accountKey(kind, a.Role, a.ID)
	}
	return []store.ThrottleRule{ipRule, idRule, acct}
}

func accountKey(kind string, role api.Role, id int64) string {
	return kind + ":acct:" + string(role) + ":" + strconv.FormatInt(id, 10)
}

// clearLogin forgets an account's login failures, under each of its
// spellings and the account's own key, once its owner has proved who they
// are (a right password, a reset).
func (s *Service) clearLogin(ctx context.Context, a account) error {
	keys := []string{accountKey("login", a.Role, a.ID)}
	for _, id := range a.Identifiers {
		keys = append(keys, "login:id:"+id)
	}
	return s.Store.ThrottleReset(ctx, keys...)
}

// Login checks credentials and opens a session. Errors: rate_limited (no
// password is hashed then), invalid_credentials (also for an unknown
// identifier, after the same work as for a known one).
func (s *Service) Login(ctx context.Context, identifier, password, ip string) (api.LoginResponse, error) {
	id, err := CanonicalIdentifier(identifier)
	if err != nil {
		s.record(ctx, event{action: ActionLogin, ip: ip}, audit.Failed, "", "invalid identifier")
		return api.LoginResponse{}, err
	}
	a, err := s.lookup(ctx, id)
	if err != nil {
		return api.LoginResponse{}, err
	}
	ev := event{action: ActionLogin, ip: ip, id: id, a: a}
	// Each attempt is reserved before its password is checked, so that
	// attempts sent at once cannot all pass a check made before any of
	// them failed; only a failure then counts.
	rules := s.budgets("login", ip, id, a)
	res, err := s.Store.ThrottleTake(ctx, rules...)
	if err != nil {
		return api.LoginResponse{}, err
	}
	if !res.Allowed {
		s.record(ctx, ev, audit.Limited, "", "")
		return api.LoginResponse{}, s.rateLimited(res.RetryAt)
	}
	release, err := s.Hasher.Acquire(ctx)
	if err != nil {
		// Saturated, not wrong: the attempt is given back.
		_, serr := s.Store.ThrottleSettle(ctx, false, rules...)
		s.record(ctx, ev, audit.Failed, "", "server busy")
		return api.LoginResponse{}, errors.Join(err, serr)
	}
	ok := s.Hasher.Verify(password, a.Hash)
	release()
	if !ok {
		locks, err := s.Store.ThrottleSettle(ctx, true, rules...)
		if err != nil {
			return api.LoginResponse{}, err
		}
		s.record(ctx, ev, audit.Failed, "", "wrong identifier or password")
		s.recordLocks(ctx, ev, locks)
		return api.LoginResponse{}, errBadCredentials
	}
	if _, err := s.Store.ThrottleSettle(ctx, false, rules[0]); err != nil {
		return api.LoginResponse{}, err
	}
	if err := s.clearLogin(ctx, a); err != nil {
		return api.LoginResponse{}, err
	}
	token, tokenHash, err := NewToken(s.Rand)
	if err != nil {
		return api.LoginResponse{}, err
	}
	ttl := s.Policy.MemberTTL
	if a.Role == api.RoleAgent {
		ttl = s.Policy.AgentTTL
	}
	expires := s.Store.Now().Add(ttl).UTC().Truncate(time.Second)
	if err := s.Store.CreateSession(ctx, tokenHash, a.Role, a.ID, expires); err != nil {
		return api.LoginResponse{}, err
	}
	if a.Role == api.RoleMember { // the member's own history, for "Mes données"
		if err := s.Store.RecordLogin(ctx, a.ID, ip); err != nil {
			return api.LoginResponse{}, err
		}
	}
	s.record(ctx, ev, audit.OK, "", "")
	resp := a.resp
	resp.AccessToken, resp.TokenType, resp.ExpiresAt, resp.Role = token, "Bearer", expires, a.Role
	return resp, nil
}

// lookup finds who an identifier names: an agent's e-mail first, then a
// member's matricule or e-mail. Unknown is not an error: the ID is 0.
func (s *Service) lookup(ctx context.Context, id string) (account, error) {
	if strings.Contains(id, "@") {
		a, err := s.Store.AgentByEmail(ctx, id)
		if err == nil {
			return account{Role: api.RoleAgent, ID: a.ID, Hash: a.PasswordHash, Identifiers: []string{id},
				resp: api.LoginResponse{Agent: a.Summary()}}, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return account{}, err
		}
	}
	_, a, err := s.member(ctx, id)
	return a, err
}

func memberAccount(m store.Member) account {
	ids := []string{m.Matricule}
	if m.Email != "" {
		ids = append(ids, strings.ToLower(m.Email))
	}
	return account{Role: api.RoleMember, ID: m.ID, Hash: m.PasswordHash, Identifiers: ids,
		resp: api.LoginResponse{Member: m.Summary()}}
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

// Logout revokes the principal's session; ip is the client address, for
// the audit trail.
func (s *Service) Logout(ctx context.Context, p Principal, ip string) error {
	if err := s.Store.RevokeSession(ctx, p.TokenHash); err != nil {
		return err
	}
	s.record(ctx, event{action: ActionLogout, ip: ip, a: account{Role: p.Role, ID: p.ID}}, audit.OK, "", "")
	return nil
}
