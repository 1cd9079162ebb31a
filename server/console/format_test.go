package console

import (
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// TestFormatsMatchTheApp checks the console's copies of statuses, windows,
// dates and amounts against the app's translations, the one reference.
func TestFormatsMatchTheApp(t *testing.T) {
	for _, l := range []lang{langFR, langAR} {
		app := translations.New(translations.Lang(l))
		c := newTr(l)
		for _, s := range api.Statuses {
			if got, want := c.Status(s), app.T("status."+string(s)); got != want {
				t.Errorf("%s: status %s = %q, want %q", l, s, got, want)
			}
		}
		for _, k := range []api.Kind{api.KindSummer, api.KindOffSeason} {
			if got, want := c.Kind(k), app.T("estivage.window."+string(k)); got != want {
				t.Errorf("%s: kind %s = %q, want %q", l, k, got, want)
			}
		}
		for m := time.January; m <= time.December; m++ {
			for _, d := range []api.Date{{Year: 2026, Month: m, Day: 15}, {Year: 2026, Month: m, Day: 1}} {
				if got, want := c.Date(d), app.Date(d); got != want {
					t.Errorf("%s: date = %q, want %q", l, got, want)
				}
			}
		}
		tm := time.Date(2026, 9, 15, 13, 5, 0, 0, time.UTC)
		if got, want := c.DateTime(tm), app.DateTime(tm); got != want {
			t.Errorf("%s: datetime = %q, want %q", l, got, want)
		}
		for _, v := range []int64{0, 5, 99, 100, 123450, 100000000, 123456789, -123450} {
			if got, want := c.Money(v), app.Money(v); got != want {
				t.Errorf("%s: money %d = %q, want %q", l, v, got, want)
			}
		}
	}
}

// TestCataloguesComplete checks that every French key has an Arabic text.
func TestCataloguesComplete(t *testing.T) {
	for k := range catalogs[langFR] {
		if catalogs[langAR][k] == "" {
			t.Errorf("ar.json lacks %q", k)
		}
	}
	for k := range catalogs[langAR] {
		if _, ok := catalogs[langFR][k]; !ok {
			if k[len(k)-4:] != ".two" && k[len(k)-4:] != ".few" {
				t.Errorf("fr.json lacks %q", k)
			}
		}
	}
}
