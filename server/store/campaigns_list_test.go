package store_test

import (
	"context"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestRecentCampaigns(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		if cs, err := db.RecentCampaigns(ctx); err != nil || len(cs) != 0 {
			t.Fatalf("no season: %v, %v", cs, err)
		}
		for _, season := range []int{2019, 2025, 2026} {
			for _, kind := range []api.Kind{api.KindOffSeason, api.KindSummer} {
				c := campaign(kind, "2026-07-01", "2026-09-30", 15)
				c.Season = season
				if err := db.SetCampaign(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
		}
		ceiling := int64(1_500_000)
		if err := db.SetWindowCeiling(ctx, 2025, api.KindSummer, &ceiling); err != nil {
			t.Fatal(err)
		}
		cs, err := db.RecentCampaigns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Each window comes with its ceiling, read in the same query.
		for _, c := range cs {
			if c.Season == 2025 && c.Kind == api.KindSummer {
				if c.CeilingCentimes == nil || *c.CeilingCentimes != ceiling {
					t.Fatalf("2025 summer ceiling = %v, want %d", c.CeilingCentimes, ceiling)
				}
			} else if c.CeilingCentimes != nil {
				t.Fatalf("%d %s ceiling = %d, want none", c.Season, c.Kind, *c.CeilingCentimes)
			}
		}
		var got []string
		for _, c := range cs {
			got = append(got, string(rune('0'+c.Season%10))+string(c.Kind))
		}
		want := []string{"6summer", "6off_season", "5summer", "5off_season"}
		if len(got) != len(want) {
			t.Fatalf("windows = %v, want %v (2019 is more than five seasons old)", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("windows = %v, want %v", got, want)
			}
		}
	})
}

// The console shows Validate's message next to the field it names.
func TestCampaignValidateNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		field  string
		change func(*store.Campaign)
	}{
		{"season", func(c *store.Campaign) { c.Season = 1999 }},
		{"kind", func(c *store.Campaign) { c.Kind = "winter" }},
		{"invoice", func(c *store.Campaign) { c.InvoiceTo = date("2026-06-30") }},
		{"window", func(c *store.Campaign) { c.ClosesOn = date("2026-06-01") }},
		{"deposit_days", func(c *store.Campaign) { c.DepositDays = 0 }},
		{"documents", func(c *store.Campaign) { c.Documents.AR = c.Documents.AR[:1] }},
		{"location", func(c *store.Campaign) { c.Location.AR = "" }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			c := campaign(api.KindSummer, "2026-07-01", "2026-09-30", 15)
			tc.change(&c)
			if e := wantCode(t, c.Validate(), api.CodeInvalidRequest); e.Field != tc.field {
				t.Fatalf("field = %q, want %q", e.Field, tc.field)
			}
		})
	}
}
