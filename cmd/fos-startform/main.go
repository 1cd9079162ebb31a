// Command fos-startform is a minimal Fyne form (two fields and a button),
// the yardstick that make start-time measures the app's cold start
// against: both report their first painted frame the same way
// (internal/firstframe) and quit.
package main

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/internal/firstframe"
)

func main() {
	a := app.NewWithID("ma.fos.startform")
	w := a.NewWindow("Form")
	form := widget.NewForm(
		widget.NewFormItem("Identifiant", widget.NewEntry()),
		widget.NewFormItem("Mot de passe", widget.NewPasswordEntry()),
	)
	form.OnSubmit = func() {}
	w.SetContent(firstframe.Wrap(form, os.Stdout, func() { fyne.Do(a.Quit) }))
	w.Resize(fyne.NewSize(360, 640))
	w.ShowAndRun()
}
