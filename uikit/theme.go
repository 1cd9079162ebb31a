// Package uikit holds the app's widgets and layout helpers that know about
// reading direction: the theme with bundled fonts, Text (bidirectional,
// wrapped, aligned to the reading side), rows, borders and form rows that
// mirror in Arabic, back buttons, left-to-right entries and dialogs with the
// right-to-left button order. Screens use these helpers instead of mirroring
// layouts one by one.
package uikit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/translations"
)

// fosTheme is fyne's default theme with the app's fonts.
type fosTheme struct {
	tr *translations.Translator
}

// NewTheme returns the app's theme: fyne's default colours, sizes and icons,
// and fonts that are all embedded in the binary.
//
// Font choice: fyne gives each text style one theme font, then falls back,
// glyph by glyph, to its own embedded Noto Sans for that style, then to an
// emoji font, then to fonts found on the machine. So the theme font is Noto
// Sans Arabic (Regular or Bold), which holds the Arabic letters, ASCII digits
// and common punctuation; Latin letters then come from fyne's embedded Noto
// Sans, the same design family. The Arabic font's line metrics are
// rewritten so that Latin text sits centred in fyne's boxes and lines are
// as far apart as with fyne's own theme (fontmetrics.go). No glyph the app shows is left to the
// machine's fonts, so goldens are stable. Text draws each bidirectional run
// with an explicit font (Arabic runs in Noto Sans Arabic, others in Noto
// Sans), see Text.
func NewTheme(tr *translations.Translator) fyne.Theme {
	return &fosTheme{tr: tr}
}

// Color implements fyne.Theme.
func (t *fosTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, v)
}

// Font implements fyne.Theme.
func (t *fosTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return arabicFont(s)
}

// Icon implements fyne.Theme.
func (t *fosTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

// innerPadding is the space inside buttons, entries and selects: 14 makes
// each of them at least 48 dp high (a line of text is about 20), the
// touch target that Android's and Apple's guidelines ask for; fyne's 8
// gives 38.
const innerPadding = 14

// TouchTarget is the smallest height of anything a member taps, in dp.
const TouchTarget = 48

// Size implements fyne.Theme.
func (t *fosTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return innerPadding
	}
	return theme.DefaultTheme().Size(n)
}

// arabicFont is the bundled Arabic font for style s, with the app's line
// metrics (see fontmetrics.go). There is no italic Arabic: italic is a
// Latin convention.
func arabicFont(s fyne.TextStyle) fyne.Resource {
	regular, bold := lineFonts()
	if s.Bold {
		return bold
	}
	return regular
}

// latinFont is fyne's embedded Noto Sans for style s.
func latinFont(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Bold && s.Italic:
		return theme.DefaultTextBoldItalicFont()
	case s.Bold:
		return theme.DefaultTextBoldFont()
	case s.Italic:
		return theme.DefaultTextItalicFont()
	}
	return theme.DefaultTextFont()
}

// Tint is c made translucent, with alpha a: a background that lets the
// theme's own show through, behind a banner or a status badge.
func Tint(c color.Color, a uint8) color.NRGBA {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
