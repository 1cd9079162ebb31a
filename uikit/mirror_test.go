package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// box is a fixed-size object whose position tells where a layout put it.
func box() *canvas.Rectangle {
	r := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	r.SetMinSize(fyne.NewSize(30, 20))
	return r
}

// laidOut places obj in a 400×200 window.
func laidOut(t *testing.T, obj fyne.CanvasObject) {
	t.Helper()
	w := test.NewWindow(obj)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 200))
	t.Cleanup(w.Close)
}

func TestRowMirrors(t *testing.T) {
	for _, tc := range []struct {
		lang    translations.Lang
		firstOn string
	}{{translations.FR, "left"}, {translations.EN, "left"}, {translations.AR, "right"}} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			a, b, c := box(), box(), box()
			laidOut(t, Row(tr, a, b, c))
			ltr := a.Position().X < b.Position().X && b.Position().X < c.Position().X
			rtl := a.Position().X > b.Position().X && b.Position().X > c.Position().X
			if (tc.firstOn == "left" && !ltr) || (tc.firstOn == "right" && !rtl) {
				t.Fatalf("x of a, b, c = %v, %v, %v; want the first on the %s",
					a.Position().X, b.Position().X, c.Position().X, tc.firstOn)
			}
			// Packed against the reading side.
			if tc.firstOn == "left" && a.Position().X != 0 {
				t.Fatalf("LTR row starts at x %v", a.Position().X)
			}
			if tc.firstOn == "right" && a.Position().X+a.Size().Width != 400 {
				t.Fatalf("RTL row ends at x %v, want 400", a.Position().X+a.Size().Width)
			}
			// A spacer given by the caller keeps its meaning: a and c on the edges.
			a2, c2 := box(), box()
			laidOut(t, Row(tr, a2, layout.NewSpacer(), c2))
			edges := []float32{a2.Position().X, c2.Position().X}
			if tc.firstOn == "right" {
				edges[0], edges[1] = edges[1], edges[0]
			}
			if edges[0] != 0 || edges[1] != 370 {
				t.Fatalf("with a spacer: x %v, want 0 and 370", edges)
			}
		})
	}
}

func TestBorderMirrors(t *testing.T) {
	for _, tc := range []struct {
		lang translations.Lang
		rtl  bool
	}{{translations.FR, false}, {translations.AR, true}} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			top, lead, trail, mid := box(), box(), box(), box()
			laidOut(t, Border(tr, top, nil, lead, trail, mid))
			if got := lead.Position().X > mid.Position().X && mid.Position().X > trail.Position().X; got != tc.rtl {
				t.Fatalf("x of leading, center, trailing = %v, %v, %v (rtl=%v)",
					lead.Position().X, mid.Position().X, trail.Position().X, tc.rtl)
			}
			if !tc.rtl && !(lead.Position().X < mid.Position().X && mid.Position().X < trail.Position().X) {
				t.Fatalf("LTR border not left to right: %v, %v, %v", lead.Position().X, mid.Position().X, trail.Position().X)
			}
			if lead.Position().Y <= top.Position().Y {
				t.Fatal("top must stay on top")
			}
		})
	}
}

func TestFormRowLabelOnReadingSide(t *testing.T) {
	for _, tc := range []struct {
		lang  translations.Lang
		label string
		rtl   bool
	}{{translations.FR, "Date naissance", false}, {translations.AR, "تاريخ الازدياد", true}} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			value := widget.NewLabel("1980-01-02")
			row := FormRow(tr, tc.label, value)
			laidOut(t, row)
			var lx float32 = -1
			for _, o := range row.(*fyne.Container).Objects {
				if txt, ok := o.(*Text); ok {
					lx = txt.Position().X
					if txt.Text() != tc.label {
						t.Fatalf("label text %q", txt.Text())
					}
					for _, r := range test.WidgetRenderer(txt).(*textRenderer).runs {
						if r.line != 0 {
							t.Fatalf("form label wrapped onto line %d", r.line)
						}
					}
				}
			}
			if lx < 0 {
				t.Fatal("no Text label in the row")
			}
			if got := lx > value.Position().X; got != tc.rtl {
				t.Fatalf("label x %v, value x %v, rtl %v", lx, value.Position().X, tc.rtl)
			}
		})
	}
}

func TestBackButtonArrow(t *testing.T) {
	for _, tc := range []struct {
		lang translations.Lang
		want fyne.Resource
	}{{translations.FR, theme.NavigateBackIcon()}, {translations.AR, theme.NavigateNextIcon()}} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			tapped := false
			b := BackButton(tr, "Retour", func() { tapped = true })
			if b.Icon.Name() != tc.want.Name() {
				t.Fatalf("icon %s, want %s", b.Icon.Name(), tc.want.Name())
			}
			test.Tap(b)
			if !tapped {
				t.Fatal("tap not delivered")
			}
		})
	}
}

func TestAlign(t *testing.T) {
	if got := Align(translations.New(translations.AR)); got != fyne.TextAlignTrailing {
		t.Fatalf("ar: %v", got)
	}
	if got := Align(translations.New(translations.FR)); got != fyne.TextAlignLeading {
		t.Fatalf("fr: %v", got)
	}
}
