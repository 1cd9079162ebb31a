package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
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

// IsCommon reports whether p, in lower case, is one of the most common
// passwords, or one of them followed only by digits, spaces or symbols
// ("Soleil2026!", "iloveyou 1234"): the first guesses of anyone who tries
// passwords.
func IsCommon(p string) bool {
	l := strings.ToLower(p)
	set := commonSet()
	if _, ok := set[l]; ok {
		return true
	}
	base := strings.TrimRightFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })
	if len([]rune(base)) < minBase {
		return false
	}
	_, ok := set[base]
	return ok
}
