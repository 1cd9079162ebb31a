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

// formLayout lays objects out as label, value pairs: side by side, one
// pair a row, where there is room; on a phone's narrow width (the labels'
// column would take more than labelShare of it) each label goes above its
// value, which then has the whole width for what is typed and its hint.
type formLayout struct {
	rtl bool
	// width is the width of the last layout, which decides the shape the
	// minimum size describes (0 before the first: stacked, the narrowest).
	width float32
}

// The largest part of the width the labels' column may take beside the
// values: a third beside fields to type in, which need the width for what
// is typed and the hint, and half beside read-only data, which are short.
const (
	labelShareInput = 0.3
	labelShareData  = 0.5
)

// stacked reports whether labels go above values at width w.
func (f *formLayout) stacked(objs []fyne.CanvasObject, w float32) bool {
	lw, vw, gap := f.columns(objs)
	share := float32(labelShareData)
	for i := 1; i < len(objs); i += 2 {
		if _, input := objs[i].(fyne.Focusable); input {
			share = labelShareInput
		}
	}
	return w <= 0 || lw > w*share || lw+gap+vw > w
}

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

func (f *formLayout) rowHeight(objs []fyne.CanvasObject, i int, stacked bool) float32 {
	if stacked {
		return objs[i].MinSize().Height + objs[i+1].MinSize().Height
	}
	return max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
}

// Layout implements fyne.Layout.
func (f *formLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	stacked := f.stacked(objs, size.Width)
	lw, _, gap := f.columns(objs)
	vw := max(size.Width-lw-gap, 0)
	lx, vx := float32(0), lw+gap
	if f.rtl {
		lx, vx = size.Width-lw, 0
	}
	if stacked {
		lw, vw, lx, vx = size.Width, size.Width, 0, 0
	}
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		if !objs[i].Visible() && !objs[i+1].Visible() {
			continue
		}
		if y > 0 {
			y += f.rowGap(stacked)
		}
		if stacked {
			lh := objs[i].MinSize().Height
			objs[i].Move(fyne.NewPos(lx, y))
			objs[i].Resize(fyne.NewSize(lw, lh))
			objs[i+1].Move(fyne.NewPos(vx, y+lh))
			objs[i+1].Resize(fyne.NewSize(vw, objs[i+1].MinSize().Height))
			y += lh + objs[i+1].MinSize().Height
			continue
		}
		objs[i].Move(fyne.NewPos(lx, y))
		objs[i+1].Move(fyne.NewPos(vx, y))
		objs[i+1].Resize(fyne.NewSize(vw, objs[i+1].MinSize().Height))
		h := f.rowHeight(objs, i, false) // the value's height may follow its width
		objs[i].Resize(fyne.NewSize(lw, h))
		objs[i+1].Resize(fyne.NewSize(vw, h))
		y += h
	}
}

// rowGap is the space between two fields: more when stacked, so that each
// label reads with its own value.
func (f *formLayout) rowGap(stacked bool) float32 {
	if stacked {
		return 2 * theme.Padding()
	}
	return theme.Padding()
}

// MinSize implements fyne.Layout.
func (f *formLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, vw, gap := f.columns(objs)
	stacked := f.stacked(objs, f.width)
	h, rows := float32(0), 0
	for i := 0; i+1 < len(objs); i += 2 {
		if !objs[i].Visible() && !objs[i+1].Visible() {
			continue
		}
		h += f.rowHeight(objs, i, stacked)
		rows++
	}
	if rows > 1 {
		h += float32(rows-1) * f.rowGap(stacked)
	}
	if stacked {
		return fyne.NewSize(max(lw, vw), h)
	}
	return fyne.NewSize(lw+gap+vw, h)
}
