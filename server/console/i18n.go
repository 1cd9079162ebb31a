package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Africa/Casablanca without a system zoneinfo

	"github.com/fos-mobile/fos/api"
)

//go:embed i18n/fr.json i18n/ar.json
var i18nFiles embed.FS

var casablanca = mustZone()

func mustZone() *time.Location {
	l, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		panic(err)
	}
	return l
}

// catalogs are the console's texts. Statuses, windows, month names and
// the formats of dates and amounts are the app's own (translations/), copied
// so that the server does not link Fyne, whose lang package writes to the
// log at start; a test checks the copies against translations/.
var catalogs = mustCatalogs()

func mustCatalogs() map[lang]map[string]string {
	out := map[lang]map[string]string{}
	for _, l := range []lang{langFR, langAR} {
		b, err := i18nFiles.ReadFile("i18n/" + string(l) + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("console: i18n/%s.json: %v", l, err))
		}
		out[l] = m
	}
	return out
}

// lang is a language of the console.
type lang string

// The console's languages.
const (
	langFR lang = "fr"
	langAR lang = "ar"
)

// langCookie remembers the agent's language; it is no secret.
const langCookie = "fos_console_lang"

// tr is one request's language.
type tr struct {
	lang lang
}

func newTr(l lang) tr {
	if l != langAR {
		l = langFR
	}
	return tr{lang: l}
}

// requestLang is the language the agent chose (cookie), French otherwise.
func requestLang(r *http.Request) tr {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(langAR) {
		return newTr(langAR)
	}
	return newTr(langFR)
}

// T returns the console text for key, formatted with args when it has verbs.
func (t tr) T(key string, args ...any) string {
	s, ok := catalogs[t.lang][key]
	if !ok {
		if s, ok = catalogs[langFR][key]; !ok {
			return key
		}
	}
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Count picks the singular, Arabic dual or plural form of key for n.
func (t tr) Count(key string, n int) string {
	form := key
	switch {
	case n == 1:
		form += ".one"
	case n == 2:
		form += ".two"
	case n >= 3 && n <= 10:
		form += ".few"
	}
	if _, ok := catalogs[t.lang][form]; !ok {
		if _, ok := catalogs[langFR][form]; !ok {
			form = key
		}
	}
	return t.T(form, n)
}

// wait says how long to wait, in seconds or minutes.
func (t tr) wait(seconds int) string {
	if seconds < 90 {
		return t.Count("wait.seconds", seconds)
	}
	return t.Count("wait.minutes", (seconds+59)/60)
}

// Status, Kind, Date, DateTime, Money and Dir are for templates.

func (t tr) Status(s api.Status) string { return t.T("status." + string(s)) }
func (t tr) Kind(k api.Kind) string     { return t.T("estivage.window." + string(k)) }

// Date is "15 septembre 2026" / "15 شتنبر 2026", as translations.Date.
func (t tr) Date(d api.Date) string {
	if d.IsZero() || d.Month < 1 || d.Month > 12 {
		return ""
	}
	day := fmt.Sprint(d.Day)
	if d.Day == 1 && t.lang == langFR {
		day = "1er" // "1er juillet", as French writes the first of a month
	}
	return fmt.Sprintf("%s %s %d", day, strings.Fields(t.T("months"))[d.Month-1], d.Year)
}

// DateTime is the date and HH:MM in the foundation's zone, as
// translations.DateTime.
func (t tr) DateTime(tm time.Time) string {
	lt := tm.In(casablanca)
	return t.T("datetime.format", t.Date(api.DateOf(lt)), lt.Format("15:04"))
}

// Time is the hour and minute of tm in the foundation's zone.
func (t tr) Time(tm time.Time) string { return tm.In(casablanca).Format("15:04") }

// Money is "1 234,50 MAD" / "1.234,50 درهم", as translations.Money.
func (t tr) Money(centimes int64) string {
	neg := centimes < 0
	if neg {
		centimes = -centimes
	}
	group := "\u202f"
	if t.lang == langAR {
		group = "."
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	whole := strconv.FormatInt(centimes/100, 10)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, ",%02d\u00a0%s", centimes%100, t.T("money.currency"))
	return b.String()
}
func (t tr) Dir() string {
	if t.lang == langAR {
		return "rtl"
	}
	return "ltr"
}

// Lang is the page's lang attribute.
func (t tr) Lang() string { return string(t.lang) }

// Reason is a rejection reason's translation.
func (t tr) Reason(r api.RejectReason) string { return t.T("reason." + string(r)) }
