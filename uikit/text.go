package uikit

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/translations"
)

// Text is read-only text that may mix Arabic with Latin letters and digits
// (references, dates, amounts, names). It shows it in the visual order of
// the Unicode Bidirectional Algorithm, aligned to the reading side, and
// wraps at word boundaries when narrow.
type Text struct {
	widget.BaseWidget

	tr    *translations.Translator
	style fyne.TextStyle
	size  fyne.ThemeSizeName

	mu   sync.RWMutex
	text string
}

// NewText returns a Text in the regular style and body size.
func NewText(tr *translations.Translator, s string) *Text {
	return NewTextStyle(tr, s, fyne.TextStyle{}, theme.SizeNameText)
}

// NewTextStyle returns a Text with a style (bold for headings) and a theme
// size name such as theme.SizeNameHeadingText.
func NewTextStyle(tr *translations.Translator, s string, style fyne.TextStyle, size fyne.ThemeSizeName) *Text {
	x := &Text{tr: tr, style: style, size: size, text: s}
	x.ExtendBaseWidget(x)
	return x
}

// SetText replaces the logical text and redraws.
func (x *Text) SetText(s string) {
	x.mu.Lock()
	x.text = s
	x.mu.Unlock()
	x.Refresh()
}

// Text returns the logical text (in reading order, as given).
func (x *Text) Text() string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.text
}

// CreateRenderer implements fyne.Widget.
func (x *Text) CreateRenderer() fyne.WidgetRenderer {
	t := canvas.NewText(x.Text(), theme.Color(theme.ColorNameForeground))
	t.TextStyle = x.style
	t.TextSize = theme.Size(x.size)
	if x.tr.RTL() {
		t.Alignment = fyne.TextAlignTrailing
	}
	return &simpleRenderer{x: x, t: t}
}

type simpleRenderer struct {
	x *Text
	t *canvas.Text
}

func (r *simpleRenderer) Layout(s fyne.Size) {
	r.t.Resize(fyne.NewSize(s.Width, r.t.MinSize().Height))
	r.t.Move(fyne.NewPos(0, 0))
}
func (r *simpleRenderer) MinSize() fyne.Size { return r.t.MinSize() }
func (r *simpleRenderer) Refresh() {
	r.t.Text = r.x.Text()
	r.t.Refresh()
}
func (r *simpleRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t} }
func (r *simpleRenderer) Destroy()                     {}
