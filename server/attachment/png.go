package attachment

import (
	"bytes"
	"encoding/binary"
	"image/png"
)

// pngKept are the chunks an image needs: the header, the palette and its
// transparency, the pixels and the end. Every other chunk (text, EXIF,
// ICC profile, time, animation) is dropped.
var pngKept = map[string]bool{"IHDR": true, "PLTE": true, "tRNS": true, "IDAT": true, "IEND": true}

// cleanPNG checks the dimensions, keeps the chunks of pngKept up to IEND,
// then decodes the result in full (which also checks every CRC).
func cleanPNG(data []byte, lim Limits) (Clean, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Clean{}, unsupported("unreadable PNG: %v", err)
	}
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return Clean{}, err
	}
	out, err := stripPNG(data)
	if err != nil {
		return Clean{}, err
	}
	img, err := png.Decode(yielding(out))
	if err != nil {
		return Clean{}, unsupported("damaged or incomplete PNG: %v", err)
	}
	return withThumb(Clean{Data: out, ContentType: PNG, Width: cfg.Width, Height: cfg.Height}, img, 1, lim)
}

func stripPNG(data []byte) ([]byte, error) {
	const sig = 8
	out := make([]byte, 0, len(data))
	out = append(out, data[:sig]...)
	for i := sig; ; {
		if i+12 > len(data) {
			return nil, unsupported("incomplete PNG: no IEND chunk")
		}
		n := int(binary.BigEndian.Uint32(data[i:]))
		if n < 0 || n > len(data)-i-12 {
			return nil, unsupported("incomplete PNG: chunk of %d bytes cut", n)
		}
		typ := string(data[i+4 : i+8])
		end := i + 12 + n
		if pngKept[typ] {
			out = append(out, data[i:end]...)
		}
		if typ == "IEND" {
			return out, nil
		}
		i = end
	}
}
