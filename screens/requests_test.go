package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func TestRequestsListsAndOpens(t *testing.T) {
	old := demoRequest(api.StatusPaid)
	old.ID, old.Season, old.Reference = 3, 2025, "EST-2025-000042"
	f := &fake{list: func() (api.ReimbursementList, error) {
		return api.ReimbursementList{Items: []api.Reimbursement{demoRequest(api.StatusAwaitingDocuments), old}}, nil
	}}
	tests := []struct {
		name    string
		history bool
		want    string
	}{
		{"this season", false, "request:7"},
		{"history", true, "request:3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, translations.FR)
			s := NewRequests(h.env, f, tc.history).(*requests)
			h.show(t, s)
			if len(s.items) != 1 {
				t.Fatalf("%d items, want 1", len(s.items))
			}
			test.Tap(s.items[0])
			if got := h.nav.get(); got != tc.want {
				t.Fatalf("opened %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRequestsEmpty(t *testing.T) {
	h := newHarness(t, translations.FR)
	f := &fake{list: func() (api.ReimbursementList, error) { return api.ReimbursementList{}, nil }}
	s := NewRequests(h.env, f, false).(*requests)
	h.show(t, s)
	if !textsOf(s.list)[h.env.T("requests.empty")] {
		t.Fatal("an empty list says nothing")
	}
}
