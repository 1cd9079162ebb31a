package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// Keyboard is the phone keyboard an entry asks for.
type Keyboard int

// The keyboards of the app's fields. fyne (v2.7) has no e-mail keyboard:
// KeyboardText is the single-line keyboard, whose "Done" key submits.
const (
	KeyboardText Keyboard = iota
	KeyboardDigits
	KeyboardPassword
)

// Entry is fyne's entry with the phone keyboard it declares
// (mobile.Keyboardable): digits for codes and matricules, text elsewhere.
// It stays left to right: the app's fields (identifier, matricule, CIN,
// codes, passwords) are Latin by nature, and fyne's entry and its caret only
// handle left-to-right text.
//
// Its hint (SetHint) is fyne's placeholder in French; in Arabic it is a
// Text aligned to the right, since fyne's placeholder is always on the
// left.
type Entry struct {
	widget.Entry
	keyboard mobile.KeyboardType
	hint     *Text
}

// NewEntry returns an entry with keyboard k; KeyboardPassword hides what is typed
// and has fyne's show/hide action.
func NewEntry(k Keyboard) *Entry {
	e := &Entry{keyboard: mobile.SingleLineKeyboard}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	switch k {
	case KeyboardDigits:
		e.keyboard = mobile.NumberKeyboard
	case KeyboardPassword:
		e.keyboard = mobile.PasswordKeyboard
		e.Password = true
	}
	e.ExtendBaseWidget(e)
	return e
}

// Keyboard implements mobile.Keyboardable.
func (e *Entry) Keyboard() mobile.KeyboardType { return e.keyboard }

// SetHint shows s in the empty entry, on the reading side.
func (e *Entry) SetHint(tr *translations.Translator, s string) {
	if !tr.RTL() {
		e.SetPlaceHolder(s)
		return
	}
	e.hint = NewText(tr, s)
	e.hint.noWrap = true
	e.hint.color = theme.ColorNamePlaceHolder
	e.Refresh()
}

// CreateRenderer implements fyne.Widget: fyne's entry, with the Arabic hint
// drawn over it while the entry is empty.
func (e *Entry) CreateRenderer() fyne.WidgetRenderer {
	r := e.Entry.CreateRenderer()
	if e.hint == nil {
		return r
	}
	return &hintRenderer{WidgetRenderer: r, e: e}
}

type hintRenderer struct {
	fyne.WidgetRenderer
	e *Entry
}

func (r *hintRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.e.hint)
}

// Layout puts the hint inside the entry's padding, clear of the password's
// show/hide action on the right.
func (r *hintRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	pad := r.e.Theme().Size(theme.SizeNameInnerPadding)
	right := pad
	if r.e.ActionItem != nil {
		right += r.e.ActionItem.MinSize().Width
	}
	h := r.e.hint.MinSize().Height
	r.e.hint.Move(fyne.NewPos(pad, (size.Height-h)/2))
	r.e.hint.Resize(fyne.NewSize(max(size.Width-pad-right, 0), h))
}

func (r *hintRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	if r.e.Text == "" {
		r.e.hint.Show()
	} else {
		r.e.hint.Hide()
	}
	r.Layout(r.e.Size())
}
