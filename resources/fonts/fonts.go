// Package fonts embeds the fonts the app draws text with, so that the app
// and its golden images never depend on the fonts of the machine.
//
// Arabic: Noto Sans Arabic Regular and Bold (SIL Open Font License 1.1, see
// OFL.txt), from Debian's fonts-noto-core. It is the Arabic companion of Noto
// Sans, fyne's own (embedded) Latin font, so both scripts share one design;
// its ASCII digits and punctuation match Noto Sans. Latin, Greek and Cyrillic
// come from fyne's embedded Noto Sans (theme.DefaultTextFont and friends),
// which keeps the app about 0.5 MB larger rather than 1.5 MB.
package fonts

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

var (
	//go:embed NotoSansArabic-Regular.ttf
	arabicRegular []byte
	//go:embed NotoSansArabic-Bold.ttf
	arabicBold []byte
)

// ArabicRegular is Noto Sans Arabic Regular.
var ArabicRegular = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", arabicRegular)

// ArabicBold is Noto Sans Arabic Bold.
var ArabicBold = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", arabicBold)
