package imaging

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"golang.org/x/image/draw"
)

// TestScaleBands: scale draws in bands of rows, and gets the same pixels
// as one Scale call over the whole canvas, opaque or not.
func TestScaleBands(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 1003, 757))
	for y := 0; y < 757; y++ {
		for x := 0; x < 1003; x++ {
			src.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 3), uint8(x ^ y), uint8(255 - (x+y)%200)})
		}
	}
	opaque := image.NewYCbCr(src.Bounds(), image.YCbCrSubsampleRatio420)
	for i := range opaque.Y {
		opaque.Y[i] = uint8(i * 13)
	}
	for _, tc := range []struct {
		name string
		src  image.Image
		op   draw.Op
	}{{"opaque", opaque, draw.Src}, {"translucent", src, draw.Over}} {
		for _, size := range [][2]int{{240, 181}, {480, 362}, {31, 17}} {
			got := scale(tc.src, size[0], size[1])
			want := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
			if tc.op == draw.Over {
				draw.Draw(want, want.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
			}
			draw.ApproxBiLinear.Scale(want, want.Bounds(), tc.src, tc.src.Bounds(), tc.op, nil)
			if !bytes.Equal(got.Pix, want.Pix) {
				t.Errorf("%s %v: the banded scale differs from one call", tc.name, size)
			}
		}
	}
}
