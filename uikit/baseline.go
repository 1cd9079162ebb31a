package uikit

import (
	"bytes"
	"math"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// fyne draws a canvas.Text with its baseline at the ascent of the font of
// its first glyph, while the box's height comes from the theme font. With
// the theme font being Noto Sans Arabic, a run that starts with a Latin
// letter (drawn from Noto Sans) would sit higher than its Arabic neighbours
// if their ascents differed. The theme gives the Arabic font Noto Sans's
// ascent (fontmetrics.go), so the shift is 0 with it; baselineShift keeps
// runs on one baseline should a theme font with another ascent be used.

// coverage caches the fonts' character maps by resource name: whether a
// font has a glyph needs its cmap table alone, not its outlines.
var coverage sync.Map // string -> font.Cmap (nil when unreadable)

func fontCmap(res fyne.Resource) font.Cmap {
	if c, ok := coverage.Load(res.Name()); ok {
		cmap, _ := c.(font.Cmap)
		return cmap
	}
	cmap := readCmap(res.Content())
	coverage.Store(res.Name(), cmap)
	return cmap
}

// readCmap returns the character map of the TrueType/OpenType font b, or
// nil when it cannot be read.
func readCmap(b []byte) font.Cmap {
	ld, err := opentype.NewLoader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	raw, err := ld.RawTable(opentype.MustNewTag("cmap"))
	if err != nil {
		return nil
	}
	t, _, err := tables.ParseCmap(raw)
	if err != nil {
		return nil
	}
	cmap, _, err := font.ProcessCmap(t, tables.FPNone)
	if err != nil {
		return nil
	}
	return cmap
}

// firstFaceRune returns the first rune that makes fyne choose a face (fyne
// and go-text skip white space and format characters for that).
func firstFaceRune(s string) (rune, bool) {
	for _, r := range s {
		if !ignoresFace(r) {
			return r, true
		}
	}
	return 0, false
}

// hasGlyph reports whether the font res has a glyph for r (false when the
// font cannot be read).
func hasGlyph(res fyne.Resource, r rune) bool {
	if res == nil {
		return false
	}
	cmap := fontCmap(res)
	if cmap == nil {
		return false
	}
	_, ok := cmap.Lookup(r)
	return ok
}

// ignoresFace reports the runes for which fyne (go-text) keeps the current
// face: white space and format characters.
func ignoresFace(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }

// facePieces splits the run [a, b) of runes at level into pieces drawn by
// one font each, in visual order, left to right. fyne lays the pieces of a
// canvas.Text that need different fonts out in logical order, which is
// right for a left-to-right run but reverses them in a right-to-left one:
// in "(في غضون " the bracket, missing from the Arabic font and taken from
// Noto Sans, would land on the wrong side. So a right-to-left run is split
// where the font changes and its pieces are placed right to left here.
func facePieces(primary fyne.Resource, runes []rune, a, b int, level int8) [][2]int {
	if level%2 == 0 {
		return [][2]int{{a, b}}
	}
	var out [][2]int
	start, cur := a, -1 // cur: 1 primary font, 0 another, -1 not chosen yet
	for i := a; i < b; i++ {
		if ignoresFace(runes[i]) {
			continue
		}
		f := 0
		if hasGlyph(primary, runes[i]) {
			f = 1
		}
		if cur >= 0 && f != cur {
			out = append(out, [2]int{start, i})
			start = i
		}
		cur = f
	}
	out = append(out, [2]int{start, b})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// baselineShift returns how far down to draw s, in the text style and
// size, so that its baseline matches the theme font's.
func baselineShift(th fyne.Theme, s string, style fyne.TextStyle, size float32) float32 {
	if style.Monospace || style.Symbol {
		return 0
	}
	r, ok := firstFaceRune(s)
	primary := th.Font(style)
	if !ok || primary == nil || fontCmap(primary) == nil || hasGlyph(primary, r) {
		return 0
	}
	drv := fyne.CurrentApp().Driver()
	_, want := drv.RenderedTextSize(" ", size, style, primary)
	_, got := drv.RenderedTextSize(" ", size, style, latinFont(style))
	return float32(math.Ceil(float64(want)) - math.Ceil(float64(got)))
}
