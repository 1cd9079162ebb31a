package uikit

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// wrapEms caps the minimum width of a Text, in text sizes: a longer text
// asks for about 18 em (some 250 pixels at the body size, under a phone's
// width) and wraps beyond, so that it fits rows and dialogs yet reads on
// one line when the screen is wider.
const wrapEms = 18

// Text is read-only text that may mix Arabic with Latin letters and digits
// (references, dates, amounts, names, matricules).
//
// It splits each paragraph into directional runs with the Unicode
// Bidirectional Algorithm (see bidi.go), breaks it into lines at spaces
// when the width is too narrow, reorders each line's runs (rules L1 and L2)
// and draws every run as its own canvas.Text, at the x position its visual
// order gives. fyne shapes each run, a single direction each, correctly,
// Arabic joining included. The paragraph direction is right to left in the
// Arabic UI, and otherwise that of the first strong character (left to
// right by default). Lines are aligned to the reading side of the UI: right
// in Arabic, left in French and English.
type Text struct {
	widget.BaseWidget

	tr     *translations.Translator
	style  fyne.TextStyle
	size   fyne.ThemeSizeName
	noWrap bool                // FormRow labels stay on one line
	ems    float32             // the cap of the minimum width, in text sizes (wrapEms when 0)
	color  fyne.ThemeColorName // the theme colour (foreground when "")

	// For tests: a paragraph direction other than the language's, and a
	// colour per run (rune offsets [start, end)) instead of the theme's.
	dir      paraDir
	runColor func(start, end int) color.Color

	mu   sync.RWMutex
	text string
}

// NewText returns a Text in the regular style and body size.
func NewText(tr *translations.Translator, s string) *Text {
	return NewTextStyle(tr, s, fyne.TextStyle{}, theme.SizeNameText)
}

// NewTextStyle returns a Text with a style (bold for headings) and a theme
// size name such as theme.SizeNameHeadingText.
func NewTextStyle(tr *translations.Translator, s string, style fyne.TextStyle, size fyne.ThemeSizeName) *Text {
	x := &Text{tr: tr, style: style, size: size, text: s}
	x.ExtendBaseWidget(x)
	return x
}

// SetText replaces the logical text and redraws.
func (x *Text) SetText(s string) {
	x.mu.Lock()
	x.text = s
	x.mu.Unlock()
	x.Refresh()
}

// Text returns the logical text (in reading order, as given).
func (x *Text) Text() string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.text
}

// SetMinWidthEms caps the width the Text asks for at ems text sizes
// (wrapEms by default), never below its widest word: a screen title beside
// buttons wraps sooner rather than widen the screen.
func (x *Text) SetMinWidthEms(ems float32) {
	x.ems = ems
	x.Refresh()
}

// Resize lays the lines out again when the width changes.
func (x *Text) Resize(s fyne.Size) {
	old := x.Size()
	if s == old {
		return
	}
	x.BaseWidget.Resize(s)
	if s.Width != old.Width { // the runs' places depend on the width only
		x.Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (x *Text) CreateRenderer() fyne.WidgetRenderer {
	r := &textRenderer{x: x}
	r.Refresh()
	return r
}

// metrics returns the text size in points and the padding around it:
// fyne's default inner padding, not the theme's, which is larger to make
// touch targets (see innerPadding) and would spread text out.
func (x *Text) metrics() (size, pad float32) {
	return x.Theme().Size(x.size), textPadding
}

// textPadding is the space around a Text, fyne's default inner padding.
const textPadding = 8
