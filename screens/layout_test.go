package screens

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/uikit"
)

// TestPhoneLayout checks every screen, in French and Arabic, at both phone
// sizes: nothing lies outside its container or beyond the screen's width,
// no two siblings overlap, no button covers text, nothing is smaller than
// its minimum size (clipped), and whatever a member taps is at least 48 dp
// high.
func TestPhoneLayout(t *testing.T) {
	eachScreen(t, func(t *testing.T, _ string, h *harness, s Screen) {
		c := h.win.Canvas()
		roots := []fyne.CanvasObject{c.Content()}
		if top := c.Overlays().Top(); top != nil {
			roots = append(roots, top)
		}
		for _, root := range roots {
			for _, p := range layoutProblems(root, c.Size()) {
				t.Error(p)
			}
		}
	})
}

// TestLayoutCheckerFinds makes sure the checker fails on what it must
// find: a button moved over a text, a child outside its container, and a
// clipped text.
func TestLayoutCheckerFinds(t *testing.T) {
	h := newHarness(t, "fr")
	label := text(h.env, "Déposez vos originaux avant le 15 décembre")
	button := widget.NewButton("Fermer", nil)
	box := container.NewVBox(label, button)
	h.win.SetContent(box)
	if p := layoutProblems(box, h.win.Canvas().Size()); len(p) > 0 {
		t.Fatalf("a plain column has problems: %v", p)
	}
	button.Move(label.Position())
	if p := layoutProblems(box, h.win.Canvas().Size()); len(p) == 0 {
		t.Fatal("a button over a text went unnoticed")
	}
	box.Refresh()
	button.Move(fyne.NewPos(0, box.Size().Height+10))
	if p := layoutProblems(box, h.win.Canvas().Size()); len(p) == 0 {
		t.Fatal("a button outside its container went unnoticed")
	}
	box.Refresh()
	label.Resize(fyne.NewSize(label.Size().Width, 5))
	if p := layoutProblems(box, h.win.Canvas().Size()); len(p) == 0 {
		t.Fatal("a clipped text went unnoticed")
	}
}

// rect is an object's place on the canvas.
type rect struct{ x, y, w, h float32 }

func (r rect) overlaps(o rect) bool {
	const eps = 0.5
	return r.x+eps < o.x+o.w && o.x+eps < r.x+r.w && r.y+eps < o.y+o.h && o.y+eps < r.y+r.h
}

// placed is a visible object with its place, and the Stack containers
// above it, nearest last (objects meant to lie on top of each other, such
// as a text over a text-less button, are in one).
type placed struct {
	obj    fyne.CanvasObject
	at     rect
	stacks []*fyne.Container
}

// stackedWith reports whether b, a button, and x lie in one Stack: b's
// nearest Stack holds x too.
func (b placed) stackedWith(x placed) bool {
	return len(b.stacks) > 0 && slices.Contains(x.stacks, b.stacks[len(b.stacks)-1])
}

// layoutProblems walks root and lists what is wrong with its layout.
func layoutProblems(root fyne.CanvasObject, screen fyne.Size) []string {
	var problems []string
	var buttons, texts []placed
	var walk func(o fyne.CanvasObject, pos fyne.Position, stacks []*fyne.Container, path string)
	walk = func(o fyne.CanvasObject, pos fyne.Position, stacks []*fyne.Container, path string) {
		if !o.Visible() {
			return
		}
		at := rect{pos.X, pos.Y, o.Size().Width, o.Size().Height}
		name := path + "/" + typeName(o)
		if at.x+at.w > screen.Width+0.5 || at.x < -0.5 {
			problems = append(problems, fmt.Sprintf("%s lies beyond the screen's width: x %v..%v of %v", name, at.x, at.x+at.w, screen.Width))
		}
		switch w := o.(type) {
		case *widget.Button, *widget.Select, *uikit.Entry, *widget.Entry, *widget.Check:
			if at.h+0.5 < uikit.TouchTarget {
				problems = append(problems, fmt.Sprintf("%s is %v high, under a %v dp touch target", name, at.h, uikit.TouchTarget))
			}
			if _, ok := o.(*widget.Button); ok {
				buttons = append(buttons, placed{o, at, stacks})
			}
			return // fyne's own widgets lay their insides out
		case *uikit.Text, *canvas.Text, *widget.Label, *widget.RichText:
			texts = append(texts, placed{o, at, stacks})
			return
		case *container.Scroll:
			walk(w.Content, pos.Add(w.Content.Position()), stacks, name)
			return
		case *fyne.Container:
			if reflect.TypeOf(w.Layout) == reflect.TypeOf(container.NewStack().Layout) {
				stacks = append(slices.Clip(stacks), w)
			}
			problems = append(problems, containerProblems(w, name)...)
			for i, c := range w.Objects {
				walk(c, pos.Add(c.Position()), stacks, fmt.Sprintf("%s[%d]", name, i))
			}
			return
		case fyne.Widget:
			for i, c := range test.WidgetRenderer(w).Objects() {
				walk(c, pos.Add(c.Position()), stacks, fmt.Sprintf("%s[%d]", name, i))
			}
		}
	}
	walk(root, root.Position(), nil, "")
	for _, b := range buttons {
		for _, x := range texts {
			if b.at.overlaps(x.at) && !b.stackedWith(x) {
				problems = append(problems, fmt.Sprintf("a button (%v) lies over the text %q (%v)", b.at, textOf(x.obj), x.at))
			}
		}
	}
	return problems
}

// containerProblems checks c's visible children against c and each other.
// Only stacks (and padded or manual layouts of one child) may overlap.
func containerProblems(c *fyne.Container, name string) []string {
	var problems []string
	stacked := c.Layout == nil || reflect.TypeOf(c.Layout) == reflect.TypeOf(container.NewStack().Layout)
	var kids []fyne.CanvasObject
	for _, o := range c.Objects {
		if o.Visible() && o.Size().Width > 0 && o.Size().Height > 0 {
			kids = append(kids, o)
		}
	}
	for i, o := range kids {
		p, s, m := o.Position(), o.Size(), o.MinSize()
		if p.X < -0.5 || p.Y < -0.5 || p.X+s.Width > c.Size().Width+0.5 || p.Y+s.Height > c.Size().Height+0.5 {
			problems = append(problems, fmt.Sprintf("%s: child %d (%s) at %v size %v lies outside its container's %v", name, i, typeName(o), p, s, c.Size()))
		}
		if s.Width+0.5 < m.Width || s.Height+0.5 < m.Height {
			problems = append(problems, fmt.Sprintf("%s: child %d (%s %q) is %v, under its minimum %v: clipped", name, i, typeName(o), textOf(o), s, m))
		}
		if stacked {
			continue
		}
		for j := i + 1; j < len(kids); j++ {
			a := rect{p.X, p.Y, s.Width, s.Height}
			q := kids[j]
			b := rect{q.Position().X, q.Position().Y, q.Size().Width, q.Size().Height}
			if a.overlaps(b) {
				problems = append(problems, fmt.Sprintf("%s: children %d (%s %q) and %d (%s %q) overlap", name, i, typeName(o), textOf(o), j, typeName(q), textOf(q)))
			}
		}
	}
	return problems
}

func typeName(o fyne.CanvasObject) string { return reflect.TypeOf(o).String() }

func textOf(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *uikit.Text:
		return x.Text()
	case *canvas.Text:
		return x.Text
	case *widget.Label:
		return x.Text
	case *widget.Button:
		return x.Text
	}
	return ""
}
