package screens

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// TestScreenshots renders the Estivage menu in French and Arabic with the
// bundled fonts and checks the images are not blank. scripts/screenshot.sh
// sets FOS_SCREENSHOT_DIR=docs to keep them for the README.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("FOS_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, lang := range []translations.Lang{translations.FR, translations.AR} {
		h := newHarness(t, lang)
		s := NewEstivage(h.env, &fake{estivage: func() (api.Estivage, error) {
			w := demoWindow(api.KindSummer)
			r := demoRequest(api.StatusAwaitingDocuments)
			w.MyRequest = &r
			return api.Estivage{Season: 2026, Windows: []api.Window{w, demoWindow(api.KindOffSeason)}}, nil
		}})
		h.show(t, s)
		img := h.win.Canvas().Capture()
		if distinctColours(img) < 8 {
			t.Fatalf("%s: the screenshot is blank", lang)
		}
		f, err := os.Create(filepath.Join(dir, "screenshot-"+string(lang)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func distinctColours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}
