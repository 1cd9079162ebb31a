package attachment

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // decoded by Thumbnail
	_ "image/png"  // decoded by Thumbnail

	_ "golang.org/x/image/webp" // decoded by Thumbnail

	"github.com/fos-mobile/fos/internal/imaging"
)

// An image page's thumbnail, which the lists of pages show instead of the
// page itself (about 15 KB instead of 400 KB for a phone photo): upright
// (a JPEG's EXIF orientation applied, since the thumbnail keeps no
// metadata), its longest side ThumbSide pixels, a JPEG of ThumbQuality.
// ThumbSide is 2.5 device pixels per CSS pixel in the portal's 96 px (a
// phone's screen) and 1.7 in the console's 140 px squares (an agent's
// desktop screen, rarely denser): 280 px, twice the console's, would make
// every member's thumbnail a third heavier for a sharpness only a dense
// desktop screen shows.
const (
	ThumbSide    = 240
	ThumbQuality = 75
)

// ErrNoThumb is Thumbnail's answer for a PDF: it has no thumbnail, the
// pages show a label instead.
var ErrNoThumb = errors.New("attachment: a PDF has no thumbnail")

// withThumb adds to c the thumbnail of img, the image Sanitize has just
// decoded (so that an upload decodes its photo once), turned upright as
// EXIF orientation o says.
func withThumb(c Clean, img image.Image, o int, lim Limits) (Clean, error) {
	c.Orientation = max(o, 1)
	if lim.ThumbSide < 0 {
		return c, nil
	}
	var err error
	c.Thumb, err = imaging.Fit(img, o, lim.ThumbSide, ThumbQuality)
	return c, err
}

// Thumbnail makes the thumbnail of a page Sanitize has already cleaned
// and that was stored without one (pages stored before thumbnails were
// made at upload). Errors: ErrNoThumb for a PDF, one wrapping
// ErrUnsupported for bytes that are no longer a readable image.
func Thumbnail(contentType string, data []byte) ([]byte, error) {
	switch contentType {
	case JPEG, PNG, WebP:
	case PDF:
		return nil, ErrNoThumb
	default:
		return nil, unsupported("no thumbnail for %q", contentType)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, unsupported("unreadable image: %v", err)
	}
	lim := Limits{}.withDefaults()
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(yielding(data))
	if err != nil {
		return nil, unsupported("unreadable image: %v", err)
	}
	o := 1
	if contentType == JPEG {
		o = imaging.Orientation(data)
	}
	c, err := withThumb(Clean{}, img, o, lim)
	return c.Thumb, err
}
