package uikit

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/fos-mobile/fos/translations"
)

// TestWarmFontsChangesNothingShown renders Arabic and Latin text, Regular
// and Bold, in a fresh app whose fonts were loaded ahead by WarmFonts, and
// in one where they are loaded as the text is laid out: the images match
// pixel for pixel. Under -race it also checks that what the loading
// goroutine wrote is seen by the UI goroutine only after wait.
func TestWarmFontsChangesNothingShown(t *testing.T) {
	draw := func(warm bool) image.Image {
		tr := newTestUI(t, translations.AR)
		if warm {
			th := fyne.CurrentApp().Settings().Theme()
			WarmFonts(fyne.CurrentApp().Driver(), th)()
		}
		obj := Form(tr,
			Field{Label: tr.T("login.identifier"), Value: NewText(tr, "Identifiant AB123 — "+tr.T("login.welcome"))},
		)
		return render(t, obj, fyne.NewSize(360, 200))
	}
	cold, warm := draw(false), draw(true)
	b := cold.Bounds()
	if b != warm.Bounds() {
		t.Fatalf("sizes differ: %v cold, %v warmed", b, warm.Bounds())
	}
	diff := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if cold.At(x, y) != warm.At(x, y) {
				diff++
			}
		}
	}
	if diff != 0 {
		t.Fatalf("%d pixels differ once the fonts are loaded ahead", diff)
	}
}
