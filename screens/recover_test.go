package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func TestRecoverNeverRevealsTheAccount(t *testing.T) {
	for _, name := range []string{"known member", "unknown identifier"} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			var got [2]string
			// The server answers 202 either way; the screen must not differ.
			f := &fake{recover: func(id, cin string) error { got = [2]string{id, cin}; return nil }}
			s := NewRecover(h.env, f, "").(*recoverID)
			h.show(t, s)
			test.Type(s.identifier, " 1234567 ")
			test.Type(s.cin, "ab123456")
			test.Tap(s.submit)
			h.settle()
			if got != [2]string{"1234567", "AB123456"} {
				t.Fatalf("sent %q", got)
			}
			if got, want := h.nav.get(), "recover-code:1234567"; got != want {
				t.Fatalf("navigated to %q, want %q", got, want)
			}
		})
	}
}

func TestRecoverCodeScreen(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewRecoverCode(h.env, &fake{}, "1234567").(*recoverCode)
	h.show(t, s)
	sent := h.env.T("recover.sent", 10)
	policy := h.env.T("recover.policy", api.PasswordMinLen, api.PasswordMaxLen)
	var texts []string
	for _, o := range test.LaidOutObjects(s.Content()) {
		if x, ok := o.(interface{ Text() string }); ok {
			texts = append(texts, x.Text())
		}
	}
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, sent) || !strings.Contains(all, policy) {
		t.Fatalf("the screen does not show the neutral sentence and the policy before submitting:\n%s", all)
	}
	if strings.Contains(sent, "%!") || strings.Contains(policy, "%!") {
		t.Fatalf("bad format: %q %q", sent, policy)
	}
}

func TestRecoverCodeChecksBeforeSending(t *testing.T) {
	tests := []struct {
		name, code, pw, again, wantKey string
		args                           []any
	}{
		{"short code", "123", "a long enough phrase", "a long enough phrase", "recover.code.bad_format", []any{api.RecoveryCodeDigits}},
		{"short password", "123456", "short", "short", "recover.policy", []any{api.PasswordMinLen, api.PasswordMaxLen}},
		{"confirmation differs", "123456", "a long enough phrase", "a long enough phrasE", "recover.mismatch", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			f := &fake{}
			s := NewRecoverCode(h.env, f, "1234567").(*recoverCode)
			h.show(t, s)
			test.Type(s.code, tc.code)
			test.Type(s.password, tc.pw)
			test.Type(s.again, tc.again)
			test.Tap(s.submit)
			h.settle()
			if got, want := s.message.Text(), h.env.T(tc.wantKey, tc.args...); got != want {
				t.Fatalf("message = %q, want %q", got, want)
			}
			if f.count("confirm") != 0 {
				t.Fatal("sent despite the local check")
			}
		})
	}
}

func TestRecoverCodeAnswers(t *testing.T) {
	tests := []struct {
		name    string
		lang    translations.Lang
		err     error
		wantNav string
		wantMsg string
	}{
		{"accepted", translations.FR, nil, "login:Mot de passe changé. Vous pouvez vous connecter.:1234567", ""},
		{"wrong code", translations.FR, &api.Error{Code: api.CodeInvalidRequest, Field: "code"}, "",
			"Code incorrect ou expiré. Demandez un nouveau code si besoin."},
		// The length is right, so the server refused it as too common: the
		// length rule would mislead.
		{"common password", translations.FR, &api.Error{Code: api.CodeInvalidRequest, Field: "new_password"}, "",
			"Ce mot de passe est trop courant ; choisissez une phrase de plusieurs mots."},
		{"common password, arabic", translations.AR, &api.Error{Code: api.CodeInvalidRequest, Field: "new_password"}, "",
			"كلمة المرور هذه شائعة جدا؛ المرجو اختيار جملة من عدة كلمات."},
		{"server down", translations.FR, &api.Error{Code: api.CodeUnavailable}, "",
			"Le service est momentanément indisponible. Réessayez plus tard."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.lang)
			f := &fake{confirm: func(id, code, pw string) error { return tc.err }}
			s := NewRecoverCode(h.env, f, "1234567").(*recoverCode)
			h.show(t, s)
			test.Type(s.code, "123456")
			test.Type(s.password, "a long enough phrase")
			test.Type(s.again, "a long enough phrase")
			test.Tap(s.submit)
			h.settle()
			if got := h.nav.get(); got != tc.wantNav {
				t.Fatalf("navigated to %q, want %q", got, tc.wantNav)
			}
			if tc.wantMsg != "" {
				if got := s.message.Text(); got != tc.wantMsg {
					t.Fatalf("message = %q, want %q", got, tc.wantMsg)
				}
			}
		})
	}
}

// TestPasswordRefused: the length rule for a password of the wrong
// length, "too common" for one the server refused despite a valid length.
func TestPasswordRefused(t *testing.T) {
	h := newHarness(t, translations.FR)
	policy := h.env.T("recover.policy", api.PasswordMinLen, api.PasswordMaxLen)
	for _, tc := range []struct {
		name, pw, want string
	}{
		{"too short", strings.Repeat("a", api.PasswordMinLen-1), policy},
		{"too long", strings.Repeat("é", api.PasswordMaxLen+1), policy},
		{"shortest valid length", strings.Repeat("é", api.PasswordMinLen), h.env.T("recover.common")},
		{"longest valid length", strings.Repeat("a", api.PasswordMaxLen), h.env.T("recover.common")},
	} {
		if got := h.env.passwordRefused(tc.pw); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
