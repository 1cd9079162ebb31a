package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// Lang is a language of the web surfaces.
type Lang string

// The languages of the web surfaces.
const (
	FR Lang = "fr"
	AR Lang = "ar"
)

// Langs lists them, French first (the default).
var Langs = []Lang{FR, AR}

// appWords are the app's translations, one per language: statuses,
// windows, dates and amounts read the same on every channel.
var appWords = map[Lang]*translations.Translator{
	FR: translations.New(translations.FR),
	AR: translations.New(translations.AR),
}

// Catalog is a surface's own texts, by language.
type Catalog struct {
	texts map[Lang]map[string]string
}

// MustCatalog reads the files prefix+"<lang>.json" of each prefix in fsys
// into one catalogue per language. It panics (at start, so any test fails)
// on a file missing or malformed, or a key defined twice.
func MustCatalog(fsys fs.FS, prefixes ...string) *Catalog {
	c := &Catalog{texts: map[Lang]map[string]string{}}
	for _, l := range Langs {
		cat := map[string]string{}
		for _, prefix := range prefixes {
			b, err := fs.ReadFile(fsys, prefix+string(l)+".json")
			if err != nil {
				panic(err)
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("web: %s%s.json: %v", prefix, l, err))
			}
			for k, v := range m {
				if _, dup := cat[k]; dup {
					panic(fmt.Sprintf("web: %s%s.json redefines %q", prefix, l, k))
				}
				cat[k] = v
			}
		}
		c.texts[l] = cat
	}
	return c
}

// Gaps lists, for a test to report, each French key without an Arabic
// text and each Arabic key without a French one (except the Arabic dual
// and few forms, key.two and key.few, which French does without).
func (c *Catalog) Gaps() []string {
	var out []string
	for k := range c.texts[FR] {
		if c.texts[AR][k] == "" {
			out = append(out, "ar lacks "+k)
		}
	}
	for k := range c.texts[AR] {
		if _, ok := c.texts[FR][k]; !ok && !strings.HasSuffix(k, ".two") && !strings.HasSuffix(k, ".few") {
			out = append(out, "fr lacks "+k)
		}
	}
	sort.Strings(out)
	return out
}

// Tr is the catalogue in language l (French for anything but Arabic).
func (c *Catalog) Tr(l Lang) Tr {
	if l != AR {
		l = FR
	}
	return Tr{lang: l, cat: c}
}

// RequestLang is the language the visitor chose (the cookie named
// cookie), French otherwise.
func RequestLang(r *http.Request, cookie string) Lang {
	if c, err := r.Cookie(cookie); err == nil && c.Value == string(AR) {
		return AR
	}
	return FR
}

// Tr is one request's language: the surface's texts and the app's words.
// Its methods are for handlers and templates alike.
type Tr struct {
	lang Lang
	cat  *Catalog
}

func (t Tr) lookup(key string) (string, bool) {
	if t.cat == nil {
		return "", false
	}
	s, ok := t.cat.texts[t.lang][key]
	if !ok {
		s, ok = t.cat.texts[FR][key]
	}
	return s, ok
}

// T returns the text for key, formatted with args when it has verbs; a
// missing key reads as itself.
func (t Tr) T(key string, args ...any) string {
	s, ok := t.lookup(key)
	if !ok {
		return key
	}
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Count picks the singular, Arabic dual or plural form of key for n
// (key.one, key.two, key.few, else key).
func (t Tr) Count(key string, n int) string {
	form := key
	switch {
	case n == 1:
		form += ".one"
	case n == 2:
		form += ".two"
	case n >= 3 && n <= 10:
		form += ".few"
	}
	if _, ok := t.lookup(form); !ok {
		form = key
	}
	return t.T(form, n)
}

// Wait says how long to wait, in seconds or minutes (the catalogue's
// wait.seconds and wait.minutes).
func (t Tr) Wait(seconds int) string {
	if seconds < 90 {
		return t.Count("wait.seconds", seconds)
	}
	return t.Count("wait.minutes", (seconds+59)/60)
}

// App is the app's translator in this language.
func (t Tr) App() *translations.Translator { return appWords[t.lang] }

// Status is a request status as the app words it.
func (t Tr) Status(s api.Status) string { return t.App().T("status." + string(s)) }

// Kind is a window's name as the app words it.
func (t Tr) Kind(k api.Kind) string { return t.App().T("estivage.window." + string(k)) }

// Date is "15 septembre 2026" / "15 شتنبر 2026".
func (t Tr) Date(d api.Date) string { return t.App().Date(d) }

// DateTime is the date and HH:MM in the foundation's zone.
func (t Tr) DateTime(tm time.Time) string { return t.App().DateTime(tm) }

// Time is the hour and minute of tm in the foundation's zone.
func (t Tr) Time(tm time.Time) string { return tm.In(api.Casablanca).Format("15:04") }

// Money is "1 234,50 MAD" / "1.234,50 درهم".
func (t Tr) Money(centimes int64) string { return t.App().Money(centimes) }

// Reason is a rejection reason's translation (the catalogue's reason.*).
func (t Tr) Reason(r api.RejectReason) string { return t.T("reason." + string(r)) }

// Dir is the page's dir attribute.
func (t Tr) Dir() string {
	if t.lang == AR {
		return "rtl"
	}
	return "ltr"
}

// Lang is the page's lang attribute.
func (t Tr) Lang() string { return string(t.lang) }

// L is the language.
func (t Tr) L() Lang { return t.lang }
