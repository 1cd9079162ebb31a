// Package translations holds the app's texts in French, Arabic and English
// (fr.json, ar.json, en.json) and a Translator that switches language at run
// time, which fyne's own lang package cannot do (it reads the locale from the
// environment only). It is also the one place that formats dates, times,
// amounts and day counts per language.
package translations

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Lang is a UI language.
type Lang string

// The languages of the app. French is the reference: every key exists in
// fr.json, and a key missing elsewhere falls back to French.
const (
	FR Lang = "fr"
	AR Lang = "ar"
	EN Lang = "en"
)

//go:embed fr.json ar.json en.json
var files embed.FS

// catalogs is read once at start-up and never written afterwards.
var catalogs = mustLoad()

func mustLoad() map[Lang]map[string]string {
	c := map[Lang]map[string]string{}
	for _, l := range []Lang{FR, AR, EN} {
		b, err := files.ReadFile(string(l) + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("translations: %s.json: %v", l, err))
		}
		c[l] = m
	}
	return c
}

// Parse reads a language code: "fr", "ar" or "en" (case and spaces ignored).
func Parse(s string) (Lang, bool) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case FR, AR, EN:
		return l, true
	}
	return "", false
}

// FromLocale maps a system locale such as "ar_MA.UTF-8" or "ar-MA" to a
// language: Arabic for ar*, English for en*, French for anything else.
func FromLocale(locale string) Lang {
	s := strings.ToLower(strings.TrimSpace(locale))
	switch {
	case s == "ar" || strings.HasPrefix(s, "ar_") || strings.HasPrefix(s, "ar-") || strings.HasPrefix(s, "ar."):
		return AR
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en."):
		return EN
	}
	return FR
}

// Keys returns the keys of l's catalogue, sorted.
func Keys(l Lang) []string { return keysIn(catalogs, l) }

func keysIn(c map[Lang]map[string]string, l Lang) []string {
	var keys []string
	for k := range c[l] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Missing returns the keys present in fr.json but absent or empty in l,
// sorted. It is empty when l is complete.
func Missing(l Lang) []string { return missingIn(catalogs, l) }

func missingIn(c map[Lang]map[string]string, l Lang) []string {
	var miss []string
	for _, k := range keysIn(c, FR) {
		if strings.TrimSpace(c[l][k]) == "" {
			miss = append(miss, k)
		}
	}
	return miss
}
