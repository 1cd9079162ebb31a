package attachmenttest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
)

// Sideways is a w×h phone photo (w > h) taken with the phone held upright:
// EXIF orientation 6 (turn it 90° clockwise to show it), the GPS marker,
// a trailer, and a dark square in its top-left corner, which is at the top
// right once the photo is upright.
func Sideways(w, h int) []byte {
	img := Picture(w, h, 9)
	side := h / 6
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			img.Set(x, y, color.Black)
		}
	}
	return WithEXIF(JPEG(img, 85), 6)
}

// CheckThumb says what is wrong with thumb as the thumbnail of
// Sideways(w, h) with its longest side at most side pixels: not a JPEG,
// metadata kept, too large, or not upright. nil when nothing is.
func CheckThumb(thumb []byte, w, h, side int) error {
	if !bytes.HasPrefix(thumb, []byte{0xFF, 0xD8}) {
		return fmt.Errorf("the thumbnail is not a JPEG (% x…)", thumb[:min(4, len(thumb))])
	}
	if bytes.Contains(thumb, []byte("Exif\x00")) || bytes.Contains(thumb, []byte(GPSMarker)) ||
		bytes.Contains(thumb, []byte(Trailer)) {
		return fmt.Errorf("the thumbnail keeps metadata or the trailer")
	}
	img, err := jpeg.Decode(bytes.NewReader(thumb))
	if err != nil {
		return fmt.Errorf("the thumbnail does not decode: %v", err)
	}
	b := img.Bounds()
	// Upright, the photo is h wide and w tall.
	if want := image.Rect(0, 0, max(1, h*side/w), side); b.Dy() != side || b.Dx() < want.Dx()-1 || b.Dx() > want.Dx()+1 {
		return fmt.Errorf("the thumbnail is %d×%d, want about %d×%d (upright, longest side %d)", b.Dx(), b.Dy(), want.Dx(), want.Dy(), side)
	}
	mark := b.Dx() / 12 // well inside the dark square once it is scaled
	if !dark(img.At(b.Dx()-1-mark, mark)) || dark(img.At(mark, mark)) {
		return fmt.Errorf("the thumbnail is not upright: its dark corner is not at the top right")
	}
	return nil
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return (r+g+b)/3 < 0x4000
}
