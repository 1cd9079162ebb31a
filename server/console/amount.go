package console

import (
	"strings"
	"unicode"
)

// maxAmount bounds an approved amount: 1,000,000.00 MAD.
const maxAmount int64 = 100_000_000

// parseAmount reads an amount in MAD as people type it and returns
// centimes, or the key of the error to show:
//
//	"1 234,50", "1234,50", "1234.50", "1.234,50", "1,234.50", "1234", "1 234"
//
// Spaces (also no-break ones) group thousands. With both a dot and a comma
// the last one is the decimal mark. With one mark only, it is the decimal
// mark when one or two digits follow it; "1.234" or "1,234" alone could be
// either and are refused as ambiguous. Arabic-Indic digits are accepted.
func parseAmount(s string) (int64, string) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + r - '٠')
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + r - '۰')
		case r == '٫':
			b.WriteRune(',')
		case unicode.IsSpace(r) || r == '\u202f' || r == '\u00a0' || r == '\'':
		default:
			b.WriteRune(r)
		}
	}
	t := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(b.String()), "MAD"), "DH")
	if t == "" {
		return 0, "err.amount.required"
	}
	if strings.HasPrefix(t, "-") {
		return 0, "err.amount.positive"
	}
	dot, comma := strings.LastIndexByte(t, '.'), strings.LastIndexByte(t, ',')
	intPart, frac := t, ""
	switch {
	case dot >= 0 && comma >= 0:
		dec, group := dot, ","
		if comma > dot {
			dec, group = comma, "."
		}
		intPart, frac = t[:dec], t[dec+1:]
		if !grouped(intPart, group) {
			return 0, "err.amount.invalid"
		}
		intPart = strings.ReplaceAll(intPart, group, "")
	case dot >= 0 || comma >= 0:
		mark := dot
		if comma >= 0 {
			mark = comma
		}
		if strings.Count(t, t[mark:mark+1]) > 1 {
			// "1.234.567": a grouping mark repeated, no decimals.
			if !grouped(t, t[mark:mark+1]) {
				return 0, "err.amount.invalid"
			}
			intPart = strings.ReplaceAll(t, t[mark:mark+1], "")
			break
		}
		intPart, frac = t[:mark], t[mark+1:]
		if len(frac) == 3 {
			return 0, "err.amount.ambiguous"
		}
	}
	if len(frac) > 2 {
		return 0, "err.amount.decimals"
	}
	if intPart == "" || !digits(intPart) || (frac != "" && !digits(frac)) || len(intPart) > 12 {
		return 0, "err.amount.invalid"
	}
	var v int64
	for _, r := range intPart {
		v = v*10 + int64(r-'0')
	}
	v *= 100
	switch len(frac) {
	case 1:
		v += int64(frac[0]-'0') * 10
	case 2:
		v += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	if v <= 0 {
		return 0, "err.amount.positive"
	}
	if v > maxAmount {
		return 0, "err.amount.max"
	}
	return v, ""
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// grouped reports whether s is digits grouped by sep in threes ("1.234.567").
func grouped(s, sep string) bool {
	parts := strings.Split(s, sep)
	if len(parts) == 1 {
		return digits(s)
	}
	if len(parts[0]) < 1 || len(parts[0]) > 3 || !digits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 || !digits(p) {
			return false
		}
	}
	return true
}
