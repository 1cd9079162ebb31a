package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit"
)

// languages lists the switch's choices: French and Arabic for members,
// English for testers.
var languages = []translations.Lang{translations.FR, translations.AR, translations.EN}

// langSelect is the language switch. Choosing a language changes the
// translator at once; the app saves the choice and rebuilds the screen.
func langSelect(env *Env) *widget.Select {
	names := make([]string, len(languages))
	for i, l := range languages {
		names[i] = env.T("lang." + string(l))
	}
	sel := widget.NewSelect(names, nil)
	sel.Alignment = uikit.Align(env.Tr)
	for i, l := range languages {
		if l == env.Tr.Lang() {
			sel.SetSelected(names[i])
		}
	}
	sel.OnChanged = func(s string) {
		for i, n := range names {
			if n == s && languages[i] != env.Tr.Lang() {
				env.Tr.SetLang(languages[i])
				return
			}
		}
	}
	return sel
}

// heading is a screen or section title.
func heading(env *Env, s string) *uikit.Text {
	return uikit.NewTextStyle(env.Tr, s, fyne.TextStyle{Bold: true}, theme.SizeNameSubHeadingText)
}

// header is a screen's top bar: an optional back arrow on the leading
// side (left in French, right in Arabic), the title, and optional trailing
// objects. The back arrow is an icon of a phone's touch size, so it never
// wraps; the title wraps instead. back is also what Android's back key
// does on this screen (see Back).
func (b *base) header(title string, back func(), trailing fyne.CanvasObject) fyne.CanvasObject {
	env := b.env
	var lead fyne.CanvasObject
	if back != nil {
		b.onBack = back
		b.backButton = uikit.BackButton(env.Tr, "", back)
		lead = b.backButton
	}
	// The title wraps rather than push the buttons off a phone's width.
	h := heading(env, title)
	h.SetMinWidthEms(headerTitleEms)
	return container.NewVBox(
		uikit.Border(env.Tr, nil, nil, lead, trailing, h),
		widget.NewSeparator(),
	)
}

// headerTitleEms is the width a screen title asks for, in text sizes: what
// is left of a 360-pixel phone beside a language switch.
const headerTitleEms = 8

// refreshButton is the "Actualiser" action of a header: an icon, so that
// the title keeps the width.
func refreshButton(tapped func()) *widget.Button {
	return widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), tapped)
}

// page lays a screen out: the header fixed at the top, the body scrolling
// below it.
func page(top fyne.CanvasObject, body ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(container.NewVBox(body...)))
}

// text is a read-only, bidi-aware line in the reading direction.
func text(env *Env, s string) *uikit.Text { return uikit.NewText(env.Tr, s) }

// localized picks the server's sentence in the reading language; English
// testers read the French one.
func localized(env *Env, t api.Text) string { return env.Tr.Local(t) }

func localizedList(env *Env, t api.TextList) []string { return env.Tr.LocalList(t) }

// today is the current date in Morocco.
func today(env *Env) api.Date { return api.DateOf(env.now().In(api.Casablanca)) }

// deadline says "15 septembre 2026 (dans 12 jours)".
func deadline(env *Env, d api.Date) string { return env.Tr.Deadline(d, today(env)) }

// tapRow is a button whose content is bidi-aware: fyne's own button text
// is always laid out left to right, so the content (uikit.Text lines) is
// stacked on a text-less button, which still receives the taps.
func tapRow(content fyne.CanvasObject, tapped func()) (*widget.Button, fyne.CanvasObject) {
	b := widget.NewButton("", tapped)
	return b, container.NewStack(b, container.NewPadded(content))
}
