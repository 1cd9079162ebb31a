package uikit

import "golang.org/x/text/unicode/bidi"

// lineLevels returns the levels of runes [start, end) of a resolved
// paragraph shown as one line, after rule L1: segment separators, and
// whitespace before them or at the end of the line, go back to the
// paragraph level.
func (r resolved) lineLevels(start, end int) []int8 {
	lv := append([]int8(nil), r.levels[start:end]...)
	trailing := true
	for i := end - 1; i >= start; i-- {
		switch c := r.orig[i]; {
		case c == bidi.S || c == bidi.B:
			lv[i-start] = r.para
			trailing = true
		case c == bidi.WS || isRemoved(c):
			if trailing {
				lv[i-start] = r.para
			}
		default:
			trailing = false
		}
	}
	return lv
}

// visualOrder applies rule L2: from the highest level down to the lowest
// odd level, every maximal sequence at that level or higher is reversed. It
// returns the logical indices in visual order, left to right.
func visualOrder(levels []int8) []int {
	order := make([]int, len(levels))
	var hi, lowOdd int8 = 0, 127
	for i, l := range levels {
		order[i] = i
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lvl := hi; lvl >= lowOdd && lvl > 0; lvl-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < lvl {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}
