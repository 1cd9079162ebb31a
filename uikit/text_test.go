package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/translations"
)

func TestTextWrapsAndAligns(t *testing.T) {
	for _, tc := range []struct {
		lang translations.Lang
		text string
		rtl  bool
	}{
		{translations.AR, "يجب إيداع الوثائق الأصلية بمقر المؤسسة قبل 15 شتنبر 2026 مع ذكر المرجع EST-2026-000123", true},
		{translations.FR, "Déposez les pièces originales au siège de la Fondation avant le 15 septembre 2026 avec la référence EST-2026-000123", false},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			tr := newTestUI(t, tc.lang)
			x := NewText(tr, tc.text)
			if x.Text() != tc.text {
				t.Fatal("Text() must return the logical text")
			}
			const width = 220
			x.Resize(fyne.NewSize(width, x.MinSize().Height))
			r := test.WidgetRenderer(x).(*textRenderer)
			_, pad := x.metrics()
			lines := map[int][2]float32{} // line -> min x, max x
			for _, p := range r.runs {
				a, b := p.obj.Position().X, p.obj.Position().X+p.obj.Size().Width
				e, ok := lines[p.line]
				if !ok {
					e = [2]float32{a, b}
				}
				lines[p.line] = [2]float32{min(e[0], a), max(e[1], b)}
			}
			if len(lines) < 3 {
				t.Fatalf("%d lines at width %d, want the text wrapped", len(lines), width)
			}
			for l, e := range lines {
				if e[0] < pad-0.5 || e[1] > width-pad+0.5 {
					t.Errorf("line %d spans %v..%v, outside %v..%v", l, e[0], e[1], pad, width-pad)
				}
				edge := e[0] - pad // left aligned in LTR
				if tc.rtl {
					edge = width - pad - e[1]
				}
				if edge < -0.5 || edge > 0.5 {
					t.Errorf("line %d spans %v..%v: not aligned to the reading side", l, e[0], e[1])
				}
			}
			// Lines break between words only.
			runes := []rune(tc.text)
			span := map[int][2]int{}
			for _, p := range r.runs {
				e, ok := span[p.line]
				if !ok {
					e = [2]int{p.start, p.end}
				}
				span[p.line] = [2]int{min(e[0], p.start), max(e[1], p.end)}
			}
			for l, e := range span {
				if (e[0] > 0 && runes[e[0]-1] != ' ') || (e[1] < len(runes) && runes[e[1]] != ' ') {
					t.Errorf("line %d is %q: not cut at spaces", l, string(runes[e[0]:e[1]]))
				}
			}
			if h := x.MinSize().Height; h < float32(len(lines))*fyne.MeasureText("", theme.TextSize(), fyne.TextStyle{}).Height {
				t.Errorf("MinSize height %v too small for %d lines", h, len(lines))
			}
		})
	}
}

func TestTextMinSize(t *testing.T) {
	tr := newTestUI(t, translations.FR)
	size, pad := NewText(tr, "").metrics()
	short := NewText(tr, "Retour")
	if w := short.MinSize().Width; w != fyne.MeasureText("Retour", size, fyne.TextStyle{}).Width+2*pad {
		t.Errorf("short text min width %v, want its natural width", w)
	}
	long := NewText(tr, "Remboursement factures été — Date facture : du 01 juillet au 15 septembre 2026")
	if w := long.MinSize().Width; w > wrapEms*size+2*pad+0.5 {
		t.Errorf("long text min width %v, want at most %v", w, wrapEms*size+2*pad)
	}
	word := NewText(tr, "Anticonstitutionnellementanticonstitutionnellement x")
	ww := fyne.MeasureText("Anticonstitutionnellementanticonstitutionnellement", size, fyne.TextStyle{}).Width
	if w := word.MinSize().Width; w < ww {
		t.Errorf("min width %v is less than the widest word %v", w, ww)
	}
	oneLine := short.MinSize().Height
	if h := long.MinSize().Height; h < 2*oneLine-2*pad {
		t.Errorf("long text min height %v, want at least two lines (one line is %v)", h, oneLine)
	}
}

func TestTextSetTextAndParagraphs(t *testing.T) {
	tr := newTestUI(t, translations.AR)
	x := NewText(tr, "سطر")
	w := test.NewWindow(x)
	defer w.Close()
	w.Resize(fyne.NewSize(300, 200))
	x.SetText("السطر الأول\nEST-2026-000123")
	if x.Text() != "السطر الأول\nEST-2026-000123" {
		t.Fatal("SetText lost the text")
	}
	r := test.WidgetRenderer(x).(*textRenderer)
	last := r.runs[len(r.runs)-1]
	if last.line != 1 || last.obj.Text != "EST-2026-000123" {
		t.Fatalf("second paragraph: line %d text %q", last.line, last.obj.Text)
	}
}
