package uikit

import (
	"golang.org/x/text/unicode/bidi"
)

// This file resolves the embedding levels of the Unicode Bidirectional
// Algorithm (UAX #9) and reorders them (rule L2).
//
// golang.org/x/text/unicode/bidi gives each rune its Bidi_Class and bracket
// properties, but its Paragraph.Order returns the runs in logical order with
// a direction only, and merges runs of levels 0 and 2 (a number after Arabic
// in a French sentence), so the visual order cannot be derived from it. The
// rules W1–W7, N0–N2, I1–I2, L1 and L2 are therefore applied here on its
// classes. Explicit directional formatting characters (LRE, RLE, LRO, RLO,
// PDF, LRI, RLI, FSI, PDI) are not supported: they are dropped like BN (rule
// X9), which is right for the embeddings and an approximation for the
// isolates. The app's texts and data never contain them.

// paraDir is the paragraph direction asked for.
type paraDir int

const (
	dirAuto paraDir = iota // first strong character (rules P2, P3), else left to right
	dirLTR
	dirRTL
)

// resolved holds the result of resolveLevels for one paragraph.
type resolved struct {
	para    int8
	levels  []int8       // per rune; removed runes take the level of the rune before them
	removed []bool       // removed by rule X9
	orig    []bidi.Class // original classes, for rule L1
}

func classOf(r rune) (bidi.Class, bidi.Properties) {
	p, _ := bidi.LookupRune(r)
	return p.Class(), p
}

// isRemoved reports whether rule X9 (as applied here) drops class c.
func isRemoved(c bidi.Class) bool {
	switch c {
	case bidi.BN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return true
	}
	return false
}

// firstStrong applies rules P2 and P3.
func firstStrong(runes []rune) int8 {
	for _, r := range runes {
		switch c, _ := classOf(r); c {
		case bidi.L:
			return 0
		case bidi.R, bidi.AL:
			return 1
		}
	}
	return 0
}

// resolveLevels resolves the levels of runes, one paragraph with no
// paragraph separator inside, before line breaking.
func resolveLevels(runes []rune, dir paraDir) resolved {
	res := resolved{
		levels:  make([]int8, len(runes)),
		removed: make([]bool, len(runes)),
		orig:    make([]bidi.Class, len(runes)),
	}
	switch dir {
	case dirLTR:
		res.para = 0
	case dirRTL:
		res.para = 1
	default:
		res.para = firstStrong(runes)
	}

	// seq is the single isolating run sequence: the runes X9 keeps.
	var seq []int
	var props []bidi.Properties
	for i, r := range runes {
		c, p := classOf(r)
		res.orig[i] = c
		res.removed[i] = isRemoved(c)
		if !res.removed[i] {
			seq = append(seq, i)
			props = append(props, p)
		}
	}
	t := make([]bidi.Class, len(seq))
	for k, i := range seq {
		t[k] = res.orig[i]
	}
	e := bidi.L
	if res.para%2 == 1 {
		e = bidi.R
	}
	resolveWeak(t, e)
	resolveBrackets(t, seq, runes, props, res.orig, e)
	resolveNeutrals(t, e)

	for k, i := range seq {
		lvl := res.para
		switch {
		case lvl%2 == 0 && t[k] == bidi.R:
			lvl++
		case lvl%2 == 0 && (t[k] == bidi.AN || t[k] == bidi.EN):
			lvl += 2
		case lvl%2 == 1 && (t[k] == bidi.L || t[k] == bidi.AN || t[k] == bidi.EN):
			lvl++
		}
		res.levels[i] = lvl
	}
	prev := res.para
	for i := range runes {
		if res.removed[i] {
			res.levels[i] = prev
		}
		prev = res.levels[i]
	}
	return res
}

// resolveWeak applies rules W1 to W7; sos and eos are both e since there
// are no explicit embeddings.
func resolveWeak(t []bidi.Class, e bidi.Class) {
	for k := range t { // W1
		if t[k] == bidi.NSM {
			if k == 0 {
				t[k] = e
			} else {
				t[k] = t[k-1]
			}
		}
	}
	strong := e
	for k := range t { // W2, W3
		switch t[k] {
		case bidi.L, bidi.R:
			strong = t[k]
		case bidi.AL:
			strong = bidi.AL
			t[k] = bidi.R
		case bidi.EN:
			if strong == bidi.AL {
				t[k] = bidi.AN
			}
		}
	}
	for k := 1; k+1 < len(t); k++ { // W4
		switch {
		case t[k] == bidi.ES && t[k-1] == bidi.EN && t[k+1] == bidi.EN:
			t[k] = bidi.EN
		case t[k] == bidi.CS && t[k-1] == bidi.EN && t[k+1] == bidi.EN:
			t[k] = bidi.EN
		case t[k] == bidi.CS && t[k-1] == bidi.AN && t[k+1] == bidi.AN:
			t[k] = bidi.AN
		}
	}
	for k := 0; k < len(t); { // W5
		if t[k] != bidi.ET {
			k++
			continue
		}
		end := k
		for end < len(t) && t[end] == bidi.ET {
			end++
		}
		if (k > 0 && t[k-1] == bidi.EN) || (end < len(t) && t[end] == bidi.EN) {
			for j := k; j < end; j++ {
				t[j] = bidi.EN
			}
		}
		k = end
	}
	strong = e
	for k := range t { // W6, W7
		switch t[k] {
		case bidi.ES, bidi.ET, bidi.CS:
			t[k] = bidi.ON
		case bidi.L, bidi.R:
			strong = t[k]
		case bidi.EN:
			if strong == bidi.L {
				t[k] = bidi.L
			}
		}
	}
}

// strongDir maps a resolved class to the direction it counts as in rules
// N0 to N2 (numbers count as R), or ON when it is not strong.
func strongDir(c bidi.Class) bidi.Class {
	switch c {
	case bidi.L:
		return bidi.L
	case bidi.R, bidi.AL, bidi.EN, bidi.AN:
		return bidi.R
	}
	return bidi.ON
}

// resolveNeutrals applies rules N1 and N2.
func resolveNeutrals(t []bidi.Class, e bidi.Class) {
	isNI := func(c bidi.Class) bool {
		return c == bidi.B || c == bidi.S || c == bidi.WS || c == bidi.ON
	}
	for k := 0; k < len(t); {
		if !isNI(t[k]) {
			k++
			continue
		}
		end := k
		for end < len(t) && isNI(t[end]) {
			end++
		}
		before, after := e, e
		if k > 0 {
			before = strongDir(t[k-1])
		}
		if end < len(t) {
			after = strongDir(t[end])
		}
		d := e
		if before == after {
			d = before
		}
		for j := k; j < end; j++ {
			t[j] = d
		}
		k = end
	}
}
