package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// buttons returns the buttons shown in w's top overlay, by label.
func buttons(t *testing.T, w fyne.Window) map[string]*widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	out := map[string]*widget.Button{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			out[v.Text] = v
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return out
}

func absX(w fyne.Window, o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
}

func TestShowConfirmButtonOrder(t *testing.T) {
	for _, tc := range []struct {
		lang              translations.Lang
		confirm, dismiss  string
		confirmOnTheRight bool
	}{
		{translations.FR, "Confirmer", "Retour", true},
		{translations.AR, "تأكيد", "رجوع", false},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			w := test.NewWindow(widget.NewLabel(""))
			w.Resize(fyne.NewSize(400, 400))
			defer w.Close()
			var got []bool
			ShowConfirm(tr, "Titre", "Message 123", tc.confirm, tc.dismiss, func(ok bool) { got = append(got, ok) }, w)
			bs := buttons(t, w)
			yes, no := bs[tc.confirm], bs[tc.dismiss]
			if yes == nil || no == nil {
				t.Fatalf("buttons %v", bs)
			}
			if right := absX(w, yes) > absX(w, no); right != tc.confirmOnTheRight {
				t.Fatalf("confirm x %v, dismiss x %v", absX(w, yes), absX(w, no))
			}
			test.Tap(yes)
			if len(got) != 1 || !got[0] || w.Canvas().Overlays().Top() != nil {
				t.Fatalf("after confirm: calls %v, dialog still shown %v", got, w.Canvas().Overlays().Top() != nil)
			}
			ShowConfirm(tr, "Titre", "Message", tc.confirm, tc.dismiss, func(ok bool) { got = append(got, ok) }, w)
			test.Tap(buttons(t, w)[tc.dismiss])
			if len(got) != 2 || got[1] {
				t.Fatalf("after dismiss: calls %v", got)
			}
		})
	}
}
