package uikit

import (
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/fos-mobile/fos/uikit/qr"
)

// TestQRImageDecodes: what QRImage draws, ZXing's reader reads back, with
// the quiet zone around it; a counter code fits a small (version 3) code.
func TestQRImageDecodes(t *testing.T) {
	for _, text := range []string{
		"EST-2026-000123-Q2NKJ4ZQ7M3XW5TB6YLDH2PFAE",
		"EST-2026-999999-AAAAAAAAAAAAAAAAAAAAAAAAAA",
		"a lower-case text, in byte mode: é",
	} {
		img, err := QRImage(text, 3)
		if err != nil {
			t.Fatal(err)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil {
			t.Fatalf("%q: not decoded: %v", text, err)
		}
		if res.GetText() != text {
			t.Fatalf("decoded %q, want %q", res.GetText(), text)
		}
		for _, p := range [][2]int{{0, 0}, {3*qr.Quiet - 1, 3*qr.Quiet - 1}} {
			if img.GrayAt(p[0], p[1]).Y != 0xff {
				t.Fatalf("%q: the quiet zone is not white at %v", text, p)
			}
		}
	}
	img, _ := QRImage("EST-2026-000123-Q2NKJ4ZQ7M3XW5TB6YLDH2PFAE", 1)
	if modules := img.Bounds().Dx() - 2*qr.Quiet; modules > 29 {
		t.Fatalf("a counter code takes %d modules, want at most 29 (version 3)", modules)
	}
	if _, err := QRImage("", 3); err == nil {
		t.Fatal("an empty text was encoded")
	}
}
