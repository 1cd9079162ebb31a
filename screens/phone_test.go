package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit"
)

// TestKeyboards: each field asks the phone for the right keyboard.
func TestKeyboards(t *testing.T) {
	h := newHarness(t, translations.FR)
	login := NewLogin(h.env, &fake{}, "", "").(*login)
	code := NewRecoverCode(h.env, &fake{}, "1234567").(*recoverCode)
	recov := NewRecover(h.env, &fake{}, "").(*recoverID)
	for _, tc := range []struct {
		name  string
		entry mobile.Keyboardable
		want  mobile.KeyboardType
	}{
		{"identifier (matricule or e-mail)", login.identifier, mobile.SingleLineKeyboard},
		{"password", login.password, mobile.PasswordKeyboard},
		{"CIN", recov.cin, mobile.SingleLineKeyboard},
		{"recovery code", code.code, mobile.NumberKeyboard},
		{"new password", code.password, mobile.PasswordKeyboard},
	} {
		if got := tc.entry.Keyboard(); got != tc.want {
			t.Errorf("%s: keyboard %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestArabicHintIsRightAligned: in Arabic the hint of an empty field is
// drawn on the right, and goes once something is typed.
func TestArabicHintIsRightAligned(t *testing.T) {
	h := newHarness(t, translations.AR)
	s := NewLogin(h.env, &fake{}, "", "").(*login)
	h.show(t, s)
	hint := hintOf(t, s.identifier)
	if got, want := hint.Text(), "مثال: 1234567"; got != want || s.identifier.PlaceHolder != "" {
		t.Fatalf("hint %q (placeholder %q), want %q", got, s.identifier.PlaceHolder, want)
	}
	d := fyne.CurrentApp().Driver()
	entryRight := d.AbsolutePositionForObject(s.identifier).X + s.identifier.Size().Width
	if right := d.AbsolutePositionForObject(hint).X + hint.Size().Width; entryRight-right > 2*uikit.TouchTarget/3 {
		t.Fatalf("hint ends at x=%v, the field at %v: not right-aligned", right, entryRight)
	}
	test.Type(s.identifier, "1")
	if hint.Visible() {
		t.Fatal("the hint stays over typed text")
	}
}

func hintOf(t *testing.T, e *uikit.Entry) *uikit.Text {
	t.Helper()
	for _, o := range test.LaidOutObjects(e) {
		if x, ok := o.(*uikit.Text); ok {
			return x
		}
	}
	t.Fatal("no hint")
	return nil
}

// TestBack: the header's back is what Android's back key does; a screen
// without one (the service list, login) reports false, so that the app
// leaves; a back arrow disabled while sending makes the key do nothing.
func TestBack(t *testing.T) {
	h := newHarness(t, translations.FR)
	for _, tc := range []struct {
		name string
		s    Screen
		want string // "" when the screen has no back
	}{
		{"login", NewLogin(h.env, &fake{}, "", ""), ""},
		{"services", NewServices(h.env, servicesFake()), ""},
		{"recover", NewRecover(h.env, &fake{}, "1234567"), "login::1234567"},
		{"estivage", NewEstivage(h.env, &fake{estivage: func() (api.Estivage, error) { return api.Estivage{Season: 2026}, nil }}), "services"},
		{"confirm", NewConfirm(h.env, confirmFake(), api.KindSummer), "estivage"},
		{"requests", NewRequests(h.env, &fake{list: func() (api.ReimbursementList, error) { return api.ReimbursementList{}, nil }}, false), "estivage"},
		{"request", NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) {
			return demoRequest(api.StatusPaid), `"v"`, false, nil
		}}, 7), "requests:false"},
	} {
		h.nav.set("")
		h.show(t, tc.s)
		got := tc.s.(Backer).Back()
		if got != (tc.want != "") || h.nav.get() != tc.want {
			t.Errorf("%s: Back() = %v, went to %q; want %q", tc.name, got, h.nav.get(), tc.want)
		}
	}
}

// TestBackWhileSending: on Confirmer, while the request is sent, the back
// key does nothing (leaving would lose the answer); once the deposit sheet
// is shown, back closes it like "Fermer".
func TestBackWhileSending(t *testing.T) {
	h := newHarness(t, translations.FR)
	release := make(chan struct{})
	f := confirmFake()
	create := f.create
	f.create = func(key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
		<-release
		return create(key, req)
	}
	s := NewConfirm(h.env, f, api.KindSummer).(*confirm)
	h.show(t, s)
	test.Tap(s.submit)
	if !s.Back() || h.nav.get() != "" {
		t.Fatalf("back while sending went to %q", h.nav.get())
	}
	close(release)
	h.settle()
	if s.sheet == nil {
		t.Fatal("no deposit sheet")
	}
	if !s.Back() || h.nav.get() != "request:7" || len(h.sent) != 1 {
		t.Fatalf("back on the sheet went to %q with %d notifications", h.nav.get(), len(h.sent))
	}
}

// TestDepositSheetFillsTheScreen: the instructions are the whole screen,
// not a dialog, and "Fermer" stays in reach below the scrolling body.
func TestDepositSheetFillsTheScreen(t *testing.T) {
	for _, size := range phones {
		h := newHarness(t, translations.AR)
		h.win.Resize(size)
		s := NewConfirm(h.env, confirmFake(), api.KindSummer).(*confirm)
		h.show(t, s)
		test.Tap(s.submit)
		h.settle()
		if h.win.Canvas().Overlays().Top() != nil {
			t.Fatal("the instructions are a dialog")
		}
		close := buttonIn(t, s.Content(), "إغلاق")
		d := fyne.CurrentApp().Driver()
		bottom := d.AbsolutePositionForObject(close).Y + close.Size().Height
		if c := h.win.Canvas().Size(); bottom > c.Height || s.sheet.Size().Width < c.Width-2*8 {
			t.Fatalf("%v: Fermer ends at %v of %v; sheet %v", size, bottom, c.Height, s.sheet.Size())
		}
	}
}

// TestRejectionReasonInTheMembersLanguage: the reason code is translated,
// the agent's words follow.
func TestRejectionReasonInTheMembersLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang translations.Lang
		want string
	}{
		{translations.FR, "Demande rejetée : facture en dehors des dates de la période. « Facture du 20 septembre »"},
		{translations.AR, "تم رفض الطلب: الفاتورة خارج تواريخ الفترة. «Facture du 20 septembre»"},
	} {
		h := newHarness(t, tc.lang)
		r := demoRequest(api.StatusRejected)
		r.ReasonCode, r.Reason = api.ReasonInvoiceOutOfPeriod, "Facture du 20 septembre"
		h.env.PollEvery = time.Hour
		s := NewRequest(h.env, &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v"`, false, nil }}, 7).(*request)
		h.show(t, s)
		if got := s.next.Text(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, got, tc.want)
		}
	}
	// Every reason has a sentence in every language.
	for _, l := range []translations.Lang{translations.FR, translations.AR, translations.EN} {
		tr := translations.New(l)
		for _, c := range api.RejectReasons {
			if k := "reason." + string(c); tr.T(k) == k {
				t.Errorf("%s has no %s", l, k)
			}
		}
	}
}

// TestCopyReferenceAndSecondaryCancel: the reference goes to the
// clipboard; cancelling is a low-key action that asks first.
func TestCopyReferenceAndSecondaryCancel(t *testing.T) {
	h := newHarness(t, translations.FR)
	r := demoRequest(api.StatusAwaitingDocuments)
	h.env.PollEvery = time.Hour
	f := &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v"`, false, nil }}
	s := NewRequest(h.env, f, 7).(*request)
	h.show(t, s)
	test.Tap(s.copyRef)
	if got := fyne.CurrentApp().Clipboard().Content(); got != "EST-2026-000123" {
		t.Fatalf("clipboard %q", got)
	}
	if s.cancelB.Importance != widget.LowImportance {
		t.Fatalf("cancel importance %v, want low", s.cancelB.Importance)
	}
	test.Tap(s.cancelB)
	if h.win.Canvas().Overlays().Top() == nil || f.count("cancel") != 0 {
		t.Fatal("cancel did not ask first")
	}
}
