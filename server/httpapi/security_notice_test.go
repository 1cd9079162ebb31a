package httpapi_test

import (
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// noticesTo sends the outbox and returns the "password changed" mails to
// email so far.
func (e *env) noticesTo(email string) []store.Mail {
	e.t.Helper()
	e.lastCode(email) // sends the outbox into e.mails
	var out []store.Mail
	for _, m := range e.mails {
		if m.To == email && strings.Contains(m.Subject, "mot de passe a été modifié") {
			out = append(out, m)
		}
	}
	return out
}

// TestResetSendsPasswordChangedMail: a password reset queues, with it, a
// mail in French and Arabic telling the member, with the time, and holding
// neither the code nor the password; a wrong code queues none.
func TestResetSendsPasswordChangedMail(t *testing.T) {
	forEachEngine(t, envOptions{}, func(t *testing.T, e *env) {
		m := e.Acc.Member
		want(t, e.recover(m.Identifier, m.CIN), 202)
		code := e.lastCode(m.Email)
		const fresh = "Une phrase toute neuve pour Salma"
		wantErr(t, e.confirm(m.Identifier, otherCode(code), fresh), api.CodeInvalidRequest)
		if n := len(e.noticesTo(m.Email)); n != 0 {
			t.Fatalf("%d notices after a wrong code, want none", n)
		}
		want(t, e.confirm(m.Email, code, fresh), 204)
		notices := e.noticesTo(m.Email)
		if len(notices) != 1 {
			t.Fatalf("%d notices after the reset, want 1", len(notices))
		}
		n := notices[0]
		for _, s := range []string{
			"Bonjour Salma El Amrani",
			"Votre mot de passe a été modifié le 20/07/2026 à 10:00 (heure du Maroc)", // 09:00 UTC is 10:00 in Casablanca in July
			"Récupérer mot de passe",
			"تم تغيير كلمة المرور الخاصة بكم يوم 20/07/2026 على الساعة 10:00",
			"استرجاع كلمة المرور",
		} {
			if !strings.Contains(n.Body, s) {
				t.Errorf("the notice lacks %q:\n%s", s, n.Body)
			}
		}
		if strings.Contains(n.Body, code) || strings.Contains(n.Body, fresh) || strings.Contains(n.Subject, code) {
			t.Fatal("the notice holds the code or the password")
		}
	})
}
