package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"

	"github.com/fos-mobile/fos/screens"
)

// The App is the screens' Navigator.
var _ screens.Navigator = (*App)(nil)

// Go implements screens.Navigator: it stops the current screen and shows
// r's.
func (a *App) Go(r screens.Route) {
	a.fontsLoaded() // no text is measured before (uikit.WarmFonts)
	if a.current != nil {
		a.current.Stop()
	}
	a.route = r
	a.current = r.Build(a.env)
	content := a.framed(a.current.Content())
	if a.cfg.Wrap != nil {
		content = a.cfg.Wrap(content)
	}
	a.win.SetContent(content)
}

// onKey handles the keys no focused widget took. Android's back key (and
// Escape on a desktop) closes an open dialog, else does what the screen's
// back arrow does; at a screen without one (the service list, login) it
// leaves the app, as Android's convention wants. fyne's mobile driver
// leaves the app on back only when the window has no key handler, so the
// app calls its GoBack itself.
func (a *App) onKey(ev *fyne.KeyEvent) {
	if ev.Name != mobile.KeyBack && ev.Name != fyne.KeyEscape {
		return
	}
	if top := a.win.Canvas().Overlays().Top(); top != nil {
		top.Hide()
		a.win.Canvas().Overlays().Remove(top)
		return
	}
	if b, ok := a.current.(screens.Backer); ok && b.Back() {
		return
	}
	if ev.Name == mobile.KeyBack {
		a.leave()
	}
}

func (a *App) leave() {
	if a.cfg.Leave != nil {
		a.cfg.Leave()
		return
	}
	if d, ok := a.cfg.App.Driver().(interface{ GoBack() }); ok {
		d.GoBack()
	}
}
