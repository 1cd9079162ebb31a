package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

//go:embed i18n/*.json
var i18nFiles embed.FS

// catalogs are the console's own texts: i18n/<lang>.json, and the
// supervisors' pages' i18n/supervisor_<lang>.json. Statuses, windows, dates
// and amounts are written as the member reads them in the app, by the app's
// translations (appWords).
var catalogs = mustCatalogs("i18n/", "i18n/supervisor_")

// appWords are the app's translations, one per console language.
var appWords = map[lang]*translations.Translator{
	langFR: translations.New(translations.FR),
	langAR: translations.New(translations.AR),
}

// mustCatalogs reads the files prefix+"<lang>.json" of each prefix into one
// catalog per language, refusing (at start, so any test fails) a key
// defined twice.
func mustCatalogs(prefixes ...string) map[lang]map[string]string {
	out := map[lang]map[string]string{}
	for _, l := range []lang{langFR, langAR} {
		cat := map[string]string{}
		for _, prefix := range prefixes {
			b, err := i18nFiles.ReadFile(prefix + string(l) + ".json")
			if err != nil {
				panic(err)
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("console: %s%s.json: %v", prefix, l, err))
			}
			for k, v := range m {
				if _, dup := cat[k]; dup {
					panic(fmt.Sprintf("console: %s%s.json redefines %q", prefix, l, k))
				}
				cat[k] = v
			}
		}
		out[l] = cat
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

// Status, Kind, Date, DateTime, Time, Money and Dir are for templates.

func (t tr) Status(s api.Status) string { return appWords[t.lang].T("status." + string(s)) }
func (t tr) Kind(k api.Kind) string     { return appWords[t.lang].T("estivage.window." + string(k)) }

// Date is "15 septembre 2026" / "15 شتنبر 2026".
func (t tr) Date(d api.Date) string { return appWords[t.lang].Date(d) }

// DateTime is the date and HH:MM in the foundation's zone.
func (t tr) DateTime(tm time.Time) string { return appWords[t.lang].DateTime(tm) }

// Time is the hour and minute of tm in the foundation's zone.
func (t tr) Time(tm time.Time) string { return tm.In(api.Casablanca).Format("15:04") }

// Money is "1 234,50 MAD" / "1.234,50 درهم".
func (t tr) Money(centimes int64) string { return appWords[t.lang].Money(centimes) }

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
