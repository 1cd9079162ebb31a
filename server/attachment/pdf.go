package attachment

import (
	"bytes"
	"regexp"
)

// pdfHeader is "%PDF-1.x" or "%PDF-2.x".
var pdfHeader = regexp.MustCompile(`^%PDF-[12]\.[0-9]`)

// pdfActive are the names of a PDF's active content. A PDF is never shown
// inline (it is served as a download under a sandbox policy), so this is a
// second line: it catches the plain spellings, not a name hidden in a
// compressed object stream.
var pdfActive = [][]byte{[]byte("/JavaScript"), []byte("/JS "), []byte("/JS("), []byte("/JS<"), []byte("/Launch"), []byte("/EmbeddedFile")}

// cleanPDF checks the header and the end marker, cuts anything after the
// last %%EOF (and its end of line), and refuses active content.
func cleanPDF(data []byte) (Clean, error) {
	if !pdfHeader.Match(data) {
		return Clean{}, unsupported("damaged PDF: no version in its header")
	}
	end := bytes.LastIndex(data, []byte("%%EOF"))
	if end < 0 {
		return Clean{}, unsupported("incomplete PDF: no %%%%EOF marker")
	}
	end += len("%%EOF")
	for end < len(data) && (data[end] == '\r' || data[end] == '\n') {
		end++
	}
	out := data[:end]
	for _, name := range pdfActive {
		if bytes.Contains(out, name) {
			return Clean{}, unsupported("PDF with active content (%s) is not accepted", bytes.TrimSpace(name))
		}
	}
	return Clean{Data: append([]byte(nil), out...), ContentType: PDF}, nil
}
