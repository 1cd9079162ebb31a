package uikit

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/fos-mobile/fos/resources/fonts"
	"github.com/fos-mobile/fos/translations"
)

// TestLineMetricsMatchLatin checks what fyne will see: the theme's Arabic
// fonts have Noto Sans's baseline (so a Latin label is centred in its box
// like an Arabic one) and a line far shorter than Noto Sans Arabic's own.
func TestLineMetricsMatchLatin(t *testing.T) {
	test.NewTempApp(t)
	drv := fyne.CurrentApp().Driver()
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		ar, arBase := drv.RenderedTextSize(" ", 14, style, arabicFont(style))
		lat, latBase := drv.RenderedTextSize(" ", 14, style, latinFont(style))
		if arBase != latBase {
			t.Errorf("bold=%v: Arabic baseline %v, Latin %v", style.Bold, arBase, latBase)
		}
		if ar.Height < lat.Height || ar.Height > 1.2*lat.Height {
			t.Errorf("bold=%v: Arabic line %v px, Latin %v px", style.Bold, ar.Height, lat.Height)
		}
		if got := baselineShift(NewTheme(translations.New(translations.FR)), "Retour", style, 14); got != 0 {
			t.Errorf("bold=%v: a Latin run is moved %v px down", style.Bold, got)
		}
	}
}

// TestArabicTranslationsFitTheLine shapes every Arabic translation with the
// rewritten fonts and checks that no glyph reaches outside the line box,
// which fyne's renderers would clip.
func TestArabicTranslationsFitTheLine(t *testing.T) {
	tr := translations.New(translations.AR)
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		face, err := font.ParseTTF(bytes.NewReader(arabicFont(style).Content()))
		if err != nil {
			t.Fatal("the theme's Arabic font does not parse:", err)
		}
		for _, key := range translations.Keys(translations.AR) {
			s := []rune(tr.T(key))
			out := (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{
				Text: s, RunEnd: len(s), Direction: di.DirectionRTL,
				Face: font.NewFace(face.Font), Size: fixed.I(1000),
			})
			if out.GlyphBounds.Ascent > out.LineBounds.Ascent || out.GlyphBounds.Descent < out.LineBounds.Descent {
				t.Errorf("bold=%v %q: glyphs %v..%v, line %v..%v", style.Bold, key,
					out.GlyphBounds.Descent, out.GlyphBounds.Ascent, out.LineBounds.Descent, out.LineBounds.Ascent)
			}
		}
	}
}

func TestWithLineMetricsLeavesBrokenFontsAlone(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  fyne.Resource
	}{
		{"empty", fyne.NewStaticResource("empty.ttf", nil)},
		{"truncated", fyne.NewStaticResource("cut.ttf", fonts.ArabicRegular.Content()[:40])},
	} {
		if got := withLineMetrics(tc.res, 1, -1); got != tc.res {
			t.Errorf("%s: rewritten", tc.name)
		}
	}
}
