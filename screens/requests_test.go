package screens

import (
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

func seasonFake(season int) func() (api.Estivage, error) {
	return func() (api.Estivage, error) { return api.Estivage{Season: season}, nil }
}

func TestRequestsListsAndOpens(t *testing.T) {
	old := demoRequest(api.StatusPaid)
	old.ID, old.Season, old.Reference = 3, 2025, "EST-2025-000042"
	f := &fake{list: func() (api.ReimbursementList, error) {
		return api.ReimbursementList{Items: []api.Reimbursement{demoRequest(api.StatusAwaitingDocuments), old}}, nil
	}, estivage: seasonFake(2026)}
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

// TestRequestsCurrentOrHistory places each request by its status and the
// server's season, whatever the phone's date says.
func TestRequestsCurrentOrHistory(t *testing.T) {
	req := func(id int64, season int, status api.Status) api.Reimbursement {
		r := demoRequest(status)
		r.ID, r.Season = id, season
		return r
	}
	jan5 := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		now      time.Time
		season   func() (api.Estivage, error)
		item     api.Reimbursement
		current  bool
		asksSeas bool // whether GET /estivage is needed
	}{
		{"off-season request awaiting documents on 5 January", jan5, seasonFake(2026), req(1, 2026, api.StatusAwaitingDocuments), true, false},
		{"awaiting documents once the server's season moved on", jan5, seasonFake(2027), req(1, 2026, api.StatusAwaitingDocuments), true, false},
		{"approved, not paid yet, of a past season", fixedNow, seasonFake(2026), req(2, 2025, api.StatusApproved), true, false},
		{"paid this season on 5 January", jan5, seasonFake(2026), req(3, 2026, api.StatusPaid), true, true},
		{"paid in a past season", fixedNow, seasonFake(2026), req(4, 2025, api.StatusPaid), false, true},
		{"cancelled in a past season, phone clock a year late", fixedNow.AddDate(-1, 0, 0), seasonFake(2026), req(5, 2025, api.StatusCancelled), false, true},
		{"paid this season, phone clock a year ahead", fixedNow.AddDate(1, 0, 0), seasonFake(2026), req(6, 2026, api.StatusPaid), true, true},
		{"rejected, no season on the server", fixedNow, func() (api.Estivage, error) {
			return api.Estivage{}, &api.Error{Code: api.CodeNotFound}
		}, req(7, 2026, api.StatusRejected), false, true},
	}
	for _, tc := range tests {
		for _, history := range []bool{false, true} {
			name := tc.name + map[bool]string{false: " / Mes demandes", true: " / Historique"}[history]
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, translations.FR)
				h.env.Now = func() time.Time { return tc.now }
				f := &fake{list: func() (api.ReimbursementList, error) {
					return api.ReimbursementList{Items: []api.Reimbursement{tc.item}}, nil
				}, estivage: tc.season}
				s := NewRequests(h.env, f, history).(*requests)
				h.show(t, s)
				shown := len(s.items) == 1
				if want := tc.current != history; shown != want {
					t.Fatalf("shown = %v, want %v", shown, want)
				}
				if shown {
					test.Tap(s.items[0])
					if got, want := h.nav.get(), fmt.Sprintf("request:%d", tc.item.ID); got != want {
						t.Fatalf("opened %q, want %q", got, want)
					}
				} else if !textsOf(s.list)[h.env.T("requests.empty")] {
					t.Fatal("an empty list says nothing")
				}
				if got := f.count("estivage") == 1; got != tc.asksSeas {
					t.Fatalf("asked the season: %v, want %v", got, tc.asksSeas)
				}
			})
		}
	}
}

func TestRequestsSeasonUnreachable(t *testing.T) {
	tests := []struct {
		name string
		lang translations.Lang
		want string
	}{
		{"french", translations.FR, "error.network"},
		{"arabic", translations.AR, "error.network"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.lang)
			calls := 0
			f := &fake{list: func() (api.ReimbursementList, error) {
				return api.ReimbursementList{Items: []api.Reimbursement{demoRequest(api.StatusPaid)}}, nil
			}, estivage: func() (api.Estivage, error) {
				calls++
				if calls == 1 {
					return api.Estivage{}, &net.OpError{Op: "dial", Err: errors.New("connection refused")}
				}
				return api.Estivage{Season: 2026}, nil
			}}
			s := NewRequests(h.env, f, false).(*requests)
			h.show(t, s)
			if got, want := s.message.Text(), h.env.T(tc.want); got != want || !s.retry.Visible() {
				t.Fatalf("message %q (retry visible %v), want %q", got, s.retry.Visible(), want)
			}
			if len(s.items) != 0 {
				t.Fatalf("%d items shown without the season", len(s.items))
			}
			test.Tap(s.retry)
			h.settle()
			if len(s.items) != 1 || s.message.Visible() {
				t.Fatalf("after retry: %d items, message %q", len(s.items), s.message.Text())
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
