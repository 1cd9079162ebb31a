package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
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
// and so is its time: only the rate limits are counted before it, and the
// lookup, the CIN check and the code are done after it, in the background
// (Wait waits for them). Errors: invalid_request (an identifier that no
// account can have), rate_limited (per identifier and per client address,
// before any lookup, so it reveals nothing either).
func (s *Service) Recover(ctx context.Context, identifier, cin, ip string) error {
	id, err := CanonicalIdentifier(identifier)
	if err != nil {
		return err
	}
	p := s.Policy
	if err := s.take(ctx, "recover:id:"+id, p.RecoverLimit, p.RecoverWindow, p.RecoverWindow, p.RecoverWindow); err != nil {
		return err
	}
	if err := s.take(ctx, "recover:ip:"+ip, p.RecoverIPLimit, p.RecoverWindow, p.RecoverWindow, p.RecoverWindow); err != nil {
		return err
	}
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		// The request is answered; its cancellation must not stop this.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := s.sendCode(ctx, id, cin); err != nil && s.Log != nil {
			s.Log.Error("recovery: the code could not be queued; the member may ask again", "err", err)
		}
	}()
	return nil
}

// Wait waits for the recovery work still running in the background.
func (s *Service) Wait() { s.pending.Wait() }

// sendCode queues a code for the member that id names, when cin matches.
func (s *Service) sendCode(ctx context.Context, id, cin string) error {
	m, err := s.Store.MemberByIdentifier(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(cin), m.CIN) || m.Email == "" {
		return nil
	}
	code, err := NewCode(s.Rand, api.RecoveryCodeDigits)
	if err != nil {
		return err
	}
	return s.Store.CreateRecoveryCode(ctx, m.ID, CodeHash(m.ID, code), api.RecoveryCodeTTL, codeMail(m, code))
}

// codeMail is the bilingual e-mail that carries a code.
func codeMail(m store.Member, code string) store.Mail {
	minutes := int(api.RecoveryCodeTTL.Minutes())
	return store.Mail{
		To:      m.Email,
		Subject: "FOS – Code de vérification / رمز التحقق",
		Body: fmt.Sprintf("Bonjour %s %s,\r\n\r\n"+
			"Votre code de vérification pour la Fondation des Œuvres Sociales est : %s\r\n"+
			"Il est valable %d minutes et ne sert qu'une fois. Si vous n'avez rien demandé, ignorez ce message.\r\n\r\n"+
			"رمز التحقق الخاص بكم لدى مؤسسة الأعمال الاجتماعية هو: %s\r\n"+
			"صالح لمدة %d دقائق ولمرة واحدة فقط. إذا لم تطلبوا أي شيء، تجاهلوا هذه الرسالة.\r\n",
			m.FirstName, m.LastName, code, minutes, code, minutes),
	}
}

// ConfirmRecovery sets a new password with a one-time code and revokes
// every session of the member. Errors: invalid_request (policy, or a wrong,
// expired, used or exhausted code, or an unknown identifier: all alike, and
// after the same work), rate_limited (per identifier and per client
// address), unavailable (hashing saturated).
func (s *Service) ConfirmRecovery(ctx context.Context, identifier, code, newPassword, ip string) error {
	if err := ValidatePassword(newPassword); err != nil {
		return err
	}
	id, err := CanonicalIdentifier(identifier)
	if err != nil {
		return err
	}
	p := s.Policy
	if err := s.take(ctx, "confirm:id:"+id, p.ConfirmLimit, p.RecoverWindow, p.RecoverWindow, p.RecoverWindow); err != nil {
		return err
	}
	if err := s.take(ctx, "confirm:ip:"+ip, p.ConfirmIPLimit, p.RecoverWindow, p.RecoverWindow, p.RecoverWindow); err != nil {
		return err
	}
	bad := api.Errorf(api.CodeInvalidRequest, "the code is wrong or no longer valid")
	bad.Field = "code"
	// The new password is hashed before anything is looked up, so that a
	// known identifier and an unknown one cost the same time.
	release, err := s.Hasher.Acquire(ctx)
	if err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(newPassword)
	release()
	if err != nil {
		return err
	}
	if len(code) != api.RecoveryCodeDigits {
		return bad
	}
	m, err := s.Store.MemberByIdentifier(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return bad
	}
	if err != nil {
		return err
	}
	err = s.Store.UseRecoveryCode(ctx, m.ID, CodeHash(m.ID, code), hash, api.RecoveryCodeMaxAttempts)
	var ae *api.Error
	if errors.As(err, &ae) {
		return bad
	}
	if err != nil {
		return err
	}
	return s.Store.ThrottleReset(ctx, "login:id:"+id)
}
