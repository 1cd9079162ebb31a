package screens

import (
	"strings"
	"unicode"
)

// latinField is what a member typed in a field that is Latin by nature
// (identifier, CIN, code), as the server expects it: Arabic-Indic and
// Eastern Arabic-Indic digits (٠–٩, ۰–۹), which an Arabic keyboard types,
// become 0–9, and surrounding spaces go. Spaces inside are dropped too
// when compact is set (a code pasted as "123 456").
func latinField(s string, compact bool) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		case compact && unicode.IsSpace(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// allDigits reports whether s is exactly n ASCII digits.
func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
