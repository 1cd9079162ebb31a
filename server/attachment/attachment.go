// Package attachment checks and cleans the pages members upload (photos and
// scans of their invoices and proofs): the type is sniffed from the bytes
// (JPEG, PNG, WebP or PDF, whatever the name or the Content-Type say), an
// image's dimensions are checked before anything is decoded (a
// decompression bomb is refused from its header), and the image is rewritten
// without its metadata (EXIF with GPS, XMP, comments, ICC profiles, text
// chunks) and without anything after its end, then decoded in full: what is
// stored is a complete, valid image and nothing else, so no polyglot
// survives.
//
// The rewrite is lossless: JPEG segments, PNG chunks and WebP chunks are
// copied or dropped, never re-encoded. It costs a fraction of a re-encode
// and keeps the photo as the member's phone made it (see the benchmarks in
// attachment_bench_test.go and the README). A JPEG's EXIF orientation is
// the one field kept, in a minimal EXIF segment of its own, so that a photo
// taken sideways is still shown upright.
//
// A PDF cannot be rewritten so cheaply: it is checked for its header, its
// end marker (anything after the last %%EOF is cut) and active content
// (JavaScript, launch actions), and must only ever be served as a download
// under a sandbox policy.
package attachment

import (
	"bytes"
	"errors"
	"fmt"
)

// The content types accepted.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
	PDF  = "application/pdf"
)

// Limits bound what Sanitize accepts. Zero fields take the defaults.
type Limits struct {
	// MaxBytes is the largest file (DefaultMaxBytes when zero).
	MaxBytes int
	// MaxPixels is the largest image area, checked from the header before
	// decoding (DefaultMaxPixels when zero): decoding costs up to 4 bytes
	// of memory per pixel.
	MaxPixels int
	// MaxSide is the longest side in pixels (DefaultMaxSide when zero).
	MaxSide int
	// ThumbSide is the longest side of an image's thumbnail (ThumbSide
	// when zero; none at all when negative).
	ThumbSide int
}

// The defaults: a 48-megapixel phone photo fits, a bomb does not.
const (
	DefaultMaxBytes  = 8 << 20
	DefaultMaxPixels = 50_000_000
	DefaultMaxSide   = 12_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultMaxSide
	}
	if l.ThumbSide == 0 {
		l.ThumbSide = ThumbSide
	}
	return l
}

// Clean is a sanitised file, ready to be stored.
type Clean struct {
	Data        []byte
	ContentType string
	// Width and Height are zero for a PDF: as stored, before Orientation.
	Width, Height int
	// Orientation is a JPEG's EXIF orientation (1 to 8; 1 is upright), kept
	// in Data; 0 for a PDF.
	Orientation int
	// Thumb is an image's thumbnail (thumb.go), nil for a PDF.
	Thumb []byte
}

// Upright returns the image's width and height as it is shown, its
// orientation applied (the thumbnail's proportions).
func (c Clean) Upright() (w, h int) {
	if c.Orientation >= 5 { // the four orientations that swap the sides
		return c.Height, c.Width
	}
	return c.Width, c.Height
}

// ErrTooLarge is a file over Limits.MaxBytes.
var ErrTooLarge = errors.New("attachment: file too large")

// ErrUnsupported wraps every refusal of the content: a type other than the
// four, a corrupt or truncated file, an image too large to decode, a PDF
// with active content. Its message says which, for the member.
var ErrUnsupported = errors.New("attachment: unsupported or unreadable file")

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// Sniff names the type of data from its first bytes, or "" when it is none
// of the four.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return WebP
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	}
	return ""
}

// Sanitize checks data and returns what may be stored. Errors: ErrTooLarge,
// or one wrapping ErrUnsupported.
func Sanitize(data []byte, lim Limits) (Clean, error) {
	lim = lim.withDefaults()
	if len(data) > lim.MaxBytes {
		return Clean{}, ErrTooLarge
	}
	switch t := Sniff(data); t {
	case JPEG:
		return cleanJPEG(data, lim)
	case PNG:
		return cleanPNG(data, lim)
	case WebP:
		return cleanWebP(data, lim)
	case PDF:
		return cleanPDF(data)
	}
	return Clean{}, unsupported("not a JPEG, PNG, WebP or PDF file")
}

// checkSize refuses dimensions over the limits, before any decoding.
func checkSize(w, h int, lim Limits) error {
	switch {
	case w <= 0 || h <= 0:
		return unsupported("the image has no pixels")
	case w > lim.MaxSide || h > lim.MaxSide:
		return unsupported("the image is %d×%d pixels; at most %d on a side", w, h, lim.MaxSide)
	case w*h > lim.MaxPixels:
		return unsupported("the image has %d pixels; at most %d", w*h, lim.MaxPixels)
	}
	return nil
}
