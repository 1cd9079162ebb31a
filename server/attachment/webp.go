package attachment

import (
	"bytes"
	"encoding/binary"

	"golang.org/x/image/webp"
)

// VP8X flags.
const (
	vp8xAlpha     = 0x10
	vp8xAnimation = 0x02
)

// cleanWebP checks the dimensions, keeps the image's own chunks (VP8X with
// only its alpha flag, ALPH, VP8 or VP8L) up to the image data and drops
// the rest (ICCP, EXIF, XMP, unknown chunks), then decodes the result in
// full. Animations are refused.
func cleanWebP(data []byte, lim Limits) (Clean, error) {
	cfg, err := webp.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Clean{}, unsupported("unreadable WebP: %v", err)
	}
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return Clean{}, err
	}
	out, err := stripWebP(data)
	if err != nil {
		return Clean{}, err
	}
	img, err := webp.Decode(yielding(out))
	if err != nil {
		return Clean{}, unsupported("damaged or incomplete WebP: %v", err)
	}
	return withThumb(Clean{Data: out, ContentType: WebP, Width: cfg.Width, Height: cfg.Height}, img, 1, lim)
}

func stripWebP(data []byte) ([]byte, error) {
	riff := int(binary.LittleEndian.Uint32(data[4:8]))
	if riff < 4 || riff > len(data)-8 {
		return nil, unsupported("incomplete WebP: the file is cut")
	}
	data = data[:8+riff] // nothing after the RIFF container
	out := make([]byte, 12, len(data))
	copy(out, "RIFF\x00\x00\x00\x00WEBP")
	for i := 12; ; {
		if i+8 > len(data) {
			return nil, unsupported("incomplete WebP: no image data")
		}
		fourcc := string(data[i : i+4])
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		padded := n + n&1
		if n < 0 || padded > len(data)-i-8 {
			return nil, unsupported("incomplete WebP: chunk of %d bytes cut", n)
		}
		chunk := data[i : i+8+padded]
		i += 8 + padded
		switch fourcc {
		case "VP8X":
			if n < 10 {
				return nil, unsupported("damaged WebP: short VP8X chunk")
			}
			if chunk[8]&vp8xAnimation != 0 {
				return nil, unsupported("animated WebP images are not accepted")
			}
			c := append([]byte(nil), chunk...)
			c[8] &= vp8xAlpha
			out = append(out, c...)
		case "ALPH":
			out = append(out, chunk...)
		case "VP8 ", "VP8L":
			out = append(out, chunk...)
			binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
			return out, nil
		}
	}
}
