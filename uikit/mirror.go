package uikit

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// All helpers read tr.RTL() when they are called: a screen is rebuilt when
// the language changes.

// Row lays objs out horizontally like container.NewHBox, in the reading
// order: left to right in French and English, right to left in Arabic
// (objs[0] is then the rightmost). In Arabic the row is also packed against
// the right edge, unless objs hold a spacer, which then decides.
func Row(tr *translations.Translator, objs ...fyne.CanvasObject) *fyne.Container {
	out := readingOrder(tr, objs)
	if tr.RTL() && !slices.ContainsFunc(objs, isSpacer) {
		out = append([]fyne.CanvasObject{layout.NewSpacer()}, out...)
	}
	return container.NewHBox(out...)
}

func isSpacer(o fyne.CanvasObject) bool {
	_, ok := o.(layout.SpacerObject)
	return ok
}

// readingOrder returns objs in left-to-right screen order for tr's language.
func readingOrder(tr *translations.Translator, objs []fyne.CanvasObject) []fyne.CanvasObject {
	out := append([]fyne.CanvasObject(nil), objs...)
	if tr.RTL() {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// Border is container.NewBorder with leading and trailing sides instead of
// left and right: leading is on the left in French and English and on the
// right in Arabic.
func Border(tr *translations.Translator, top, bottom, leading, trailing fyne.CanvasObject, center ...fyne.CanvasObject) *fyne.Container {
	if tr.RTL() {
		leading, trailing = trailing, leading
	}
	return container.NewBorder(top, bottom, leading, trailing, center...)
}

// BackButton is a button whose arrow points to where the reader came from:
// left in French and English, right in Arabic.
func BackButton(tr *translations.Translator, label string, tapped func()) *widget.Button {
	icon := theme.NavigateBackIcon()
	if tr.RTL() {
		icon = theme.NavigateNextIcon()
	}
	return widget.NewButtonWithIcon(label, icon, tapped)
}

// Align returns the leading alignment for plain fyne widgets (labels,
// buttons' text): left in French and English, right in Arabic. fyne's
// TextAlignLeading is always left, hence this helper.
func Align(tr *translations.Translator) fyne.TextAlign {
	if tr.RTL() {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}
