package uikit

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Why the fonts are loaded ahead.
//
// Most of the app's cold start went to parsing fonts the first time a text
// is measured: for each of Regular and Bold, fyne parses the theme font
// (Noto Sans Arabic), its own Noto Sans and the emoji font and indexes the
// machine's fonts, then parses the Arabic and Latin fonts once more for the
// runs that Text draws with an explicit font; baselineShift parses the
// Arabic ones a third time. On the UI goroutine that was done one font
// after the other while the login screen was built. WarmFonts does the same
// work on two goroutines while the window is being created, and the first
// screen is built once they are done: the same fonts, the same caches, only
// sooner.
//
// A go-text font face is not safe for concurrent use, so the two
// goroutines share none: one fills fyne's per-style cache (whose faces may
// include a machine font shared between styles), the other the per-font
// cache of explicit sources, whose faces are parsed for it alone.

// WarmFonts loads into fyne's and uikit's font caches, on other goroutines,
// the fonts that the app's Regular and Bold text needs with theme th
// (already set on the app), measuring with d. It returns wait, which blocks
// until they are loaded. No text may be measured or drawn before wait has
// returned.
func WarmFonts(d fyne.Driver, th fyne.Theme) (wait func()) {
	size := th.Size(theme.SizeNameText)
	styles := []fyne.TextStyle{{}, {Bold: true}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, style := range styles {
			d.RenderedTextSize("a", size, style, nil)
		}
	}()
	go func() {
		defer wg.Done()
		for _, style := range styles {
			primary := th.Font(style)
			d.RenderedTextSize("a", size, style, primary)
			d.RenderedTextSize("a", size, style, latinFont(style))
			parsedFont(primary)
		}
	}()
	return wg.Wait
}
