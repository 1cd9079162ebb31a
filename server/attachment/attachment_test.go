package attachment_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/jpeg"
	"os"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// webpWithEXIF wraps the simple lossy WebP in a VP8X container with an
// EXIF chunk (holding the GPS marker) and the trailer after the container.
func webpWithEXIF(t testing.TB) []byte {
	simple := readFile(t, "video-001.lossy.webp")
	vp8 := simple[12:]
	vp8x := make([]byte, 18)
	copy(vp8x, "VP8X")
	binary.LittleEndian.PutUint32(vp8x[4:], 10)
	vp8x[8] = 0x08 | 0x20 // EXIF and ICC flags
	w, h := 150-1, 103-1
	vp8x[12], vp8x[13], vp8x[14] = byte(w), byte(w>>8), byte(w>>16)
	vp8x[15], vp8x[16], vp8x[17] = byte(h), byte(h>>8), byte(h>>16)
	exif := []byte("EXIF")
	payload := []byte("MM\x00\x2a" + attachmenttest.GPSMarker)
	if len(payload)%2 == 1 {
		payload = append(payload, ' ')
	}
	exif = binary.LittleEndian.AppendUint32(exif, uint32(len(payload)))
	exif = append(exif, payload...)
	body := append(append(append([]byte("WEBP"), vp8x...), exif...), vp8...)
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...)
	out = append(out, body...)
	return append(out, attachmenttest.Trailer...)
}

func TestSanitizeAccepts(t *testing.T) {
	for _, c := range []struct {
		name, typ string
		data      []byte
		w, h      int
	}{
		{"phone photo with GPS", attachment.JPEG, attachmenttest.Photo(640, 480), 640, 480},
		{"plain JPEG", attachment.JPEG, attachmenttest.JPEG(attachmenttest.Picture(200, 100, 1), 85), 200, 100},
		{"PNG with text chunk", attachment.PNG, attachmenttest.PNGWithText(120, 80), 120, 80},
		{"simple lossy WebP", attachment.WebP, readFile(t, "video-001.lossy.webp"), 150, 103},
		{"lossless WebP", attachment.WebP, readFile(t, "gopher-doc.8bpp.lossless.webp"), 0, 0},
		{"WebP with alpha", attachment.WebP, readFile(t, "yellow_rose.lossy-with-alpha.webp"), 0, 0},
		{"WebP with EXIF", attachment.WebP, webpWithEXIF(t), 150, 103},
		{"PDF", attachment.PDF, attachmenttest.PDF(), 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := attachment.Sanitize(c.data, attachment.Limits{})
			if err != nil {
				t.Fatalf("Sanitize: %v", err)
			}
			if got.ContentType != c.typ {
				t.Fatalf("type %q, want %q", got.ContentType, c.typ)
			}
			if c.w != 0 && (got.Width != c.w || got.Height != c.h) {
				t.Fatalf("size %d×%d, want %d×%d", got.Width, got.Height, c.w, c.h)
			}
			for _, leak := range []string{attachmenttest.GPSMarker, attachmenttest.Trailer, "taken at home"} {
				if bytes.Contains(got.Data, []byte(leak)) {
					t.Fatalf("the cleaned file still holds %q", leak)
				}
			}
			if len(got.Data) > len(c.data) {
				t.Fatalf("cleaned %d bytes > original %d", len(got.Data), len(c.data))
			}
			again, err := attachment.Sanitize(got.Data, attachment.Limits{})
			if err != nil || !bytes.Equal(again.Data, got.Data) {
				t.Fatalf("cleaning a cleaned file changed it (err %v)", err)
			}
		})
	}
}

// TestJPEGKeepsPixelsAndOrientation: the rewrite is lossless and keeps the
// orientation only.
func TestJPEGKeepsPixelsAndOrientation(t *testing.T) {
	plain := attachmenttest.JPEG(attachmenttest.Picture(320, 240, 4), 85)
	got, err := attachment.Sanitize(attachmenttest.WithEXIF(plain, 6), attachment.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := jpeg.Decode(bytes.NewReader(plain))
	b, _ := jpeg.Decode(bytes.NewReader(got.Data))
	if a == nil || b == nil || !bytes.Equal(pixels(a), pixels(b)) {
		t.Fatal("the pixels changed")
	}
	if !bytes.Contains(got.Data, []byte{0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6}) {
		t.Fatal("the orientation 6 was lost")
	}
	if got, err := attachment.Sanitize(plain, attachment.Limits{}); err != nil || bytes.Contains(got.Data, []byte("Exif")) {
		t.Fatalf("a photo without orientation gained an EXIF segment (err %v)", err)
	}
}

func TestSanitizeRefuses(t *testing.T) {
	big := attachmenttest.JPEG(attachmenttest.Picture(200, 200, 5), 85)
	for _, c := range []struct {
		name string
		data []byte
		lim  attachment.Limits
		want error
		msg  string
	}{
		{"PNG bomb", attachmenttest.PNGBomb(), attachment.Limits{}, attachment.ErrUnsupported, "on a side"},
		{"too many pixels", big, attachment.Limits{MaxPixels: 100 * 100}, attachment.ErrUnsupported, "pixels"},
		{"renamed executable", attachmenttest.Executable(), attachment.Limits{}, attachment.ErrUnsupported, "not a JPEG"},
		{"HTML named .jpg", attachmenttest.HTML(), attachment.Limits{}, attachment.ErrUnsupported, "not a JPEG"},
		{"truncated JPEG", attachmenttest.Truncated(), attachment.Limits{}, attachment.ErrUnsupported, "JPEG"},
		{"truncated PNG", attachmenttest.PNG(attachmenttest.Picture(50, 50, 1))[:200], attachment.Limits{}, attachment.ErrUnsupported, "PNG"},
		{"truncated WebP", readFile(t, "video-001.lossy.webp")[:1500], attachment.Limits{}, attachment.ErrUnsupported, "WebP"},
		{"PDF with JavaScript", attachmenttest.PDFWithJavaScript(), attachment.Limits{}, attachment.ErrUnsupported, "active content"},
		{"PDF without end", []byte("%PDF-1.4\n1 0 obj<<>>endobj\n"), attachment.Limits{}, attachment.ErrUnsupported, "EOF"},
		{"over the size cap", big, attachment.Limits{MaxBytes: len(big) - 1}, attachment.ErrTooLarge, ""},
		{"empty", nil, attachment.Limits{}, attachment.ErrUnsupported, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := attachment.Sanitize(c.data, c.lim)
			if !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("err %q does not say %q", err, c.msg)
			}
		})
	}
}

// pixels are a decoded JPEG's planes.
func pixels(img image.Image) []byte {
	y, ok := img.(*image.YCbCr)
	if !ok {
		return nil
	}
	return append(append(append([]byte(nil), y.Y...), y.Cb...), y.Cr...)
}

func TestThumbnail(t *testing.T) {
	t.Run("sideways phone photo", func(t *testing.T) {
		photo := attachmenttest.Sideways(2000, 1500)
		c, err := attachment.Sanitize(photo, attachment.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if err := attachmenttest.CheckThumb(c.Thumb, 2000, 1500, attachment.ThumbSide); err != nil {
			t.Fatal(err)
		}
		if len(c.Thumb) > 30_000 {
			t.Errorf("thumbnail of %d bytes, want under 30 KB", len(c.Thumb))
		}
		// A page stored without one gets the same from its clean bytes.
		lazy, err := attachment.Thumbnail(c.ContentType, c.Data)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(lazy, c.Thumb) {
			t.Error("the thumbnail made later differs from the one made at upload")
		}
	})
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"PNG", attachmenttest.PNGWithText(600, 400)},
		{"WebP", readFile(t, "video-001.lossy.webp")},
		{"small JPEG", attachmenttest.JPEG(attachmenttest.Picture(100, 50, 1), 85)},
	} {
		t.Run(c.name, func(t *testing.T) {
			clean, err := attachment.Sanitize(c.data, attachment.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			img, err := jpeg.Decode(bytes.NewReader(clean.Thumb))
			if err != nil {
				t.Fatalf("thumbnail: %v", err)
			}
			b := img.Bounds()
			wantW := min(clean.Width, clean.Width*attachment.ThumbSide/max(clean.Width, clean.Height)+1)
			if max(b.Dx(), b.Dy()) > attachment.ThumbSide || b.Dx() > wantW || b.Dx() < wantW-2 {
				t.Errorf("thumbnail %v of a %d×%d image", b, clean.Width, clean.Height)
			}
		})
	}
	t.Run("PDF", func(t *testing.T) {
		c, err := attachment.Sanitize(attachmenttest.PDF(), attachment.Limits{})
		if err != nil || c.Thumb != nil {
			t.Fatalf("PDF: %v, thumbnail of %d bytes", err, len(c.Thumb))
		}
		if _, err := attachment.Thumbnail(attachment.PDF, c.Data); !errors.Is(err, attachment.ErrNoThumb) {
			t.Fatalf("Thumbnail(PDF) = %v, want ErrNoThumb", err)
		}
	})
	t.Run("none asked", func(t *testing.T) {
		c, err := attachment.Sanitize(attachmenttest.Photo(400, 300), attachment.Limits{ThumbSide: -1})
		if err != nil || c.Thumb != nil {
			t.Fatalf("%v, thumbnail of %d bytes", err, len(c.Thumb))
		}
	})
	t.Run("damaged stored bytes", func(t *testing.T) {
		if _, err := attachment.Thumbnail(attachment.JPEG, attachmenttest.Truncated()); !errors.Is(err, attachment.ErrUnsupported) {
			t.Fatalf("Thumbnail(truncated) = %v, want ErrUnsupported", err)
		}
	})
}

func TestUpright(t *testing.T) {
	c, err := attachment.Sanitize(attachmenttest.Sideways(400, 300), attachment.Limits{ThumbSide: -1})
	if err != nil {
		t.Fatal(err)
	}
	if w, h := c.Upright(); c.Orientation != 6 || w != 300 || h != 400 || c.Width != 400 {
		t.Fatalf("orientation %d, upright %d×%d, stored %d×%d: want 6, 300×400, 400×300", c.Orientation, w, h, c.Width, c.Height)
	}
	c, err = attachment.Sanitize(attachmenttest.PNGWithText(120, 80), attachment.Limits{})
	if w, h := c.Upright(); err != nil || c.Orientation != 1 || w != 120 || h != 80 {
		t.Fatalf("PNG: %v, orientation %d, upright %d×%d", err, c.Orientation, w, h)
	}
}
