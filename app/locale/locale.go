// Package locale gives fyne a locale it can parse before fyne reads one.
//
// fyne's lang package reads the system locale as it starts (its init) and
// on every translation added, through go-locale: a terminal with LANG=C.UTF-8
// (Debian's default for root and containers), or a locale it cannot parse,
// logs "Error parsing user locale C" with its cause 16 times before the
// window opens. This package, imported by main before fyne, sets LANGUAGE
// (which go-locale prefers unless the locale is exactly C or POSIX, and
// which only chooses message catalogues) to the app's default language when
// the locale names none. Go initialises a package before the packages that
// sort after it once its own imports are ready: this one imports only the
// standard library and sorts before go-i18n, which fyne's lang needs, so it
// runs first.
package locale

import (
	"os"
	"strings"
)

// Fallback is the language chosen for a locale that names none: the app's
// default, French.
const Fallback = "fr"

func init() { Fix(os.Getenv, os.Setenv) }

// Fix sets LANGUAGE to Fallback when the locale variables name no language
// (unset, C.UTF-8, POSIX.…) and LANGUAGE is unset; it reports whether it
// did.
func Fix(getenv func(string) string, setenv func(string, string) error) bool {
	if getenv("LANGUAGE") != "" {
		return false
	}
	loc := FromEnv(getenv)
	if loc == "C" || loc == "POSIX" {
		return false // go-locale reads no language then, and logs nothing
	}
	lang, _, _ := strings.Cut(loc, ".")
	lang, _, _ = strings.Cut(lang, "@")
	if lang != "" && lang != "C" && lang != "POSIX" {
		return false
	}
	return setenv("LANGUAGE", Fallback) == nil
}

// FromEnv returns the locale of messages that the POSIX variables name, as
// C programs and go-locale read it: LC_ALL, else LC_MESSAGES, else LANG;
// "" when none is set.
func FromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(k); l != "" {
			return l
		}
	}
	return ""
}
