package uikit

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/translations"
)

// newTestUI starts a headless test app with the app's theme in language l.
func newTestUI(t *testing.T, l translations.Lang) *translations.Translator {
	t.Helper()
	a := test.NewTempApp(t)
	tr := translations.New(l)
	a.Settings().SetTheme(NewTheme(tr))
	return tr
}

// render lays obj out alone on a white window of the given size and
// returns the software renderer's image.
func render(t *testing.T, obj fyne.CanvasObject, size fyne.Size) image.Image {
	t.Helper()
	return renderOn(t, color.White, obj, size)
}

// renderOn is render on a background colour.
func renderOn(t *testing.T, bg color.Color, obj fyne.CanvasObject, size fyne.Size) image.Image {
	t.Helper()
	w := test.NewWindow(container.NewStack(canvas.NewRectangle(bg), container.NewVBox(obj)))
	w.SetPadded(false)
	w.Resize(size)
	// A real driver re-lays a container out when a wrapped Text's height
	// changes with its width (Canvas.EnsureMinSize); the test canvas does not.
	w.Content().Refresh()
	t.Cleanup(w.Close)
	return w.Canvas().Capture()
}

// palette holds colours whose "ink" (255 minus each channel, on white)
// lights a distinct set of channels, so that even anti-aliased pixels can
// be told apart.
var palette = []color.NRGBA{
	{255, 0, 0, 255}, {0, 0, 255, 255}, {0, 255, 0, 255},
	{255, 0, 255, 255}, {0, 255, 255, 255}, {255, 255, 0, 255},
}

// inkPattern returns which channels carry ink in c on a white background,
// as a 3-bit mask, or -1 when the pixel is too faint or ambiguous.
func inkPattern(c color.Color) int {
	r, g, b, _ := c.RGBA()
	ink := [3]int{255 - int(r>>8), 255 - int(g>>8), 255 - int(b>>8)}
	top := max(ink[0], ink[1], ink[2])
	if top < 90 {
		return -1
	}
	mask := 0
	for i, v := range ink {
		switch {
		case v*10 >= top*7:
			mask |= 1 << i
		case v*10 > top*3:
			return -1
		}
	}
	return mask
}

// extents returns, for each palette colour, the leftmost and rightmost
// column holding its ink (-1, -1 when there is none).
func extents(img image.Image) [][2]int {
	want := map[int]int{}
	for i, c := range palette {
		want[inkPattern(c)] = i
	}
	out := make([][2]int, len(palette))
	for i := range out {
		out[i] = [2]int{-1, -1}
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			i, ok := want[inkPattern(img.At(x, y))]
			if !ok {
				continue
			}
			if out[i][0] < 0 || x < out[i][0] {
				out[i][0] = x
			}
			out[i][1] = max(out[i][1], x)
		}
	}
	return out
}
