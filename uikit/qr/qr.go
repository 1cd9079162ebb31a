// Package qr draws QR codes without Fyne, for the app (uikit.NewQRCode)
// and the web portal (server/portal), which show the same counter code.
package qr

import (
	"errors"
	"image"
	"image/color"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// Quiet is the white margin around a QR code, in modules: the four the
// standard asks for, so that a scanner finds the code on any background.
const Quiet = 4

// Image renders text as a QR code, black on white, px pixels per module
// with the standard's quiet zone. Text made only of capital letters,
// digits and the few signs of the alphanumeric mode (a counter code) is
// encoded in that mode, which gives the smallest code; error correction is
// level M, which survives a scratched or glared phone screen.
func Image(text string, px int) (*image.Gray, error) {
	if text == "" || px < 1 {
		return nil, errors.New("qr: nothing to encode")
	}
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, err
	}
	var w bitmapWriter
	if err := q.Save(&w); err != nil {
		return nil, err
	}
	n := len(w.bits)
	side := (n + 2*Quiet) * px
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range w.bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range px {
				for dx := range px {
					img.SetGray((x+Quiet)*px+dx, (y+Quiet)*px+dy, color.Gray{})
				}
			}
		}
	}
	return img, nil
}

// bitmapWriter keeps the modules of a QR code (true is dark).
type bitmapWriter struct{ bits [][]bool }

func (w *bitmapWriter) Write(m qrcode.Matrix) error { w.bits = m.Bitmap(); return nil }
func (w *bitmapWriter) Close() error                { return nil }
