package translations

import (
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestDate(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Lang
		d    api.Date
		want string
	}{
		{"fr september", FR, api.Date{Year: 2026, Month: 9, Day: 15}, "15 septembre 2026"},
		{"fr the first, an ordinal", FR, api.Date{Year: 2026, Month: 7, Day: 1}, "1er juillet 2026"},
		{"fr the second", FR, api.Date{Year: 2026, Month: 8, Day: 2}, "2 août 2026"},
		{"ar september (Moroccan)", AR, api.Date{Year: 2026, Month: 9, Day: 15}, "15 شتنبر 2026"},
		{"ar july as in the guide", AR, api.Date{Year: 2020, Month: 7, Day: 1}, "1 يوليوز 2020"},
		{"ar may", AR, api.Date{Year: 2026, Month: 5, Day: 3}, "3 ماي 2026"},
		{"ar august", AR, api.Date{Year: 2026, Month: 8, Day: 31}, "31 غشت 2026"},
		{"ar november", AR, api.Date{Year: 2026, Month: 11, Day: 30}, "30 نونبر 2026"},
		{"ar december", AR, api.Date{Year: 2026, Month: 12, Day: 1}, "1 دجنبر 2026"},
		{"en", EN, api.Date{Year: 2026, Month: 9, Day: 15}, "15 September 2026"},
		{"zero date", AR, api.Date{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := New(tc.l).Date(tc.d); got != tc.want {
				t.Fatalf("Date = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDateTime(t *testing.T) {
	// 13:05 UTC is 14:05 in Casablanca (UTC+1 outside Ramadan).
	tm := time.Date(2026, 9, 15, 13, 5, 0, 0, time.UTC)
	late := time.Date(2026, 9, 15, 23, 30, 0, 0, time.UTC) // already the 16th in Casablanca
	for _, tc := range []struct {
		name string
		l    Lang
		tm   time.Time
		want string
	}{
		{"fr", FR, tm, "15 septembre 2026 à 14:05"},
		{"ar", AR, tm, "15 شتنبر 2026 على الساعة 14:05"},
		{"en", EN, tm, "15 September 2026 at 14:05"},
		{"date in Casablanca, not UTC", FR, late, "16 septembre 2026 à 00:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := New(tc.l).DateTime(tc.tm); got != tc.want {
				t.Fatalf("DateTime = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMoney(t *testing.T) {
	const nnbsp, nbsp = "\u202f", "\u00a0"
	for _, tc := range []struct {
		name     string
		l        Lang
		centimes int64
		want     string
	}{
		{"fr thousands", FR, 123450, "1" + nnbsp + "234,50" + nbsp + "MAD"},
		{"fr small", FR, 5, "0,05" + nbsp + "MAD"},
		{"fr millions", FR, 123456789, "1" + nnbsp + "234" + nnbsp + "567,89" + nbsp + "MAD"},
		{"fr hundreds", FR, 99900, "999,00" + nbsp + "MAD"},
		{"ar thousands", AR, 123450, "1.234,50" + nbsp + "درهم"},
		{"ar zero", AR, 0, "0,00" + nbsp + "درهم"},
		{"ar negative", AR, -250000, "-2.500,00" + nbsp + "درهم"},
		{"en thousands", EN, 123450, "1,234.50" + nbsp + "MAD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := New(tc.l).Money(tc.centimes); got != tc.want {
				t.Fatalf("Money = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestInDays(t *testing.T) {
	for _, tc := range []struct {
		l    Lang
		n    int
		want string
	}{
		{FR, 0, "aujourd'hui"}, {FR, 1, "demain"}, {FR, 2, "dans 2 jours"}, {FR, 12, "dans 12 jours"}, {FR, -1, "délai dépassé"},
		{AR, 0, "اليوم"}, {AR, 1, "غدا"}, {AR, 2, "في غضون يومين"}, {AR, 3, "في غضون 3 أيام"},
		{AR, 10, "في غضون 10 أيام"}, {AR, 11, "في غضون 11 يوما"}, {AR, 12, "في غضون 12 يوما"}, {AR, -3, "انتهى الأجل"},
		{EN, 0, "today"}, {EN, 1, "tomorrow"}, {EN, 12, "in 12 days"}, {EN, -2, "deadline passed"},
	} {
		if got := New(tc.l).InDays(tc.n); got != tc.want {
			t.Errorf("%s InDays(%d) = %q, want %q", tc.l, tc.n, got, tc.want)
		}
	}
}

func TestPeriodBounds(t *testing.T) {
	// The server's convention: a window of whole days opens at midnight in
	// Casablanca on its first day and closes at midnight after its last.
	opens := time.Date(2026, 9, 16, 0, 0, 0, 0, api.Casablanca)
	closes := time.Date(2026, 10, 16, 0, 0, 0, 0, api.Casablanca)
	odd := time.Date(2026, 10, 15, 13, 5, 0, 0, time.UTC)        // 14:05 in Casablanca
	utcMidnight := time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC) // 01:00 in Casablanca
	// During Ramadan Morocco is on UTC+0: midnight there is midnight UTC.
	ramadan := time.Date(2026, 2, 25, 0, 0, 0, 0, api.Casablanca)
	for _, tc := range []struct {
		name    string
		l       Lang
		opening bool
		tm      time.Time
		want    string
	}{
		{"fr closing at midnight shows the last day", FR, false, closes, "15 octobre 2026 inclus"},
		{"ar closing at midnight shows the last day", AR, false, closes, "يوم 15 أكتوبر 2026"},
		{"en closing at midnight shows the last day", EN, false, closes, "15 October 2026 inclusive"},
		{"fr opening at midnight shows the day", FR, true, opens, "16 septembre 2026"},
		{"ar opening at midnight shows the day", AR, true, opens, "16 شتنبر 2026"},
		{"fr closing mid-day keeps the time", FR, false, odd, "15 octobre 2026 à 14:05"},
		{"ar opening mid-day keeps the time", AR, true, odd, "15 أكتوبر 2026 على الساعة 14:05"},
		{"midnight UTC is not midnight in Casablanca", FR, false, utcMidnight, "15 octobre 2026 à 01:00"},
		{"closing at the start of a month", FR, false, time.Date(2026, 12, 1, 0, 0, 0, 0, api.Casablanca), "30 novembre 2026 inclus"},
		{"closing on new year's day", AR, false, time.Date(2027, 1, 1, 0, 0, 0, 0, api.Casablanca), "يوم 31 دجنبر 2026"},
		{"midnight during ramadan (UTC+0)", FR, false, ramadan, "24 février 2026 inclus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := New(tc.l)
			got := tr.Closing(tc.tm)
			if tc.opening {
				got = tr.Opening(tc.tm)
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLastDay(t *testing.T) {
	if d, ok := LastDay(time.Date(2026, 10, 16, 0, 0, 0, 0, api.Casablanca)); !ok || d != (api.Date{Year: 2026, Month: 10, Day: 15}) {
		t.Fatalf("LastDay(16 Oct midnight) = %v, %v", d, ok)
	}
	if _, ok := LastDay(time.Date(2026, 10, 16, 0, 0, 1, 0, api.Casablanca)); ok {
		t.Fatal("a second past midnight counted as a whole day")
	}
}

func TestCount(t *testing.T) {
	tr := New(AR)
	for _, tc := range []struct {
		lang Lang
		n    int
		want string
	}{
		{AR, 1, "بعد ثانية"}, {AR, 2, "بعد ثانيتين"}, {AR, 5, "بعد 5 ثوان"}, {AR, 10, "بعد 10 ثوان"}, {AR, 11, "بعد 11 ثانية"},
		{FR, 1, "dans 1 seconde"}, {FR, 2, "dans 2 secondes"}, {FR, 30, "dans 30 secondes"},
		{EN, 1, "in 1 second"}, {EN, 45, "in 45 seconds"},
	} {
		tr.SetLang(tc.lang)
		if got := tr.Count("retry.seconds", tc.n); got != tc.want {
			t.Errorf("%s Count(retry.seconds, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	tr.SetLang(AR)
	if got := tr.Count("retry.minutes", 2); got != "بعد دقيقتين" {
		t.Errorf("two minutes in Arabic: %q", got)
	}
}
