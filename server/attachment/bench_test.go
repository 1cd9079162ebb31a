package attachment_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"

	"github.com/fos-mobile/fos/internal/imaging"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// BenchmarkJPEG compares the two ways to clean a phone photo of about
// 400 KB (2000×1500, as the app sends it): the lossless rewrite Sanitize
// does (header check, segments dropped, full decode of the result), and a
// full decode and re-encode at quality 85, the alternative it was chosen
// over (README, "Pre-check photos"). The rewrite runs with the thumbnail
// made from the decoded photo, as uploads do, and without it; and the
// thumbnail alone from the decoded photo (what an upload adds).
func BenchmarkJPEG(b *testing.B) {
	photo := PhonePhoto()
	b.Logf("photo: %d bytes", len(photo))
	b.Run("rewrite", func(b *testing.B) {
		b.SetBytes(int64(len(photo)))
		for b.Loop() {
			if _, err := attachment.Sanitize(photo, attachment.Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rewrite-nothumb", func(b *testing.B) {
		b.SetBytes(int64(len(photo)))
		for b.Loop() {
			if _, err := attachment.Sanitize(photo, attachment.Limits{ThumbSide: -1}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("thumbnail-only", func(b *testing.B) {
		img, err := jpeg.Decode(bytes.NewReader(photo))
		if err != nil {
			b.Fatal(err)
		}
		var thumb []byte
		for b.Loop() {
			if thumb, err = imaging.Fit(img, 6, attachment.ThumbSide, attachment.ThumbQuality); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(thumb)), "thumb-bytes")
	})
	b.Run("reencode", func(b *testing.B) {
		b.SetBytes(int64(len(photo)))
		for b.Loop() {
			if _, err := reencode(photo); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// PhonePhoto is the benchmark's photo.
func PhonePhoto() []byte { return attachmenttest.Photo(2000, 1500) }

// reencode is the alternative: decode in full, encode anew (which drops
// every segment but the pixels).
func reencode(data []byte) ([]byte, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width*cfg.Height > attachment.DefaultMaxPixels {
		return nil, err
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	err = jpeg.Encode(&out, img.(image.Image), &jpeg.Options{Quality: 85})
	return out.Bytes(), err
}
