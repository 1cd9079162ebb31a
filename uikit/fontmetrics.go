package uikit

import (
	"encoding/binary"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/fos-mobile/fos/resources/fonts"
)

// Why the Arabic fonts get other line metrics.
//
// fyne sizes every text box (labels, buttons, entries, selects) from the
// theme font's line metrics, but draws a text's baseline at the ascent of
// the font of its first glyph. Noto Sans Arabic declares a tall line
// (ascent 1.374 em, descent 0.738 em: 29.6 px at 14 px), while Latin
// letters come from fyne's Noto Sans (ascent 1.069 em). So French text sat
// at the top of boxes a third taller than fyne's own, button labels above
// their icons, and wrapped lines were 34 px apart instead of 23.
//
// The theme therefore uses Noto Sans Arabic with its horizontal line
// metrics rewritten: Noto Sans's ascent, so that Latin and Arabic runs
// share one baseline, and a descent deep enough for the Arabic letters that
// go below the line (ي ن ع ج: about 0.46 em in Bold), which the renderers
// would otherwise clip (fyne draws each text into an image of its box).
// The glyphs themselves are untouched.
const (
	lineAscent  = 1069 // Noto Sans's, in units of 1/1000 em
	lineDescent = -500
)

var (
	lineFontsOnce sync.Once
	lineRegular   fyne.Resource
	lineBold      fyne.Resource
)

// lineFonts returns the bundled Arabic fonts with the app's line metrics.
func lineFonts() (regular, bold fyne.Resource) {
	lineFontsOnce.Do(func() {
		lineRegular = withLineMetrics(fonts.ArabicRegular, lineAscent, lineDescent)
		lineBold = withLineMetrics(fonts.ArabicBold, lineAscent, lineDescent)
	})
	return lineRegular, lineBold
}

// withLineMetrics returns a copy of the TrueType/OpenType font res whose
// hhea and OS/2 line metrics (ascender, descender, no line gap; Windows
// ascent and descent) are asc and desc font units, named after res. A font
// whose tables cannot be found is returned unchanged.
func withLineMetrics(res fyne.Resource, asc, desc int16) fyne.Resource {
	b := append([]byte(nil), res.Content()...)
	hhea, ok1 := fontTable(b, "hhea", 10)
	os2, ok2 := fontTable(b, "OS/2", 78)
	if !ok1 || !ok2 {
		return res
	}
	be := binary.BigEndian
	be.PutUint16(b[hhea+4:], uint16(asc))
	be.PutUint16(b[hhea+6:], uint16(desc))
	be.PutUint16(b[hhea+8:], 0)
	be.PutUint16(b[os2+68:], uint16(asc)) // sTypoAscender
	be.PutUint16(b[os2+70:], uint16(desc))
	be.PutUint16(b[os2+72:], 0)
	be.PutUint16(b[os2+74:], uint16(asc)) // usWinAscent
	be.PutUint16(b[os2+76:], uint16(-desc))
	return fyne.NewStaticResource(res.Name(), b)
}

// fontTable returns the offset of the table tag in the font file b, when
// the table is at least minLen bytes long and inside b. The checksums are
// left as they were: no renderer the app uses checks them.
func fontTable(b []byte, tag string, minLen uint32) (int, bool) {
	if len(b) < 12 {
		return 0, false
	}
	be := binary.BigEndian
	n := int(be.Uint16(b[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return 0, false
		}
		if string(b[rec:rec+4]) != tag {
			continue
		}
		off, ln := be.Uint32(b[rec+8:]), be.Uint32(b[rec+12:])
		if ln < minLen || uint64(off)+uint64(ln) > uint64(len(b)) {
			return 0, false
		}
		return int(off), true
	}
	return 0, false
}
