package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// TestRequestShowsEstimateAndCounterCode: a request on its way shows when
// it should be paid and its counter QR code, in both languages; a final
// one shows neither, and a request without them (an older server) shows
// the rest as before.
func TestRequestShowsEstimateAndCounterCode(t *testing.T) {
	est := api.Date{Year: 2026, Month: 9, Day: 3}
	for _, tc := range []struct {
		name   string
		status api.Status
		code   string
		est    *api.Date
		want   bool
	}{
		{"awaiting", api.StatusAwaitingDocuments, "EST-2026-000123-Q2NKJ4ZQ7M3XW5TB6YLDH2PFAE", &est, true},
		{"approved", api.StatusApproved, "EST-2026-000123-Q2NKJ4ZQ7M3XW5TB6YLDH2PFAE", &est, true},
		{"rejected", api.StatusRejected, "EST-2026-000123-Q2NKJ4ZQ7M3XW5TB6YLDH2PFAE", nil, false},
		{"older server", api.StatusAwaitingDocuments, "", nil, false},
	} {
		for _, lang := range []translations.Lang{translations.FR, translations.AR} {
			t.Run(tc.name+" "+string(lang), func(t *testing.T) {
				h := newHarness(t, lang)
				r := demoRequest(tc.status)
				r.CounterCode, r.EstimatedPaymentDate = tc.code, tc.est
				f := &fake{get: func(string) (api.Reimbursement, string, bool, error) { return r, `"v1"`, false, nil }}
				h.env.PollEvery = time.Hour
				s := NewRequest(h.env, f, 7).(*request)
				h.show(t, s)
				texts := textsOf(s.details)
				if got := texts[h.env.T("request.estimated_payment", h.env.Tr.Date(est))]; got != tc.want {
					t.Errorf("estimate shown = %v, want %v (%v)", got, tc.want, texts)
				}
				if got := texts[h.env.T("request.counter_code")]; got != tc.want {
					t.Errorf("counter code line shown = %v, want %v", got, tc.want)
				}
				qrs := 0
				for _, o := range test.LaidOutObjects(s.details) {
					if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Resource == nil {
						qrs++
						if sz := img.MinSize(); sz.Width != qrSize || sz.Height != qrSize {
							t.Errorf("QR code %v, want %d square", sz, qrSize)
						}
					}
				}
				if want := map[bool]int{true: 1, false: 0}[tc.want]; qrs != want {
					t.Errorf("%d QR codes, want %d", qrs, want)
				}
			})
		}
	}
}
