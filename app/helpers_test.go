package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit"
)

// texted is uikit.Text, seen through the method the tests need.
type texted interface{ Text() string }

// visible lists the texts a member sees in w: labels, buttons, entries'
// placeholders, selects, uikit.Text, in the content and the top overlay.
func visible(w fyne.Window) []string {
	roots := []fyne.CanvasObject{w.Content()}
	if top := w.Canvas().Overlays().Top(); top != nil {
		roots = append(roots, top)
	}
	var out []string
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			if !o.Visible() {
				continue
			}
			switch x := o.(type) {
			case *widget.Label:
				out = append(out, x.Text)
			case *widget.Button:
				out = append(out, x.Text)
			case *widget.Check:
				out = append(out, x.Text)
			case *widget.Select:
				out = append(out, x.Selected)
			case *widget.Entry:
				out = append(out, x.PlaceHolder)
			case *uikit.Entry:
				out = append(out, x.PlaceHolder)
			case texted:
				out = append(out, x.Text())
			}
		}
	}
	return out
}

// button finds the visible, enabled button labelled text in w.
func button(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	roots := []fyne.CanvasObject{w.Content()}
	if top := w.Canvas().Overlays().Top(); top != nil {
		roots = []fyne.CanvasObject{top} // a dialog covers the screen
	}
	for _, r := range roots {
		for _, o := range test.LaidOutObjects(r) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() && !b.Disabled() {
				return b
			}
		}
	}
	t.Fatalf("no enabled button %q; the screen shows %q", text, visible(w))
	return nil
}

// entries returns w's entries in layout order.
func entries(w fyne.Window) []*widget.Entry {
	var out []*widget.Entry
	for _, o := range test.LaidOutObjects(w.Content()) {
		switch e := o.(type) {
		case *widget.Entry:
			out = append(out, e)
		case *uikit.Entry:
			out = append(out, &e.Entry)
		}
	}
	return out
}

// langSelect finds the language switch.
func langSelect(t *testing.T, w fyne.Window) *widget.Select {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Content()) {
		if s, ok := o.(*widget.Select); ok {
			return s
		}
	}
	t.Fatal("no language switch on this screen")
	return nil
}

// shows reports whether one of w's visible texts contains s.
func shows(w fyne.Window, s string) bool {
	for _, v := range visible(w) {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}

// assertAllArabic fails when a text on screen is a translation key, or the
// French text of a key whose Arabic text differs: a string left
// untranslated.
func assertAllArabic(t *testing.T, w fyne.Window) {
	t.Helper()
	for _, p := range untranslated(w) {
		t.Error(p)
	}
}

func untranslated(w fyne.Window) []string {
	var problems []string
	fr, ar := translations.New(translations.FR), translations.New(translations.AR)
	french := map[string]string{}
	for _, k := range translations.Keys(translations.FR) {
		if f, a := fr.T(k), ar.T(k); f != a && !strings.Contains(f, "%") {
			french[f] = k
		}
	}
	for _, v := range visible(w) {
		if v == "" {
			continue
		}
		if k, ok := french[v]; ok {
			problems = append(problems, fmt.Sprintf("shown in French on an Arabic screen: %q (key %s)", v, k))
		}
		if fr.T(v) != v {
			problems = append(problems, fmt.Sprintf("a raw translation key is shown: %q", v))
		}
	}
	return problems
}

// disabledButtons lists the texts of w's visible, disabled buttons: dead
// ends, unless the screen is busy.
func disabledButtons(w fyne.Window) []string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Disabled() {
			out = append(out, b.Text)
		}
	}
	return out
}

// back presses Android's back key through the window's key events.
func back(f *flow) {
	f.app.Window().Canvas().OnTypedKey()(&fyne.KeyEvent{Name: mobile.KeyBack})
	f.settle()
}
