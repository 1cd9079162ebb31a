package uikit

import (
	"sort"

	"golang.org/x/text/unicode/bidi"
)

// maxBracketDepth is the size of the stack of rule BD16.
const maxBracketDepth = 63

// bracketPartner returns the other bracket of a paired bracket r, in its
// canonical form (U+2329 and U+232A are canonically U+3008 and U+3009).
func bracketPartner(r rune) rune {
	return canonicalBracket([]rune(bidi.ReverseString(string(r)))[0])
}

func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

// bracketPairs finds the bracket pairs of rule BD16, as positions in the
// sequence, sorted by opening position.
func bracketPairs(t []bidi.Class, seq []int, runes []rune, props []bidi.Properties) [][2]int {
	type opener struct {
		closing rune
		pos     int
	}
	var stack []opener
	var pairs [][2]int
	for k, i := range seq {
		if t[k] != bidi.ON || !props[k].IsBracket() {
			continue
		}
		if props[k].IsOpeningBracket() {
			if len(stack) == maxBracketDepth {
				break
			}
			stack = append(stack, opener{closing: bracketPartner(runes[i]), pos: k})
			continue
		}
		c := canonicalBracket(runes[i])
		for j := len(stack) - 1; j >= 0; j-- {
			if stack[j].closing == c {
				pairs = append(pairs, [2]int{stack[j].pos, k})
				stack = stack[:j]
				break
			}
		}
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a][0] < pairs[b][0] })
	return pairs
}

// resolveBrackets applies rule N0: a bracket pair takes the embedding
// direction e when it holds a strong type e, else the opposite direction
// when it holds that one and the context before it has it too.
func resolveBrackets(t []bidi.Class, seq []int, runes []rune, props []bidi.Properties, orig []bidi.Class, e bidi.Class) {
	for _, p := range bracketPairs(t, seq, runes, props) {
		o, c := p[0], p[1]
		found := bidi.ON
		for k := o + 1; k < c; k++ {
			d := strongDir(t[k])
			if d == e {
				found = e
				break
			}
			if d != bidi.ON {
				found = d
			}
		}
		if found == bidi.ON {
			continue // N0 d: no strong type inside, leave the pair to N1/N2
		}
		dir := e
		if found != e {
			before := e
			for k := o - 1; k >= 0; k-- {
				if d := strongDir(t[k]); d != bidi.ON {
					before = d
					break
				}
			}
			if before == found {
				dir = found
			}
		}
		for _, k := range [2]int{o, c} {
			t[k] = dir
			// Marks that W1 gave the bracket's old type follow it.
			for j := k + 1; j < len(t) && orig[seq[j]] == bidi.NSM; j++ {
				t[j] = dir
			}
		}
	}
}
