package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestCampaignValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(c *store.Campaign)
		valid bool
	}{
		{"valid", func(c *store.Campaign) {}, true},
		{"one-day window", func(c *store.Campaign) { c.ClosesOn = c.OpensOn }, true},
		{"season too early", func(c *store.Campaign) { c.Season = 1999 }, false},
		{"season too late", func(c *store.Campaign) { c.Season = 2101 }, false},
		{"unknown kind", func(c *store.Campaign) { c.Kind = "winter" }, false},
		{"no invoice start", func(c *store.Campaign) { c.InvoiceFrom = api.Date{} }, false},
		{"invoice dates reversed", func(c *store.Campaign) { c.InvoiceTo = date("2026-06-30") }, false},
		{"no closing day", func(c *store.Campaign) { c.ClosesOn = api.Date{} }, false},
		{"closes before it opens", func(c *store.Campaign) { c.ClosesOn = date("2026-06-30") }, false},
		{"no deposit days", func(c *store.Campaign) { c.DepositDays = 0 }, false},
		{"deposit days over a year", func(c *store.Campaign) { c.DepositDays = 366 }, false},
		{"no documents", func(c *store.Campaign) { c.Documents = api.TextList{} }, false},
		{"documents missing in Arabic", func(c *store.Campaign) { c.Documents.AR = c.Documents.AR[:1] }, false},
		{"location missing in Arabic", func(c *store.Campaign) { c.Location.AR = "" }, false},
		{"location missing in French", func(c *store.Campaign) { c.Location.FR = "" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := campaign(api.KindSummer, "2026-07-01", "2026-08-31", 15)
			tc.edit(&c)
			if err := c.Validate(); (err == nil) != tc.valid {
				t.Fatalf("Validate() = %v, want valid %v", err, tc.valid)
			}
		})
	}
}

func TestSetCampaignAndCurrentCampaigns(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		if _, err := db.CurrentCampaigns(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("no season set: err %v, want ErrNotFound", err)
		}
		bad := campaign(api.KindSummer, "2026-07-01", "2026-06-01", 15)
		if err := db.SetCampaign(ctx, bad); err == nil {
			t.Fatal("SetCampaign stored a window that closes before it opens")
		}
		if _, err := db.CurrentCampaigns(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after a refused campaign: err %v, want ErrNotFound", err)
		}

		old := campaign(api.KindSummer, "2025-07-01", "2025-09-30", 20)
		old.Season = 2025
		summer := campaign(api.KindSummer, "2026-07-01", "2026-09-30", 15)
		off := campaign(api.KindOffSeason, "2026-09-16", "2026-12-15", 30)
		for _, c := range []store.Campaign{off, old, summer} {
			if err := db.SetCampaign(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.CurrentCampaigns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []store.Campaign{summer, off}; !reflect.DeepEqual(got, want) {
			t.Fatalf("current campaigns = %+v\nwant the 2026 season, summer first: %+v", got, want)
		}

		summer.ClosesOn = date("2026-10-15")
		summer.DepositDays = 21
		summer.Documents.FR = append(summer.Documents.FR, "RIB")
		summer.Documents.AR = append(summer.Documents.AR, "شهادة التعريف البنكي")
		if err := db.SetCampaign(ctx, summer); err != nil {
			t.Fatal(err)
		}
		got, err = db.CurrentCampaigns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := []store.Campaign{summer, off}; !reflect.DeepEqual(got, want) {
			t.Fatalf("after replacing summer = %+v\nwant %+v", got, want)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM campaigns`); n != 3 {
			t.Fatalf("campaign rows = %d, want 3 (replaced, not added)", n)
		}
	})
}

func TestCampaignOpenAtCasablanca(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	summer := campaign(api.KindSummer, "2026-07-01", "2026-08-31", 15)     // UTC+1
	ramadan := campaign(api.KindOffSeason, "2026-03-01", "2026-03-24", 15) // opens at UTC+0, closes after the return to UTC+1
	for _, tc := range []struct {
		name string
		c    store.Campaign
		at   string
		open bool
	}{
		{"last instant before the opening day", summer, "2026-06-30T22:59:59.999Z", false},
		{"00:00 of the opening day", summer, "2026-06-30T23:00:00Z", true},
		{"UTC midnight of the opening day", summer, "2026-07-01T00:00:00Z", true},
		{"last instant of the closing day", summer, "2026-08-31T22:59:59.999Z", true},
		{"00:00 after the closing day", summer, "2026-08-31T23:00:00Z", false},
		{"UTC midnight after the closing day", summer, "2026-09-01T00:00:00Z", false},
		{"Ramadan: before 00:00 at UTC+0", ramadan, "2026-02-28T23:59:59.999Z", false},
		{"Ramadan: 00:00 at UTC+0", ramadan, "2026-03-01T00:00:00Z", true},
		{"back at UTC+1: last instant of the closing day", ramadan, "2026-03-24T22:59:59.999Z", true},
		{"back at UTC+1: 00:00 after the closing day", ramadan, "2026-03-24T23:00:00Z", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := utc(tc.at)
			if got := tc.c.OpenAt(at, casablanca); got != tc.open {
				t.Fatalf("OpenAt(%s) = %v, want %v", tc.at, got, tc.open)
			}
			if got := tc.c.Window(at, casablanca).Open; got != tc.open {
				t.Fatalf("Window(%s).Open = %v, want %v", tc.at, got, tc.open)
			}
		})
	}
	w := summer.Window(utc("2026-07-10T08:00:00Z"), casablanca)
	if got, want := w.OpensAt, utc("2026-06-30T23:00:00Z"); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("window opens at %v, want %v in UTC", got, want)
	}
	if got, want := w.ClosesAt, utc("2026-08-31T23:00:00Z"); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("window closes at %v, want %v in UTC", got, want)
	}
	if w.Kind != api.KindSummer || w.DepositDays != 15 || w.MyRequest != nil || w.DepositLocation != summer.Location {
		t.Errorf("window = %+v, want the campaign's kind, deposit days and location, and no request", w)
	}
}
