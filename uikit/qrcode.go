package uikit

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/fos-mobile/fos/uikit/qr"
)

// QRImage renders text as a QR code, px pixels per module (qr.Image, which
// the web portal draws its codes with too).
func QRImage(text string, px int) (*image.Gray, error) { return qr.Image(text, px) }

// NewQRCode is a QR code of text shown size wide and high, drawn pixel for
// pixel (no smoothing, which would blur the modules); nil when text cannot
// be encoded.
func NewQRCode(text string, size float32) *canvas.Image {
	img, err := QRImage(text, 8)
	if err != nil {
		return nil
	}
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillContain
	c.ScaleMode = canvas.ImageScalePixels
	c.SetMinSize(fyne.NewSize(size, size))
	return c
}
