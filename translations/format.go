package translations

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Month names. Arabic uses the Moroccan names (يناير … ماي، يوليوز، غشت،
// شتنبر، نونبر، دجنبر), the ones Moroccan administrations and the
// foundation's own guide use («يوليوز 2020»), not the Levantine (كانون) nor
// the Egyptian (مايو، يوليو، أغسطس) forms.
var months = map[Lang][12]string{
	FR: {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	AR: {"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"},
	EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// Separators used in numbers. French groups thousands with a narrow
// no-break space (U+202F, the CLDR and Imprimerie nationale convention) and
// puts a no-break space (U+00A0) before the currency, so that an amount never
// wraps and stays one number in bidirectional text (both are common
// separators for the Unicode Bidirectional Algorithm, a plain space is not).
const (
	narrowNBSP = "\u202f"
	nbsp       = "\u00a0"
)

// Date formats d as day, month name, year with Western digits and no
// leading zero: "15 septembre 2026", "15 شتنبر 2026" (Moroccan month names),
// "15 September 2026". French writes the first of the month as an ordinal,
// "1er juillet 2026". The zero Date gives "".
func (t *Translator) Date(d api.Date) string {
	if d.IsZero() || d.Month < 1 || d.Month > 12 {
		return ""
	}
	day := strconv.Itoa(d.Day)
	if d.Day == 1 && t.Lang() == FR {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, months[t.Lang()][d.Month-1], d.Year)
}

// DateTime formats tm's date as Date does, followed by the 24-hour time
// HH:MM, both in Africa/Casablanca: "15 septembre 2026 à 14:05",
// "15 شتنبر 2026 على الساعة 14:05", "15 September 2026 at 14:05".
func (t *Translator) DateTime(tm time.Time) string {
	lt := tm.In(api.Casablanca)
	return t.T("datetime.format", t.Date(api.DateOf(lt)), lt.Format("15:04"))
}

// Retention says a retention period given in days: in years when it is a
// whole number of them ("5 ans", "5 سنوات"), in days otherwise.
func (t *Translator) Retention(days int) string {
	if days > 0 && days%365 == 0 {
		return t.T("privacy.years", days/365)
	}
	return t.T("privacy.days", days)
}

// Money formats an amount given in centimes with two decimals and Western
// digits:
//   - fr: "1 234,50 MAD" — thousands grouped by U+202F (narrow no-break
//     space), decimal comma, U+00A0 before the currency;
//   - ar: "1.234,50 درهم" — thousands grouped by a dot, decimal comma, the
//     dirham written in Arabic after the number (U+00A0 before it), as
//     Moroccan administrations write amounts;
//   - en: "1,234.50 MAD".
func (t *Translator) Money(centimes int64) string {
	l := t.Lang()
	neg := centimes < 0
	if neg {
		centimes = -centimes
	}
	group, dec := narrowNBSP, ","
	switch l {
	case AR:
		group = "."
	case EN:
		group, dec = ",", "."
	}
	s := groupDigits(strconv.FormatInt(centimes/100, 10), group) + dec + fmt.Sprintf("%02d", centimes%100)
	if neg {
		s = "-" + s
	}
	return s + nbsp + t.T("money.currency")
}

func groupDigits(s, sep string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// InDays says when something due in n days falls, relative to today:
// "aujourd'hui", "demain", "dans 12 jours"; "اليوم", "غدا", "في غضون يومين",
// "في غضون 3 أيام" (3 to 10), "في غضون 12 يوما" (11 and more, the Arabic
// plural rules); "today", "tomorrow", "in 12 days". A negative n says the
// deadline has passed.
func (t *Translator) InDays(n int) string {
	switch {
	case n < 0:
		return t.T("days.past")
	case n == 0:
		return t.T("days.today")
	case n == 1:
		return t.T("days.tomorrow")
	case n == 2:
		return t.T("days.in.two", n)
	case n <= 10:
		return t.T("days.in.few", n)
	}
	return t.T("days.in", n)
}

// Periods (a reimbursement window, for instance) run from a first instant
// to an exclusive end, and the server puts both at midnight in Casablanca
// when the period is made of whole days: opens_at is the start of the first
// day, closes_at the start of the day after the last. A member reads days,
// so the formats below show the first and the last day then, and the date
// and time only for an instant that is not a midnight.

// LastDay returns the last day of a period whose exclusive end is end, and
// true, when end is midnight in Casablanca; otherwise false.
func LastDay(end time.Time) (api.Date, bool) {
	lt := end.In(api.Casablanca)
	if !isMidnight(lt) {
		return api.Date{}, false
	}
	return api.DateOf(lt.AddDate(0, 0, -1)), true
}

func isMidnight(lt time.Time) bool {
	return lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 && lt.Nanosecond() == 0
}

// Opening says when a period that starts at start opens: the day alone
// when start is midnight in Casablanca ("16 septembre 2026",
// "16 شتنبر 2026"), otherwise as DateTime does.
func (t *Translator) Opening(start time.Time) string {
	lt := start.In(api.Casablanca)
	if isMidnight(lt) {
		return t.Date(api.DateOf(lt))
	}
	return t.DateTime(start)
}

// Closing says until when a period whose exclusive end is end is open: its
// last day, marked as included, when end is midnight in Casablanca
// ("15 octobre 2026 inclus", "يوم 15 أكتوبر 2026", "15 October 2026
// inclusive"), otherwise the closing date and time as DateTime does.
func (t *Translator) Closing(end time.Time) string {
	if d, ok := LastDay(end); ok {
		return t.T("period.through", t.Date(d))
	}
	return t.DateTime(end)
}

// Count formats key's text for the number n, choosing the form the
// language needs: key+".one" for 1, ".two" for 2 (the Arabic dual),
// ".few" for 3 to 10 (the Arabic plural), else key itself, which Arabic
// uses from 11 on ("بعد 11 ثانية", "بعد 5 ثوان", "بعد دقيقتين").
func (t *Translator) Count(key string, n int) string {
	form := key
	switch {
	case n == 1:
		form = key + ".one"
	case n == 2:
		form = key + ".two"
	case n >= 3 && n <= 10:
		form = key + ".few"
	}
	return t.T(form, n)
}
