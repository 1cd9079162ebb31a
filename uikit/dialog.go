package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// ShowConfirm shows a modal question with a dismiss and a confirm button
// and calls cb with true when confirm is tapped, false otherwise.
//
// The buttons follow the reading direction: in French and English the
// dismiss button is on the left and confirm on the right (fyne's and
// Android's order); in Arabic the row is mirrored, confirm on the left and
// dismiss on the right, as Android does in right-to-left locales. The title
// and message are Text widgets, so they are aligned to the reading side and
// show mixed-direction content in the right order.
func ShowConfirm(tr *translations.Translator, title, message string, confirm, dismiss string, cb func(bool), w fyne.Window) {
	d := dialog.NewCustomWithoutButtons("", dialogBody(tr, title, NewText(tr, message)), w)
	no := widget.NewButtonWithIcon(dismiss, theme.CancelIcon(), func() {
		d.Hide()
		if cb != nil {
			cb(false)
		}
	})
	yes := widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), func() {
		d.Hide()
		if cb != nil {
			cb(true)
		}
	})
	yes.Importance = widget.HighImportance
	d.SetButtons(readingOrder(tr, []fyne.CanvasObject{no, yes}))
	d.Show()
}

// dialogBody puts a bold title above content. fyne's own dialog title is a
// left-aligned label, so the title is drawn here instead.
func dialogBody(tr *translations.Translator, title string, content fyne.CanvasObject) fyne.CanvasObject {
	if title == "" {
		return content
	}
	t := NewTextStyle(tr, title, fyne.TextStyle{Bold: true}, theme.SizeNameSubHeadingText)
	return container.NewBorder(t, nil, nil, nil, content)
}
