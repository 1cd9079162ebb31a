package attachment

import (
	"bytes"
	"encoding/binary"
	"image/jpeg"

	"github.com/fos-mobile/fos/internal/imaging"
)

// JPEG markers the rewrite names.
const (
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mAPP0 = 0xE0
	mAPP1 = 0xE1
	mAPPE = 0xEE // Adobe: tells how the decoder converts colours; kept
	mAPPF = 0xEF
	mCOM  = 0xFE
)

// cleanJPEG checks the dimensions, rewrites the stream without its APPn
// (but a bare JFIF header, Adobe's colour transform and the orientation)
// and COM segments and without anything after EOI, then decodes the result
// in full.
func cleanJPEG(data []byte, lim Limits) (Clean, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Clean{}, unsupported("unreadable JPEG: %v", err)
	}
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return Clean{}, err
	}
	out, err := stripJPEG(data)
	if err != nil {
		return Clean{}, err
	}
	img, err := jpeg.Decode(yielding(out))
	if err != nil {
		return Clean{}, unsupported("damaged or incomplete JPEG: %v", err)
	}
	return withThumb(Clean{Data: out, ContentType: JPEG, Width: cfg.Width, Height: cfg.Height}, img, imaging.Orientation(out), lim)
}

// stripJPEG is the lossless rewrite: segments are copied or dropped, the
// entropy-coded data copied as is, and the output ends at the first EOI.
func stripJPEG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, mSOI)
	orientation := 1
	headerDone := false // the orientation goes right after SOI and JFIF
	i := 2
	for {
		// A marker: 0xFF, any fill 0xFF bytes, then the marker code.
		if i >= len(data) || data[i] != 0xFF {
			return nil, unsupported("damaged JPEG: no marker at byte %d", i)
		}
		for i < len(data) && data[i] == 0xFF {
			i++
		}
		if i >= len(data) {
			return nil, unsupported("incomplete JPEG: no end of image")
		}
		m := data[i]
		i++
		switch {
		case m == mEOI:
			return append(out, 0xFF, mEOI), nil
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			out = append(out, 0xFF, m) // standalone markers
			continue
		case m == mSOI || m == 0x00:
			return nil, unsupported("damaged JPEG: marker %#x out of place", m)
		}
		if i+2 > len(data) {
			return nil, unsupported("incomplete JPEG: segment header cut")
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, unsupported("incomplete JPEG: segment of %d bytes cut", n)
		}
		seg := data[i+2 : i+n]
		i += n
		if !headerDone && m != mAPP0 && (m < mAPP1 || m > mAPPF) && m != mCOM {
			if orientation != 1 {
				out = append(out, orientationSegment(orientation)...)
			}
			headerDone = true
		}
		switch {
		case m == mAPP0:
			if !headerDone && len(seg) >= 14 && bytes.HasPrefix(seg, []byte("JFIF\x00")) {
				// The JFIF header without its thumbnail.
				out = append(out, 0xFF, mAPP0, 0, 16)
				out = append(out, seg[:12]...)
				out = append(out, 0, 0)
			}
			continue
		case m == mAPP1:
			if o := imaging.ExifOrientation(seg); o >= 2 && o <= 8 {
				orientation = o
			}
			continue
		case m == mAPPE:
		case m > mAPP1 && m <= mAPPF, m == mCOM:
			continue
		}
		out = append(out, 0xFF, m)
		out = append(out, data[i-n:i]...)
		if m == mSOS {
			end := scanEnd(data, i)
			out = append(out, data[i:end]...)
			i = end
		}
	}
}

// scanEnd returns the index of the marker that ends the entropy-coded data
// starting at i (or len(data) when none does): 0xFF followed by anything but
// a stuffed zero, a restart marker or a fill byte.
func scanEnd(data []byte, i int) int {
	for {
		j := bytes.IndexByte(data[i:], 0xFF)
		if j < 0 {
			return len(data)
		}
		i += j
		k := i + 1
		for k < len(data) && data[k] == 0xFF {
			k++
		}
		if k >= len(data) {
			return len(data)
		}
		if c := data[k]; c == 0x00 || (c >= 0xD0 && c <= 0xD7) {
			i = k + 1
			continue
		}
		return i
	}
}

// orientationSegment is an APP1 segment whose EXIF holds the orientation
// and nothing else.
func orientationSegment(o int) []byte {
	return []byte{0xFF, mAPP1, 0, 34,
		'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8, // TIFF header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation, SHORT, 1
		0, 0, 0, 0, // no next IFD
	}
}
