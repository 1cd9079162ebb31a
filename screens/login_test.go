package screens

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/translations"
)

func memberLogin(id, pw string) (api.LoginResponse, error) {
	if id == "1234567" && pw == "correct horse battery" {
		return api.LoginResponse{Role: api.RoleMember, Member: &api.MemberSummary{Matricule: id}}, nil
	}
	return api.LoginResponse{}, &api.Error{Code: api.CodeInvalidCredentials}
}

func TestLoginSucceeds(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := &fake{login: memberLogin}
	s := NewLogin(h.env, f, "", "").(*login)
	h.show(t, s)
	if got, want := s.submit.Text, "Se connecter"; got != want {
		t.Fatalf("button = %q, want %q", got, want)
	}
	if got, want := s.recover.Text, "Récupérer mot de passe"; got != want {
		t.Fatalf("link = %q, want %q", got, want)
	}
	test.Type(s.identifier, "1234567")
	test.Type(s.password, "correct horse battery")
	test.Tap(s.submit)
	h.settle()
	if got, want := h.nav.get(), "services"; got != want {
		t.Fatalf("navigated to %q, want %q", got, want)
	}
	if s.password.Text != "" {
		t.Fatal("the password stays in the entry after login")
	}
}

func TestLoginShowHidePassword(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewLogin(h.env, &fake{}, "", "").(*login)
	h.show(t, s)
	if !s.password.Password {
		t.Fatal("password shown at first")
	}
	toggle, ok := s.password.ActionItem.(fyne.Tappable)
	if !ok {
		t.Fatal("the password field has no show/hide toggle")
	}
	test.Tap(toggle)
	if s.password.Password {
		t.Fatal("show did not reveal the password")
	}
	test.Tap(toggle)
	if !s.password.Password {
		t.Fatal("hide did not mask the password")
	}
}

func TestLoginFailures(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantKey   string
		wantArgs  []any
		wantRetry bool
	}{
		{"wrong password", &api.Error{Code: api.CodeInvalidCredentials}, "error.invalid_credentials", nil, false},
		{"no network", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, "error.network", nil, true},
		{"timeout", errTimeout{}, "error.timeout", nil, true},
		{"server error", &api.Error{Code: api.CodeInternal}, "error.internal", nil, true},
		{"malformed answer", fmt.Errorf("%w: %w", client.ErrMalformed, errors.New("invalid character '<'")), "error.malformed", nil, true},
		{"too many attempts", &api.Error{Code: api.CodeRateLimited, RetryAfterSeconds: 30}, "error.rate_limited", []any{"dans 30 secondes"}, true},
		{"too many attempts, minutes", &api.Error{Code: api.CodeRateLimited, RetryAfterSeconds: 600}, "error.rate_limited", []any{"dans 10 minutes"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			f := &fake{login: func(string, string) (api.LoginResponse, error) { return api.LoginResponse{}, tc.err }}
			s := NewLogin(h.env, f, "", "").(*login)
			h.show(t, s)
			test.Type(s.identifier, "1234567")
			test.Type(s.password, "whatever it is")
			test.Tap(s.submit)
			h.settle()
			want := h.env.T(tc.wantKey, tc.wantArgs...)
			if got := s.message.Text(); got != want {
				t.Fatalf("message = %q, want %q", got, want)
			}
			if strings.HasPrefix(want, "error.") {
				t.Fatalf("%s has no French text", tc.wantKey)
			}
			if got := s.retry.Visible(); got != tc.wantRetry {
				t.Fatalf("retry visible = %v, want %v", got, tc.wantRetry)
			}
			if tc.wantRetry {
				test.Tap(s.retry)
				h.settle()
				if got := f.count("login"); got != 2 {
					t.Fatalf("retry made %d calls in all, want 2", got)
				}
			}
			if s.submit.Disabled() {
				t.Fatal("button still disabled after the failure")
			}
		})
	}
}

// errTimeout is a net.Error that timed out.
type errTimeout struct{}

func (errTimeout) Error() string   { return "i/o timeout" }
func (errTimeout) Timeout() bool   { return true }
func (errTimeout) Temporary() bool { return true }

func TestLoginBusyDisablesAndIgnoresDoubleTap(t *testing.T) {
	h := newHarness(t, translations.FR)
	release := make(chan struct{})
	f := &fake{login: func(id, pw string) (api.LoginResponse, error) {
		<-release
		return memberLogin(id, pw)
	}}
	s := NewLogin(h.env, f, "", "").(*login)
	h.show(t, s)
	test.Type(s.identifier, "1234567")
	test.Type(s.password, "correct horse battery")
	test.Tap(s.submit)
	if !s.submit.Disabled() || !s.recover.Disabled() || !s.activity.Visible() {
		t.Fatal("no progress shown, or buttons left enabled, during the call")
	}
	test.Tap(s.submit)
	s.onSubmit() // even a tap that slipped through before the disable
	close(release)
	h.settle()
	if got := f.count("login"); got != 1 {
		t.Fatalf("%d logins sent, want 1", got)
	}
	if s.activity.Visible() {
		t.Fatal("activity indicator still shown")
	}
}

func TestLoginLeftCancelsAndDropsTheAnswer(t *testing.T) {
	h := newHarness(t, translations.FR)
	release := make(chan struct{})
	f := &fake{login: func(id, pw string) (api.LoginResponse, error) {
		<-release
		return memberLogin(id, pw)
	}}
	s := NewLogin(h.env, f, "", "").(*login)
	h.show(t, s)
	test.Type(s.identifier, "1234567")
	test.Type(s.password, "correct horse battery")
	test.Tap(s.submit)
	s.Stop()
	if s.ctx.Err() == nil {
		t.Fatal("leaving the screen did not cancel its context")
	}
	close(release)
	h.settle()
	if got := h.nav.get(); got != "" {
		t.Fatalf("a left screen still navigated to %q", got)
	}
}

func TestLoginNoticeAndIdentifier(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewLogin(h.env, &fake{}, h.env.T("error.unauthorized"), "1234567").(*login)
	h.show(t, s)
	if got, want := s.message.Text(), h.env.T("error.unauthorized"); got != want || !s.message.Visible() {
		t.Fatalf("notice = %q (visible %v), want %q", got, s.message.Visible(), want)
	}
	if got := s.identifier.Text; got != "1234567" {
		t.Fatalf("identifier = %q", got)
	}
	test.Tap(s.submit)
	if got, want := s.message.Text(), "Saisissez votre identifiant et votre mot de passe."; got != want {
		t.Fatalf("empty password: %q, want %q", got, want)
	}
	test.Tap(s.recover)
	if got, want := h.nav.get(), "recover:1234567"; got != want {
		t.Fatalf("navigated to %q, want %q", got, want)
	}
}
