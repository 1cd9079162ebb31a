package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// commonText is one common password a line, lower case (commonpw/README.md
// says where it comes from).
//
//go:embed commonpw/passwords.txt
var commonText string

// commonSet is commonText as a set, built on first use.
var commonSet = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 16000)
	for _, p := range strings.Split(commonText, "\n") {
		if p != "" {
			set[p] = struct{}{}
		}
	}
	return set
})

// minBase is the shortest common password that counts as the base of a
// longer one ("love" + "123456789").
const minBase = 4

// serviceWords are this service's own words, which anyone guessing at it
// tries first ("Estivage2026!") and which no list of leaked passwords
// holds (NIST SP 800-63B 5.1.1.2: context-specific words, such as the name
// of the service). Lower case; they count like entries of the list.
var serviceWords = map[string]struct{}{
	"estivage": {}, "fondation": {}, "oeuvres": {}, "sociales": {}, "finances": {}, "fosmobile": {},
}

// IsCommon reports whether p, in lower case, is one of the most common
// passwords or of the service's own words, or one of them followed only by
// digits, spaces or symbols ("Soleil2026!", "iloveyou 1234"), or one
// character repeated: the first guesses of anyone who tries passwords.
func IsCommon(p string) bool {
	l := strings.ToLower(p)
	if r, _ := utf8.DecodeRuneInString(l); strings.Trim(l, string(r)) == "" {
		return true
	}
	set := commonSet()
	if _, ok := set[l]; ok {
		return true
	}
	base := strings.TrimRightFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })
	if _, ok := serviceWords[base]; ok {
		return true
	}
	if len([]rune(base)) < minBase {
		return false
	}
	_, ok := set[base]
	return ok
}
