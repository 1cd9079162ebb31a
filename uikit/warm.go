package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Why the fonts are loaded ahead.
//
// Most of the app's cold start went to parsing fonts the first time a text
// is measured: for each of Regular and Bold, fyne parses the theme font
// (Noto Sans Arabic), its own Noto Sans and the emoji font and indexes the
// machine's fonts, then parses the Arabic and Latin fonts once more for the
// runs that Text draws with an explicit font; baselineShift reads the
// Arabic font's character map. On the UI goroutine that was done one font
// after the other while the login screen was built. WarmFonts does the same
// work on another goroutine while the window is being created (which keeps
// the UI goroutine busy for longer than the fonts take), and the first
// screen is built once it is done: the same fonts, the same caches, only
// sooner.
//
// One goroutine, not one per font: a go-text font face is not safe for
// concurrent use (fyne's per-style faces may share a machine font), and on
// a two-core phone a second one only slows the window's creation down.

// WarmFonts loads into fyne's and uikit's font caches, on another
// goroutine, the fonts that the app's Regular and Bold text needs with
// theme th (already set on the app), measuring with d. It returns wait,
// which blocks until they are loaded. No text may be measured or drawn
// before wait has returned.
func WarmFonts(d fyne.Driver, th fyne.Theme) (wait func()) {
	size := th.Size(theme.SizeNameText)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
			primary := th.Font(style)
			d.RenderedTextSize("a", size, style, nil)
			d.RenderedTextSize("a", size, style, primary)
			d.RenderedTextSize("a", size, style, latinFont(style))
			fontCmap(primary)
		}
	}()
	return func() { <-done }
}
