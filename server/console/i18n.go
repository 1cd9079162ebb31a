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

//go:embed i18n/fr.json i18n/ar.json
var i18nFiles embed.FS

// catalogs are the console's own texts; statuses, windows, dates and
// amounts come from the app's translations package, so that agents and
// members read the same words.
var catalogs = mustCatalogs()

func mustCatalogs() map[translations.Lang]map[string]string {
	out := map[translations.Lang]map[string]string{}
	for _, l := range []translations.Lang{translations.FR, translations.AR} {
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

// langCookie remembers the agent's language; it is no secret.
const langCookie = "fos_console_lang"

// tr is one request's language.
type tr struct {
	lang translations.Lang
	app  *translations.Translator
}

func newTr(l translations.Lang) tr {
	if l != translations.AR {
		l = translations.FR
	}
	return tr{lang: l, app: translations.New(l)}
}

// requestLang is the language the agent chose (cookie), French otherwise.
func requestLang(r *http.Request) tr {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(translations.AR) {
		return newTr(translations.AR)
	}
	return newTr(translations.FR)
}

// T returns the console text for key, formatted with args when it has verbs.
func (t tr) T(key string, args ...any) string {
	s, ok := catalogs[t.lang][key]
	if !ok {
		if s, ok = catalogs[translations.FR][key]; !ok {
			return key
		}
	}
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// count picks the singular, Arabic dual or plural form of key for n.
func (t tr) count(key string, n int) string {
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
		if _, ok := catalogs[translations.FR][form]; !ok {
			form = key
		}
	}
	return t.T(form, n)
}

// wait says how long to wait, in seconds or minutes.
func (t tr) wait(seconds int) string {
	if seconds < 90 {
		return t.count("wait.seconds", seconds)
	}
	return t.count("wait.minutes", (seconds+59)/60)
}

// Status, Kind, Date, DateTime, Money and Dir are for templates.

func (t tr) Status(s api.Status) string { return t.app.T("status." + string(s)) }
func (t tr) Kind(k api.Kind) string     { return t.app.T("estivage.window." + string(k)) }
func (t tr) Date(d api.Date) string     { return t.app.Date(d) }
func (t tr) DateTime(tm time.Time) string {
	return t.app.DateTime(tm)
}
func (t tr) Money(c int64) string { return t.app.Money(c) }
func (t tr) Dir() string {
	if t.lang == translations.AR {
		return "rtl"
	}
	return "ltr"
}

// Lang is the page's lang attribute.
func (t tr) Lang() string { return string(t.lang) }

// Reason is a rejection reason's translation.
func (t tr) Reason(r api.RejectReason) string { return t.T("reason." + string(r)) }
