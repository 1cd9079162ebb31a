// Package csvexport writes the console's CSV exports (payments, journal) in
// the form French-locale Excel opens with a double click: UTF-8 with a byte
// order mark (without it Excel reads ANSI and garbles accents and Arabic),
// ';' between cells (the list separator where ',' is the decimal mark),
// CRLF line ends, amounts with a decimal comma and dates as dd/mm/yyyy.
//
// Cells come from people (names, notes) and from files, so every cell that
// a spreadsheet would take for a formula is neutralised (OWASP's "CSV
// injection"): a cell starting with = + - @, a tab or a carriage return gets
// a leading apostrophe, which Excel and LibreOffice show as text.
package csvexport

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"
)

// BOM is UTF-8's byte order mark, which tells Excel the file's encoding.
const BOM = "\uFEFF"

// Writer writes one CSV export.
type Writer struct {
	out     io.Writer
	csv     *csv.Writer
	started bool
}

// New returns a Writer on w. The BOM is written with the first row.
func New(w io.Writer) *Writer {
	c := csv.NewWriter(w)
	c.Comma = ';'
	c.UseCRLF = true
	return &Writer{out: w, csv: c}
}

// Write writes one row, each cell neutralised and quoted as needed (a ';',
// a quote or a line break inside a cell is kept, quoted).
func (w *Writer) Write(cells ...string) error {
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.out, BOM); err != nil {
			return err
		}
	}
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = Neutralize(c)
	}
	return w.csv.Write(row)
}

// Flush writes what is buffered and returns the first error of any write.
func (w *Writer) Flush() error {
	w.csv.Flush()
	return w.csv.Error()
}

// Neutralize makes a cell that a spreadsheet would evaluate read as text.
func Neutralize(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}

// Amount writes centimes as Excel reads a number in French: 1234,50 (no
// thousands separator, which Excel would take for text).
func Amount(centimes int64) string {
	sign := ""
	if centimes < 0 {
		sign, centimes = "-", -centimes
	}
	return fmt.Sprintf("%s%d,%02d", sign, centimes/100, centimes%100)
}

// Date writes t's day in loc as dd/mm/yyyy; "" for the zero time.
func Date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("02/01/2006")
}

// DateTime writes t in loc as dd/mm/yyyy hh:mm:ss; "" for the zero time.
func DateTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("02/01/2006 15:04:05")
}
