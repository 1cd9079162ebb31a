package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The entries of "Paramètres" for the member's personal data (law 09-08):
// "Mes données", to download what the foundation holds on them, and the
// privacy notice.

// myDataEntry leads to "Mes données".
func (s *settings) myDataEntry() fyne.CanvasObject {
	return s.linkEntry("mydata.title", "mydata.intro", MyData(Settings()))
}

// privacyEntry leads to the privacy notice.
func (s *settings) privacyEntry() fyne.CanvasObject {
	return s.linkEntry("privacy.title", "privacy.tracking", Privacy(Settings()))
}

// linkEntry is an entry that opens a screen: its title and one line of
// what is there, the whole entry tappable.
func (s *settings) linkEntry(titleKey, hintKey string, to Route) fyne.CanvasObject {
	_, row := tapRow(container.NewVBox(heading(s.env, s.env.T(titleKey)), text(s.env, s.env.T(hintKey))),
		func() { s.env.Go(to) })
	return row
}
