// Package attachmenttest makes the files the attachment tests upload: a
// phone photo with GPS EXIF, images carrying metadata and trailing data,
// bombs, impostors and cut files. Tests of the sanitiser, the API, the app
// and the benchmark share them, so each is made in one place.
package attachmenttest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
)

// GPSMarker is a text inside the EXIF of Photo, which must not survive.
const GPSMarker = "GPS-34.0209N-6.8416W"

// Trailer is what the fixtures append after an image's end (a polyglot's
// second half); it must not survive either.
const Trailer = "<html><script>alert(document.domain)</script></html>"

// Picture is a w×h image that compresses like a photo of a document: light
// paper, dark lines of "text" and some sensor noise.
func Picture(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 7))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		line := y%24 < 8
		for x := 0; x < w; x++ {
			v := 230
			if (x+y)%4 == 0 {
				v -= r.IntN(6)
			}
			if line && (x/7)%4 != 0 && x > w/12 && x < w-w/12 {
				v = 40 + r.IntN(60)
			}
			img.Set(x, y, color.RGBA{uint8(v), uint8(v - 5), uint8(v - 15), 255})
		}
	}
	return img
}

// JPEG encodes img at quality q.
func JPEG(img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// PNG encodes img.
func PNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Photo is a w×h JPEG as a phone sends it: an EXIF segment with a GPS
// position (GPSMarker) and an orientation, a comment, and a trailer after
// its end.
func Photo(w, h int) []byte {
	plain := JPEG(Picture(w, h, 1), 85)
	return WithEXIF(plain, 6)
}

// WithEXIF inserts after SOI an EXIF segment with orientation o and the
// GPS marker, a comment segment, and appends Trailer.
func WithEXIF(plain []byte, o int) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2,
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation
		0x01, 0x0E, 0, 2, 0, 0, 0, byte(len(GPSMarker) + 1), 0, 0, 0, 38, // ImageDescription at 38
		0, 0, 0, 0}
	tiff = append(tiff, GPSMarker+"\x00"...)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	com := []byte("taken at home, " + GPSMarker)
	var out []byte
	out = append(out, plain[:2]...)
	out = append(out, segment(0xE1, app1)...)
	out = append(out, segment(0xFE, com)...)
	out = append(out, plain[2:]...)
	return append(out, Trailer...)
}

func segment(m byte, payload []byte) []byte {
	s := []byte{0xFF, m, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

// Chunk is a PNG chunk of type typ with its CRC.
func Chunk(typ string, data []byte) []byte {
	c := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// PNGWithText is a PNG with a tEXt chunk holding GPSMarker before its
// pixels and Trailer after IEND.
func PNGWithText(w, h int) []byte {
	plain := PNG(Picture(w, h, 2))
	text := Chunk("tEXt", []byte("Comment\x00"+GPSMarker))
	out := append([]byte(nil), plain[:33]...) // signature and IHDR
	out = append(out, text...)
	out = append(out, plain[33:]...)
	return append(out, Trailer...)
}

// PNGBomb is a small PNG whose header claims 100 000 × 100 000 pixels:
// 40 GB once decoded.
func PNGBomb() []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, 100_000)
	binary.BigEndian.PutUint32(ihdr[4:], 100_000)
	ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, Chunk("IHDR", ihdr)...)
	out = append(out, Chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, Chunk("IEND", nil)...)
}

// Executable is the start of an ELF binary, as if renamed photo.jpg.
func Executable() []byte {
	b := []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00")
	return append(b, bytes.Repeat([]byte{0x90}, 4000)...)
}

// HTML is a web page, as if named facture.jpg.
func HTML() []byte {
	return []byte("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>")
}

// Truncated is a JPEG cut in its middle.
func Truncated() []byte {
	b := JPEG(Picture(300, 200, 3), 85)
	return b[:len(b)/2]
}

// PDF is a minimal valid one-page PDF, with Trailer after its %%EOF.
func PDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n" + Trailer)
}

// PDFWithJavaScript is a PDF that runs a script when opened.
func PDFWithJavaScript() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
}
