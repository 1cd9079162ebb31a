package translations

import (
	"fmt"
	"strings"
	"sync"
)

// Translator looks texts up in the current language. It is safe for
// concurrent use; SetLang takes effect at once.
type Translator struct {
	mu       sync.RWMutex
	lang     Lang
	onChange []func(Lang)
}

// New returns a Translator set to l (French if l is not a known language).
func New(l Lang) *Translator {
	if _, ok := catalogs[l]; !ok {
		l = FR
	}
	return &Translator{lang: l}
}

// Lang returns the current language.
func (t *Translator) Lang() Lang {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.lang
}

// SetLang switches the language and then calls every OnChange function, in
// registration order, on the caller's goroutine. An unknown language is
// ignored.
func (t *Translator) SetLang(l Lang) {
	if _, ok := catalogs[l]; !ok {
		return
	}
	t.mu.Lock()
	t.lang = l
	fs := append([]func(Lang){}, t.onChange...)
	t.mu.Unlock()
	for _, f := range fs {
		f(l)
	}
}

// OnChange registers f to be called after each SetLang.
func (t *Translator) OnChange(f func(Lang)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.onChange = append(t.onChange, f)
}

// RTL reports whether the current language is written right to left.
func (t *Translator) RTL() bool { return t.Lang() == AR }

// T returns the text for key in the current language, formatted with args
// (fmt verbs) when there are any. A key missing in the current language
// falls back to French, and a key missing in French returns the key itself.
func (t *Translator) T(key string, args ...any) string {
	return lookup(catalogs, t.Lang(), key, args...)
}

// lookup finds key in c for l, falling back to French, then to the key.
func lookup(c map[Lang]map[string]string, l Lang, key string, args ...any) string {
	s, ok := c[l][key]
	if !ok || s == "" {
		s, ok = c[FR][key]
	}
	if !ok {
		return key
	}
	// A translation may leave an argument out (the Arabic dual "يومين"
	// needs no number), so only texts with a verb are formatted.
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}
