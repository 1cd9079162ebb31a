package imaging_test

import (
	"bytes"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/fos-mobile/fos/internal/imaging"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

func TestOrientation(t *testing.T) {
	plain := attachmenttest.JPEG(attachmenttest.Picture(40, 20, 1), 85)
	if got := imaging.Orientation(plain); got != 0 {
		t.Fatalf("plain JPEG: %d", got)
	}
	for o := 1; o <= 8; o++ {
		if got := imaging.Orientation(attachmenttest.WithEXIF(plain, o)); got != o {
			t.Fatalf("orientation %d read as %d", o, got)
		}
	}
}

func TestShrink(t *testing.T) {
	// A 3000×1500 photo held upright (orientation 6: turn it 90° clockwise),
	// with a dark mark in its top-left corner.
	img := attachmenttest.Picture(3000, 1500, 3)
	for y := 0; y < 240; y++ {
		for x := 0; x < 240; x++ {
			img.Set(x, y, color.Black)
		}
	}
	photo := attachmenttest.WithEXIF(attachmenttest.JPEG(img, 92), 6)
	out, ok, err := imaging.Shrink(photo, 2000, 85, 1<<20)
	if err != nil || !ok {
		t.Fatalf("Shrink: %v %v", ok, err)
	}
	got, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if b := got.Bounds(); b.Dx() != 1000 || b.Dy() != 2000 {
		t.Fatalf("shrunk to %v, want 1000×2000 (turned upright)", b)
	}
	// Turned clockwise, the top-left corner goes to the top right.
	if !dark(got.At(990, 10)) || dark(got.At(10, 10)) {
		t.Fatal("the photo was not turned as its orientation says")
	}
	if bytes.Contains(out, []byte(attachmenttest.GPSMarker)) || len(out) >= len(photo) {
		t.Fatalf("%d bytes from %d, or the GPS marker kept", len(out), len(photo))
	}
	small := attachmenttest.JPEG(attachmenttest.Picture(800, 600, 4), 85)
	if same, ok, err := imaging.Shrink(small, 2000, 85, 1<<20); err != nil || ok || !bytes.Equal(same, small) {
		t.Fatalf("a small upright JPEG was re-encoded (%v %v)", ok, err)
	}
	png := attachmenttest.PNG(attachmenttest.Picture(300, 200, 5))
	if out, ok, err := imaging.Shrink(png, 2000, 85, 1<<20); err != nil || !ok || !bytes.HasPrefix(out, []byte{0xFF, 0xD8}) {
		t.Fatalf("a PNG is sent as a JPEG: %v %v", ok, err)
	}
	if _, _, err := imaging.Shrink(attachmenttest.PDF(), 2000, 85, 1<<20); err != imaging.ErrNotImage {
		t.Fatalf("PDF: %v", err)
	}
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (r+g+b)/3 < 0x4000
}
