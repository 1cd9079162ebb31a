package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/mail"
	"github.com/fos-mobile/fos/server/store"
)

// RecoverAccepted is the one answer to every accepted recovery request.
var RecoverAccepted = api.RecoverResponse{
	Message:        "If these details match a member's record, a code has been sent to that member's e-mail address.",
	CodeTTLSeconds: int(api.RecoveryCodeTTL.Seconds()),
}

// Recover starts a first login or a password reset. When the identifier
// names a member whose CIN matches, a one-time code is queued for the
// member's e-mail. The answer is the same whether or not anything matched,
// and so is its time: before it, only the member is looked up (one indexed
// read, found or not) and the limits counted; the CIN check and the code
// are done after it, in the background (Wait waits for them).
//
// Every request is charged to its client address. The member's own budget
// (the identifier's and the account's) pays only for codes actually sent,
// once the CIN matched: a stranger who knows a matricule but not its CIN
// cannot spend it and so cannot block the member's recovery or first login.
// While it is spent, every request naming the member is refused.
//
// Errors: invalid_request (an identifier that no account can have),
// rate_limited (the address's budget, or the member's codes spent; a
// refused request counts nothing).
func (s *Service) Recover(ctx context.Context, identifier, cin, ip string) error {
	id, err := CanonicalIdentifier(identifier)
	if err != nil {
		s.record(ctx, event{action: ActionRecover, ip: ip}, audit.Failed, "", "invalid identifier")
		return err
	}
	m, a, err := s.member(ctx, id)
	if err != nil {
		return err
	}
	ev := event{action: ActionRecover, ip: ip, id: id, a: a}
	rules := s.budgets("recover", ip, id, a)
	address, member := rules[0], rules[1:]
	res, err := s.Store.ThrottleChargeGuarded(ctx, member, address)
	if err != nil {
		return err
	}
	if !res.Allowed {
		s.record(ctx, ev, audit.Limited, "", "")
		return s.rateLimited(res.RetryAt)
	}
	s.recordLocks(ctx, ev, res.Locked)
	if a.ID == 0 {
		s.record(ctx, ev, audit.Failed, "", "no such member")
		return nil
	}
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		// The request is answered; its cancellation must not stop this.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		outcome, why, err := s.sendCode(ctx, ev, m, cin, member)
		if err != nil {
			if s.Log != nil {
				s.Log.Error("recovery: the code could not be queued; the member may ask again", "err", err)
			}
			return
		}
		s.record(ctx, ev, outcome, "", why)
	}()
	return nil
}

// member looks up the member that id names; a's ID is 0 when none does.
func (s *Service) member(ctx context.Context, id string) (store.Member, account, error) {
	m, err := s.Store.MemberByIdentifier(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Member{}, account{Role: api.RoleMember}, nil
	}
	if err != nil {
		return store.Member{}, account{}, err
	}
	return m, memberAccount(m), nil
}

// Wait waits for the recovery work still running in the background.
func (s *Service) Wait() { s.pending.Wait() }

// sendCode queues a code for m when cin matches and the member's budget
// rules allow one more, and says what it did.
func (s *Service) sendCode(ctx context.Context, ev event, m store.Member, cin string, rules []store.ThrottleRule) (outcome, why string, err error) {
	if !strings.EqualFold(strings.TrimSpace(cin), m.CIN) {
		return audit.Failed, "CIN mismatch", nil
	}
	if m.Email == "" {
		return audit.Failed, "no e-mail address on file", nil
	}
	res, err := s.Store.ThrottleCharge(ctx, rules...)
	if err != nil {
		return "", "", err
	}
	if !res.Allowed {
		return audit.Limited, "the member's codes for this hour are spent", nil
	}
	s.recordLocks(ctx, ev, res.Locked)
	code, err := NewCode(s.Rand, api.RecoveryCodeDigits)
	if err != nil {
		return "", "", err
	}
	return audit.OK, "code sent", s.Store.CreateRecoveryCode(ctx, m.ID, CodeHash(m.ID, code), api.RecoveryCodeTTL, mail.Code(m, code))
}

// ConfirmRecovery sets a new password with a one-time code and revokes
// every session of the member. Errors: invalid_request (policy, or a wrong,
// expired, used or exhausted code, or an unknown identifier: all alike, and
// after the same work), rate_limited (per client address, identifier and
// member), unavailable (hashing saturated).
func (s *Service) ConfirmRecovery(ctx context.Context, identifier, code, newPassword, ip string) error {
	ev := event{action: ActionConfirm, ip: ip}
	if err := ValidatePassword(newPassword); err != nil {
		s.record(ctx, ev, audit.Failed, "", "new password refused by the policy")
		return err
	}
	id, err := CanonicalIdentifier(identifier)
	if err != nil {
		s.record(ctx, ev, audit.Failed, "", "invalid identifier")
		return err
	}
	m, a, err := s.member(ctx, id)
	if err != nil {
		return err
	}
	ev.id, ev.a = id, a
	res, err := s.Store.ThrottleCharge(ctx, s.budgets("confirm", ip, id, a)...)
	if err != nil {
		return err
	}
	if !res.Allowed {
		s.record(ctx, ev, audit.Limited, "", "")
		return s.rateLimited(res.RetryAt)
	}
	s.recordLocks(ctx, ev, res.Locked)
	bad := api.Errorf(api.CodeInvalidRequest, "the code is wrong or no longer valid")
	bad.Field = "code"
	// The new password is hashed whoever the identifier names, so that a
	// known identifier and an unknown one cost the same time.
	release, err := s.Hasher.Acquire(ctx)
	if err != nil {
		s.record(ctx, ev, audit.Failed, "", "server busy")
		return err
	}
	hash, err := s.Hasher.Hash(newPassword)
	release()
	if err != nil {
		return err
	}
	if len(code) != api.RecoveryCodeDigits || a.ID == 0 {
		s.record(ctx, ev, audit.Failed, "", "wrong code or no such member")
		return bad
	}
	// The member hears of the change by mail, queued with it: a reset that
	// someone else made is then noticed.
	notice := mail.PasswordChanged(m, s.Store.Now().In(s.Store.Location()))
	err = s.Store.UseRecoveryCode(ctx, m.ID, CodeHash(m.ID, code), hash, api.RecoveryCodeMaxAttempts, notice)
	var ae *api.Error
	if errors.As(err, &ae) {
		s.record(ctx, ev, audit.Failed, "", "wrong, expired, used or exhausted code")
		return bad
	}
	if err != nil {
		return err
	}
	s.record(ctx, ev, audit.OK, "", "")
	ev.action = ActionReset
	s.record(ctx, ev, audit.OK, "", "password changed, every session revoked")
	return s.clearLogin(ctx, a)
}
