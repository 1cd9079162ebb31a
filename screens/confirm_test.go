package screens

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func confirmFake() *fake {
	return &fake{
		me: func() (api.Profile, error) { return demoProfile(), nil },
		create: func(key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
			return demoRequest(api.StatusAwaitingDocuments), nil
		},
	}
}

func TestConfirmShowsTheProfileReadOnly(t *testing.T) {
	h := newHarness(t, translations.FR)
	s := NewConfirm(h.env, confirmFake(), api.KindSummer).(*confirm)
	h.show(t, s)
	want := map[string]string{"birth_date": h.env.Tr.Date(api.Date{Year: 1980, Month: 3, Day: 14}), "echelle": "11", "echelon": "5",
		"recruitment_date": h.env.Tr.Date(api.Date{Year: 2005, Month: 9, Day: 1}), "children_count": "2"}
	for k, v := range want {
		if got := s.fields[k].Text(); got != v {
			t.Fatalf("%s = %q, want %q", k, got, v)
		}
	}
	if s.back.Text != "Retour" || s.submit.Text != "Confirmer" || s.submit.Disabled() {
		t.Fatalf("buttons %q %q (disabled %v)", s.back.Text, s.submit.Text, s.submit.Disabled())
	}
	for _, o := range test.LaidOutObjects(s.Content()) {
		if _, ok := o.(*widget.Entry); ok {
			t.Fatal("the personal data are editable")
		}
	}
	test.Tap(s.back)
	if h.nav.get() != "estivage" {
		t.Fatalf("Retour went to %q", h.nav.get())
	}
}

func TestConfirmCreatesOnceThenInstructionsThenNotification(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := confirmFake()
	release := make(chan struct{})
	create := f.create
	f.create = func(key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
		<-release
		if req.Kind != api.KindSummer || req.ConfirmedProfile != demoProfile().ConfirmedProfile {
			return api.Reimbursement{}, fmt.Errorf("body %+v", req)
		}
		return create(key, req)
	}
	s := NewConfirm(h.env, f, api.KindSummer).(*confirm)
	h.show(t, s)
	test.Tap(s.submit)
	test.Tap(s.submit) // the double tap
	if !s.submit.Disabled() || !s.back.Disabled() || !s.backButton.Disabled() {
		t.Fatal("buttons enabled while sending (leaving would cancel the request and lose its answer)")
	}
	test.Tap(s.backButton)
	if got := h.nav.get(); got != "" {
		t.Fatalf("the header's back left the screen while sending: %q", got)
	}
	close(release)
	h.settle()
	if got := f.count("create"); got != 1 {
		t.Fatalf("%d creates, want 1", got)
	}
	if s.sheet == nil {
		t.Fatal("no deposit instructions")
	}
	texts := textsOf(s.Content())
	for _, want := range []string{"Référence : EST-2026-000123", "• Facture originale", "• Copie de la CIN", "Siège de la FOS, Rabat",
		h.env.T("instructions.deadline", h.env.T("deadline.with_days", h.env.Tr.Date(api.Date{Year: 2026, Month: 8, Day: 4}), h.env.Tr.InDays(15))), "Fermer"} {
		if !texts[want] {
			t.Fatalf("the sheet lacks %q; it shows %v", want, texts)
		}
	}
	test.AssertNotificationSent(t, fyne.NewNotification("Dossier de remboursement ouvert", h.env.T("notify.opened.body", "EST-2026-000123")), func() {
		test.Tap(buttonIn(t, s.Content(), "Fermer"))
	})
	if got := h.nav.get(); got != "request:7" {
		t.Fatalf("after Fermer: %q", got)
	}
	test.Tap(s.submit)
	if got := f.count("create"); got != 1 {
		t.Fatal("a second request was sent after success")
	}
}

func TestConfirmRetryKeepsTheKey(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := confirmFake()
	n := 0
	f.create = func(key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
		n++
		if n == 1 {
			return api.Reimbursement{}, errTimeout{}
		}
		return demoRequest(api.StatusAwaitingDocuments), nil
	}
	s := NewConfirm(h.env, f, api.KindSummer).(*confirm)
	h.show(t, s)
	test.Tap(s.submit)
	h.settle()
	if got, want := s.message.Text(), h.env.T("error.timeout"); got != want || !s.retry.Visible() {
		t.Fatalf("message %q retry %v", got, s.retry.Visible())
	}
	test.Tap(s.retry)
	h.settle()
	if len(f.keys) != 2 || f.keys[0] != f.keys[1] || f.keys[0] == "" {
		t.Fatalf("keys %q: a retry must reuse the attempt's key", f.keys)
	}
}

func TestConfirmProfileChangedShowsNewDataAndNewKey(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := confirmFake()
	newer := demoProfile().ConfirmedProfile
	newer.Echelon, newer.ChildrenCount = 6, 3
	f.create = func(key string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
		if req.ConfirmedProfile != newer {
			return api.Reimbursement{}, &api.Error{Code: api.CodeProfileChanged, CurrentProfile: &newer}
		}
		return demoRequest(api.StatusAwaitingDocuments), nil
	}
	s := NewConfirm(h.env, f, api.KindSummer).(*confirm)
	h.show(t, s)
	test.Tap(s.submit)
	h.settle()
	if s.fields["echelon"].Text() != "6" || s.fields["children_count"].Text() != "3" {
		t.Fatalf("new data not shown: %q %q", s.fields["echelon"].Text(), s.fields["children_count"].Text())
	}
	if got, want := s.message.Text(), h.env.T("error.profile_changed"); got != want {
		t.Fatalf("message %q, want %q", got, want)
	}
	if s.sheet != nil || s.submit.Disabled() {
		t.Fatal("must confirm again")
	}
	test.Tap(s.submit)
	h.settle()
	if len(f.keys) != 2 || f.keys[0] == f.keys[1] {
		t.Fatalf("keys %q: new data need a new key", f.keys)
	}
	if s.sheet == nil {
		t.Fatal("no instructions after confirming the new data")
	}
}

func TestConfirmAlreadyRequested(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := confirmFake()
	f.create = func(string, api.CreateReimbursementRequest) (api.Reimbursement, error) {
		return api.Reimbursement{}, &api.Error{Code: api.CodeAlreadyRequested, RequestID: 7, Reference: "EST-2026-000123"}
	}
	s := NewConfirm(h.env, f, api.KindSummer).(*confirm)
	h.show(t, s)
	test.Tap(s.submit)
	h.settle()
	if !s.track.Visible() || !s.submit.Disabled() {
		t.Fatal("no way to the existing request")
	}
	test.Tap(s.track)
	if h.nav.get() != "request:7" {
		t.Fatalf("went to %q", h.nav.get())
	}
}

// textsOf collects the texts shown under o (labels, buttons, uikit.Text).
func textsOf(o fyne.CanvasObject) map[string]bool {
	out := map[string]bool{}
	for _, c := range test.LaidOutObjects(o) {
		switch x := c.(type) {
		case *widget.Label:
			out[x.Text] = true
		case *widget.Button:
			out[x.Text] = true
		case interface{ Text() string }:
			out[x.Text()] = true
		}
	}
	return out
}

// buttonIn finds the button labelled text under o.
func buttonIn(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}
