package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/translations"
)

// Field is one row of a Form: a label and the value beside it.
type Field struct {
	Label string
	Value fyne.CanvasObject
}

// Form stacks fields, each label on the reading side (left in French,
// right in Arabic) and its value taking the rest of the width. The labels
// make one column as wide as the widest, so the values start at the same
// place on every row, as in fyne's form, which is only left to right.
func Form(tr *translations.Translator, fields ...Field) *fyne.Container {
	objs := make([]fyne.CanvasObject, 0, 2*len(fields))
	for _, f := range fields {
		l := NewTextStyle(tr, f.Label, fyne.TextStyle{Bold: true}, theme.SizeNameText)
		l.noWrap = true
		objs = append(objs, l, f.Value)
	}
	return container.New(&formLayout{rtl: tr.RTL()}, objs...)
}

// FormRow is a Form of one field.
func FormRow(tr *translations.Translator, label string, value fyne.CanvasObject) fyne.CanvasObject {
	return Form(tr, Field{label, value})
}

// formLayout lays objects out as label, value pairs, one pair a row.
type formLayout struct{ rtl bool }

// columns returns the labels' column width, the values' widest minimum
// and the space between the columns.
func (f *formLayout) columns(objs []fyne.CanvasObject) (label, value, gap float32) {
	for i := 0; i+1 < len(objs); i += 2 {
		if !objs[i].Visible() && !objs[i+1].Visible() {
			continue
		}
		label = max(label, objs[i].MinSize().Width)
		value = max(value, objs[i+1].MinSize().Width)
	}
	return label, value, theme.Padding()
}

func (f *formLayout) rowHeight(objs []fyne.CanvasObject, i int) float32 {
	return max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
}

// Layout implements fyne.Layout.
func (f *formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw, _, gap := f.columns(objs)
	vw := max(size.Width-lw-gap, 0)
	lx, vx := float32(0), lw+gap
	if f.rtl {
		lx, vx = size.Width-lw, 0
	}
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		if !objs[i].Visible() && !objs[i+1].Visible() {
			continue
		}
		if y > 0 {
			y += theme.Padding()
		}
		objs[i].Move(fyne.NewPos(lx, y))
		objs[i+1].Move(fyne.NewPos(vx, y))
		objs[i+1].Resize(fyne.NewSize(vw, objs[i+1].MinSize().Height))
		h := f.rowHeight(objs, i) // the value's height may follow its width
		objs[i].Resize(fyne.NewSize(lw, h))
		objs[i+1].Resize(fyne.NewSize(vw, h))
		y += h
	}
}

// MinSize implements fyne.Layout.
func (f *formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, vw, gap := f.columns(objs)
	h, rows := float32(0), 0
	for i := 0; i+1 < len(objs); i += 2 {
		if !objs[i].Visible() && !objs[i+1].Visible() {
			continue
		}
		h += f.rowHeight(objs, i)
		rows++
	}
	if rows > 1 {
		h += float32(rows-1) * theme.Padding()
	}
	return fyne.NewSize(lw+gap+vw, h)
}
