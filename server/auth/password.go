// Package auth holds the server's secrets handling: password hashing with
// argon2id, session tokens, one-time recovery codes, and the login and
// recovery rules (rate limits, no user enumeration) on top of the store.
package auth

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"github.com/fos-mobile/fos/api"
)

// Params are argon2id's cost settings.
type Params = argon2id.Params

// DefaultParams follow OWASP's recommendation for argon2id (19 MiB, two
// passes, one lane): about 25 ms a hash on one core of the reference
// machine, which bounds a 2-core server to some tens of logins a second.
var DefaultParams = Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// TestParams are cheap, for tests only.
var TestParams = Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Hasher hashes and checks passwords. It counts its verifications so tests
// can prove how much work a request did.
type Hasher struct {
	params   Params
	dummy    string
	verifies atomic.Int64
	hashes   atomic.Int64
	// SlotWait is how long a request waits for a hashing slot before it is
	// answered 503 unavailable (DefaultSlotWait).
	SlotWait time.Duration
	// slots bounds the hashes that requests run at once: each takes its
	// whole memory cost up front, so a flood of logins must queue, not
	// allocate without limit.
	slots chan struct{}
}

// DefaultSlotWait is a Hasher's SlotWait.
const DefaultSlotWait = 3 * time.Second

// NewHasher returns a Hasher with params, running at most two hashes per
// CPU at once for requests (see Acquire).
func NewHasher(params Params) (*Hasher, error) {
	h := &Hasher{params: params, SlotWait: DefaultSlotWait, slots: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	dummy, err := argon2id.CreateHash("not a password of anyone's", &h.params)
	if err != nil {
		return nil, err
	}
	h.dummy = dummy
	return h, nil
}

// Hash returns the PHC-encoded argon2id hash of password.
func (h *Hasher) Hash(password string) (string, error) {
	h.hashes.Add(1)
	return argon2id.CreateHash(password, &h.params)
}

// Verify reports whether password matches hash. An empty hash (an unknown
// identifier, or a member with no password yet) is checked against a dummy
// hash of the same cost, so the answer takes the same time either way.
func (h *Hasher) Verify(password, hash string) bool {
	h.verifies.Add(1)
	known := hash != ""
	if !known {
		hash = h.dummy
	}
	ok, _, err := argon2id.CheckHash(password, hash)
	return ok && known && err == nil
}

// Acquire waits for a hashing slot, at most h.SlotWait, and returns its
// release. A request hashes only with a slot. Errors: unavailable when no
// slot frees in time (the server is saturated), or the context's error.
func (h *Hasher) Acquire(ctx context.Context) (release func(), err error) {
	t := time.NewTimer(h.SlotWait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, nil
	case <-t.C:
		e := api.Errorf(api.CodeUnavailable, "the server is busy; try again in a moment")
		e.RetryAfterSeconds = 1
		return nil, e
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Verifications counts the calls to Verify so far.
func (h *Hasher) Verifications() int64 { return h.verifies.Load() }

// Hashes counts the calls to Hash so far.
func (h *Hasher) Hashes() int64 { return h.hashes.Load() }

// Slots is how many hashes requests may run at once.
func (h *Hasher) Slots() int { return cap(h.slots) }

// ValidatePassword applies the password policy: 12 to 128 characters, and
// not one of the most common passwords (IsCommon). Errors: invalid_request
// on new_password.
func ValidatePassword(p string) error {
	n := utf8.RuneCountInString(p)
	var e *api.Error
	switch {
	case !utf8.ValidString(p) || n < api.PasswordMinLen || n > api.PasswordMaxLen:
		e = api.Errorf(api.CodeInvalidRequest, "the password must have between %d and %d characters", api.PasswordMinLen, api.PasswordMaxLen)
	case IsCommon(p):
		e = api.Errorf(api.CodeInvalidRequest, "this password is among the most common ones, which are tried first: choose another (a sentence of several words is a good choice)")
	default:
		return nil
	}
	e.Field = "new_password"
	return e
}
