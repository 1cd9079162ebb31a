package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// TestFormAlignsValues: where there is room (800 wide), whatever the
// labels' lengths, the values start on one vertical line, beside the
// labels' column, on the reading side's opposite (right of the labels in
// French, left of them in Arabic), and rows do not overlap.
func TestFormAlignsValues(t *testing.T) {
	for _, tc := range []struct {
		lang   translations.Lang
		labels [3]string
	}{
		{translations.FR, [3]string{"Echelle", "Date recrutement", "CIN"}},
		{translations.AR, [3]string{"السلم", "تاريخ التوظيف", "رقم البطاقة الوطنية"}},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			var values []*widget.Entry
			var fields []Field
			for _, l := range tc.labels {
				e := widget.NewEntry()
				values = append(values, e)
				fields = append(fields, Field{l, e})
			}
			form := Form(tr, fields...)
			w := test.NewWindow(form)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(800, 300))
			t.Cleanup(w.Close)
			width := form.Size().Width
			var labelEdge float32 // the labels' column edge next to the values
			for i, o := range form.Objects {
				if i%2 == 1 {
					continue
				}
				if tc.lang == translations.AR {
					labelEdge = max(labelEdge, width-o.Position().X)
				} else {
					labelEdge = max(labelEdge, o.Position().X+o.Size().Width)
				}
			}
			bottom := float32(-1)
			for i, v := range values {
				x, right := v.Position().X, v.Position().X+v.Size().Width
				if i > 0 && (x != values[0].Position().X || right != values[0].Position().X+values[0].Size().Width) {
					t.Fatalf("row %d: value at %v..%v, row 0 at %v..%v", i, x, right,
						values[0].Position().X, values[0].Position().X+values[0].Size().Width)
				}
				if tc.lang == translations.AR && right > width-labelEdge || tc.lang != translations.AR && x < labelEdge {
					t.Fatalf("row %d: value %v..%v overlaps the labels (edge %v of %v)", i, x, right, labelEdge, width)
				}
				if v.Position().Y < bottom {
					t.Fatalf("row %d starts at %v, above the previous row's end %v", i, v.Position().Y, bottom)
				}
				bottom = v.Position().Y + v.Size().Height
			}
			if got := form.MinSize().Height; got != bottom {
				t.Fatalf("MinSize height %v, rows end at %v", got, bottom)
			}
		})
	}
}

// TestFormStacksOnPhones: at a phone's width, each label is above its
// value, on the reading side, and the value takes the whole width.
func TestFormStacksOnPhones(t *testing.T) {
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		t.Run(string(lang), func(t *testing.T) {
			tr := newTestUI(t, lang)
			a, b := widget.NewEntry(), widget.NewEntry()
			form := Form(tr, Field{"Matricule (N° PPR) ou e-mail", a}, Field{"Mot de passe", b})
			w := test.NewWindow(form)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(360, 300))
			t.Cleanup(w.Close)
			width := form.Size().Width
			for i, v := range []*widget.Entry{a, b} {
				label := form.Objects[2*i]
				if v.Position().X != 0 || v.Size().Width != width {
					t.Fatalf("value %d at x=%v, %v wide; want the form's whole width %v", i, v.Position().X, v.Size().Width, width)
				}
				if label.Position().Y+label.Size().Height > v.Position().Y {
					t.Fatalf("label %d ends at y=%v, below its value's top %v", i, label.Position().Y+label.Size().Height, v.Position().Y)
				}
			}
			if b.Position().Y < a.Position().Y+a.Size().Height {
				t.Fatal("the second field overlaps the first")
			}
			if got, want := form.MinSize().Height, b.Position().Y+b.Size().Height; got != want {
				t.Fatalf("MinSize height %v, fields end at %v", got, want)
			}
		})
	}
}
