// Package imaging holds what the app and the server both do with a photo:
// read a JPEG's EXIF orientation (the server keeps it when it strips the
// metadata; the app turns the pixels upright), and shrink a photo for its
// trip over a phone's network. Standard library and golang.org/x/image only.
package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // decoded by Shrink
	"math"
	"runtime"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decoded by Shrink
)

// Orientation reads the EXIF orientation (1 to 8) of a JPEG, or 0 when it
// has none.
func Orientation(data []byte) int {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		return 0
	}
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
		m := data[i+1]
		if m == 0xDA || m == 0xD9 { // the pixels start: no EXIF came before
			return 0
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 0
		}
		if m == 0xE1 {
			if o := ExifOrientation(data[i+4 : i+2+n]); o != 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 0
}

// ExifOrientation reads tag 0x0112 of IFD0 from an APP1 segment's payload
// ("Exif\0\0" and a TIFF structure), or 0.
func ExifOrientation(seg []byte) int {
	if !bytes.HasPrefix(seg, []byte("Exif\x00\x00")) || len(seg) < 14 {
		return 0
	}
	t := seg[6:]
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for k := 0; k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 {
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 0
		}
	}
	return 0
}

// ErrNotImage is Shrink's answer for bytes that are not a JPEG, PNG or WebP.
var ErrNotImage = errors.New("imaging: not a JPEG, PNG or WebP image")

// maxDecode bounds the pixels Shrink decodes (a 50-megapixel photo fits).
const maxDecode = 50_000_000

// Shrink makes a photo fit for sending: upright (its EXIF orientation
// applied), its longest side at most maxSide pixels, encoded as a JPEG of
// the given quality on a white background. A JPEG already upright, small
// enough and under keepBytes is returned as it is (ok false).
func Shrink(data []byte, maxSide, quality, keepBytes int) (out []byte, ok bool, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, false, ErrNotImage
	}
	o := Orientation(data)
	if format == "jpeg" && o <= 1 && max(cfg.Width, cfg.Height) <= maxSide && len(data) <= keepBytes {
		return data, false, nil
	}
	if cfg.Width*cfg.Height > maxDecode || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, false, ErrNotImage
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, false, ErrNotImage
	}
	out, err = Fit(src, o, maxSide, quality)
	return out, err == nil, err
}

// Fit encodes a decoded image upright (EXIF orientation o applied), its
// longest side at most maxSide pixels, as a JPEG of the given quality on a
// white background, without metadata. Shrink uses it for the photo a phone
// sends, the server for the thumbnail of the photo it received.
func Fit(src image.Image, o, maxSide, quality int) ([]byte, error) {
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	if w <= 0 || h <= 0 {
		return nil, ErrNotImage
	}
	if long := max(w, h); long > maxSide {
		scale := float64(maxSide) / float64(long)
		w, h = max(1, int(math.Round(float64(w)*scale))), max(1, int(math.Round(float64(h)*scale)))
	}
	// Bilinear sampling reads 2×2 pixels per output pixel: far past a
	// ratio of two it skips most source pixels and fine print shimmers.
	// Going through twice the size first makes each output pixel the mean
	// of 4×4 samples, at a fraction of the cost of a kernel sized to the
	// ratio (draw.BiLinear.Scale: 25 times slower for 2000 to 240 pixels).
	if max(src.Bounds().Dx(), src.Bounds().Dy()) > 4*max(w, h) {
		src = scale(src, 2*w, 2*h)
	}
	dst := scale(src, w, h)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, orient(dst, o), &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// scale draws src on a w×h canvas: an opaque image as it is (the fast
// path for a decoded JPEG), anything else over white.
func scale(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	op := draw.Src
	if o, ok := src.(interface{ Opaque() bool }); !ok || !o.Opaque() {
		draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		op = draw.Over
	}
	// In bands of rows, letting other goroutines run between them: on a
	// server the thumbnail is made beside members' requests, which would
	// otherwise wait for the whole scale (milliseconds) for a core. Each
	// band is drawn with the whole mapping (Scale clips to the band), so
	// the result is the same as in one call (TestScaleBands).
	for y := 0; y < h; y += scaleBand {
		band := dst.SubImage(image.Rect(0, y, w, min(y+scaleBand, h))).(*image.RGBA)
		draw.ApproxBiLinear.Scale(band, dst.Bounds(), src, src.Bounds(), op, nil)
		runtime.Gosched()
	}
	return dst
}

// scaleBand is the rows scale draws between two yields.
const scaleBand = 32

// orient turns img as EXIF orientation o says the camera held it.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return img
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	dw, dh := w, h
	if o >= 5 { // the four that swap the sides
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			i, j := img.PixOffset(x, y), out.PixOffset(dx, dy)
			copy(out.Pix[j:j+4], img.Pix[i:i+4])
		}
	}
	return out
}
