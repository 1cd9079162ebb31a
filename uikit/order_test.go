package uikit

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// segment is a piece of a text given by rune offsets [start, end).
type segment struct{ start, end int }

// colourRuns makes x draw each of its runs in the colour of the segment
// holding the run's ink (its runes less spaces); a run that holds no ink is
// transparent, and a run straddling segments is reported.
func colourRuns(t *testing.T, x *Text, segs []segment) {
	runes := []rune(x.Text())
	x.runColor = func(a, b int) color.Color {
		for a < b && isInkless(runes[a]) {
			a++
		}
		for b > a && isInkless(runes[b-1]) {
			b--
		}
		if a == b {
			return color.Transparent
		}
		for i, s := range segs {
			if a >= s.start && b <= s.end {
				return palette[i]
			}
		}
		t.Errorf("run %q straddles the expected segments", string(runes[a:b]))
		return color.Black
	}
}

func isInkless(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }

// assertVisualOrder renders x with segs coloured and checks, on the
// captured image, that the segments' ink comes left to right in the order
// given by visual (indices into segs).
func assertVisualOrder(t *testing.T, x *Text, segs []segment, visual []int) {
	t.Helper()
	if len(segs) > len(palette) {
		t.Fatalf("%d segments, only %d colours", len(segs), len(palette))
	}
	colourRuns(t, x, segs)
	img := render(t, x, fyne.NewSize(900, 80))
	ext := extents(img)
	runes := []rune(x.Text())
	prev := -1
	for _, i := range visual {
		seg := string(runes[segs[i].start:segs[i].end])
		e := ext[i]
		if e[0] < 0 {
			t.Fatalf("no ink found for %q", seg)
		}
		// Neighbouring glyphs may overlap by a pixel or two (side bearings).
		if prev >= 0 && e[0] < ext[prev][1]-2 {
			t.Errorf("%q spans x %d..%d but should come right of %q (x %d..%d)",
				seg, e[0], e[1], string(runes[segs[prev].start:segs[prev].end]), ext[prev][0], ext[prev][1])
		}
		prev = i
	}
}

// find returns the rune offsets of each piece in s, in order of appearance.
func find(t *testing.T, s string, pieces ...string) []segment {
	t.Helper()
	var out []segment
	from := 0
	for _, p := range pieces {
		i := strings.Index(s[from:], p)
		if i < 0 {
			t.Fatalf("%q not in %q", p, s)
		}
		start := len([]rune(s[:from+i]))
		out = append(out, segment{start, start + len([]rune(p))})
		from += i + len(p)
	}
	return out
}

// TestVisualOrderRendered checks app strings where Arabic meets data. The
// expected orders are those of the UBA, worked out by hand: in an Arabic
// paragraph the first logical piece is the rightmost, and a Latin or
// numeric piece keeps its own left-to-right order inside.
func TestVisualOrderRendered(t *testing.T) {
	ar := translations.New(translations.AR)
	for _, tc := range []struct {
		name   string
		lang   translations.Lang
		text   string
		pieces []string // in logical order
		visual []int    // indices into pieces, left to right
	}{
		{"reference", translations.AR, "رقم الملف: EST-2026-000123", []string{"رقم الملف:", "EST-2026-000123"}, []int{1, 0}},
		{"numeric date", translations.AR, "آخر أجل: 15/09/2026", []string{"آخر أجل:", "15/09/2026"}, []int{1, 0}},
		{"long date", translations.AR, "الأجل: " + ar.Date(api.Date{Year: 2026, Month: 9, Day: 15}),
			[]string{"الأجل:", "15", "شتنبر", "2026"}, []int{3, 2, 1, 0}},
		{"amount", translations.AR, "المبلغ: " + ar.Money(123450), []string{"المبلغ:", "1.234,50", "درهم"}, []int{2, 1, 0}},
		{"acronym", translations.AR, "منخرط في CNSS منذ 2020", []string{"منخرط في", "CNSS", "منذ", "2020"}, []int{3, 2, 1, 0}},
		{"Arabic name then number in French", translations.FR, "Nom : محمد 12", []string{"Nom :", "محمد", "12"}, []int{0, 2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			if slices.IsSorted(tc.visual) && tc.lang == translations.AR {
				t.Fatal("case does not exercise reordering")
			}
			x := NewTextStyle(tr, tc.text, fyne.TextStyle{}, theme.SizeNameHeadingText)
			assertVisualOrder(t, x, find(t, tc.text, tc.pieces...), tc.visual)
		})
	}
}

// The BidiCharacterTest-15.0.0.txt lines (numbers in the original file)
// that fit one line and use only Arabic, Latin and digits, all in the
// bundled fonts; the lines are also in testdata/bidi-subset.txt.
var renderedBidiLines = []int{52, 53, 128, 130, 247, 251, 259}

// TestVisualOrderRenderedBidiCharacterTest renders conformance cases and
// checks the runs' x positions against the data's own levels and visual
// order: the segments are the data's level runs, ordered by where the
// data's field 4 puts their characters.
func TestVisualOrderRenderedBidiCharacterTest(t *testing.T) {
	cases := map[int]bidiCase{}
	for _, c := range readBidiCases(t, "testdata/bidi-subset.txt") {
		cases[c.line] = c
	}
	for _, src := range renderedBidiLines {
		c, ok := findSource(t, cases, src)
		if !ok {
			t.Fatalf("line %d of BidiCharacterTest.txt is not in the subset", src)
		}
		t.Run(fmt.Sprintf("line %d", src), func(t *testing.T) {
			tr := newTestUI(t, translations.FR)
			x := NewTextStyle(tr, string(c.runes), fyne.TextStyle{}, theme.SizeNameHeadingText)
			x.dir = c.dir
			segs, visual := dataSegments(c)
			assertVisualOrder(t, x, segs, visual)
		})
	}
}

// findSource finds the subset case that came from line src of the
// original file (the subset's "# line N" comment precedes it).
func findSource(t *testing.T, cases map[int]bidiCase, src int) (bidiCase, bool) {
	t.Helper()
	lines := subsetSourceLines(t)
	c, ok := cases[lines[src]]
	return c, ok
}

// dataSegments splits a case into its level runs (spaces trimmed, runs of
// spaces only dropped) and orders them by their visual position in the
// data.
func dataSegments(c bidiCase) ([]segment, []int) {
	pos := make([]int, len(c.runes))
	for p, i := range c.order {
		pos[i] = p
	}
	var segs []segment
	var first []int
	for i := 0; i < len(c.levels); {
		j := i
		for j < len(c.levels) && c.levels[j] == c.levels[i] {
			j++
		}
		a, b := i, j
		for a < b && isInkless(c.runes[a]) {
			a++
		}
		for b > a && isInkless(c.runes[b-1]) {
			b--
		}
		if a < b {
			segs = append(segs, segment{a, b})
			first = append(first, pos[a])
		}
		i = j
	}
	visual := make([]int, len(segs))
	for i := range visual {
		visual[i] = i
	}
	slices.SortFunc(visual, func(a, b int) int { return first[a] - first[b] })
	return segs, visual
}
