package uikit

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/fos-mobile/fos/resources/fonts"
	"github.com/fos-mobile/fos/translations"
)

func TestThemeFonts(t *testing.T) {
	th := NewTheme(translations.New(translations.AR))
	for _, tc := range []struct {
		style fyne.TextStyle
		want  fyne.Resource
	}{
		{fyne.TextStyle{}, fonts.ArabicRegular},
		{fyne.TextStyle{Bold: true}, fonts.ArabicBold},
		{fyne.TextStyle{Italic: true}, fonts.ArabicRegular},
		{fyne.TextStyle{Monospace: true}, theme.DefaultTheme().Font(fyne.TextStyle{Monospace: true})},
	} {
		if got := th.Font(tc.style); got.Name() != tc.want.Name() {
			t.Errorf("Font(%+v) = %s, want %s", tc.style, got.Name(), tc.want.Name())
		}
	}
}

// TestTranslationsUseBundledGlyphs checks that every character of every
// translated text is drawn from a font embedded in the binary (Noto Sans
// Arabic, or fyne's Noto Sans that it falls back to), never from a font
// fyne would look for on the machine.
func TestTranslationsUseBundledGlyphs(t *testing.T) {
	for _, l := range []translations.Lang{translations.FR, translations.AR, translations.EN} {
		tr := translations.New(l)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
			for _, key := range translations.Keys(l) {
				for _, r := range tr.T(key) {
					if r == '\n' || r == '%' {
						continue
					}
					if !hasGlyph(arabicFont(style), r) && !hasGlyph(latinFont(style), r) {
						t.Errorf("%s %q: %q (%U) is in no bundled font", l, key, r, r)
					}
				}
			}
		}
	}
	for _, r := range "0123456789 .,:/-()\u00a0\u202fMADدرهم" {
		if !hasGlyph(fonts.ArabicRegular, r) && !hasGlyph(theme.DefaultTextFont(), r) {
			t.Errorf("%q (%U) used by the formats is in no bundled font", r, r)
		}
	}
}

func TestTint(t *testing.T) {
	if got, want := Tint(color.NRGBA{R: 0x12, G: 0x34, B: 0x56, A: 0xff}, 0x50), (color.NRGBA{R: 0x12, G: 0x34, B: 0x56, A: 0x50}); got != want {
		t.Fatalf("Tint = %v, want %v", got, want)
	}
}
