// Package importer reads the foundation's member file (CSV, UTF-8, with a
// header row) and validates every row before anything is written: a file
// with any bad row imports nothing, and every bad row is reported with its
// line number and the reason.
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// Columns are the header the file must have, in this order.
var Columns = []string{"matricule", "cin", "last_name", "first_name", "email", "phone", "birth_date",
	"echelle", "echelon", "recruitment_date", "children_count"}

// RowError is one bad row.
type RowError struct {
	Line   int
	Reason string
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Errors is every bad row of a file.
type Errors []RowError

func (es Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d bad row(s); nothing was imported:", len(es))
	for _, e := range es {
		b.WriteString("\n  " + e.Error())
	}
	return b.String()
}

var (
	matriculeRe = regexp.MustCompile(`^[0-9A-Za-z]{1,20}$`)
	cinRe       = regexp.MustCompile(`^[A-Za-z]{1,2}[0-9]{1,8}$`)
	phoneRe     = regexp.MustCompile(`^\+?[0-9 ]{6,20}$`)
)

// maxRows bounds a file, so a runaway file is refused rather than eaten.
const maxRows = 500000

// Parse reads and validates a whole file. It returns the members, or
// Errors listing every bad row, or another error for an unreadable file.
func Parse(r io.Reader) ([]store.Member, error) {
	data, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, Errors{{Line: firstInvalidLine(data), Reason: "the file is not valid UTF-8"}}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, Errors{{Line: 1, Reason: "no header row: " + csvReason(err)}}
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	if strings.Join(header, ",") != strings.Join(Columns, ",") {
		return nil, Errors{{Line: 1, Reason: "the header must be exactly: " + strings.Join(Columns, ",")}}
	}
	var out []store.Member
	var bad Errors
	seenMatricule := map[string]int{}
	seenEmail := map[string]int{}
	lastLine := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// FieldPos would panic here: a failed read has no fields.
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				bad = append(bad, RowError{Line: lastLine + 1, Reason: csvReason(err)})
				break
			}
			bad = append(bad, RowError{Line: pe.Line, Reason: csvReason(err)})
			continue
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		if len(out)+len(bad) >= maxRows {
			return nil, Errors{{Line: line, Reason: fmt.Sprintf("the file has more than %d rows", maxRows)}}
		}
		m, reason := parseRow(rec)
		if reason == "" {
			if first, dup := seenMatricule[m.Matricule]; dup {
				reason = fmt.Sprintf("matricule %s already on line %d", m.Matricule, first)
			} else if first, dup := seenEmail[strings.ToLower(m.Email)]; dup {
				reason = fmt.Sprintf("e-mail %s already on line %d", m.Email, first)
			}
		}
		if reason != "" {
			bad = append(bad, RowError{Line: line, Reason: reason})
			continue
		}
		seenMatricule[m.Matricule] = line
		seenEmail[strings.ToLower(m.Email)] = line
		out = append(out, m)
	}
	if len(bad) > 0 {
		return nil, bad
	}
	return out, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "malformed CSV: " + pe.Err.Error()
	}
	return err.Error()
}

func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// parseRow validates one record; the reason is empty when it is good.
func parseRow(rec []string) (store.Member, string) {
	if len(rec) != len(Columns) {
		return store.Member{}, fmt.Sprintf("%d fields, want %d", len(rec), len(Columns))
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	m := store.Member{Matricule: store.CanonicalMatricule(rec[0]), CIN: strings.ToUpper(rec[1]), LastName: rec[2], FirstName: rec[3], Email: rec[4], Phone: rec[5]}
	switch {
	case !matriculeRe.MatchString(m.Matricule):
		return m, fmt.Sprintf("matricule %q must be 1 to 20 letters or digits", rec[0])
	case !cinRe.MatchString(m.CIN):
		return m, fmt.Sprintf("cin %q is not a CIN (one or two letters then digits)", rec[1])
	case m.LastName == "" || utf8.RuneCountInString(m.LastName) > 100:
		return m, "last_name is empty or longer than 100 characters"
	case m.FirstName == "" || utf8.RuneCountInString(m.FirstName) > 100:
		return m, "first_name is empty or longer than 100 characters"
	case m.Phone != "" && !phoneRe.MatchString(m.Phone):
		return m, fmt.Sprintf("phone %q is not a phone number", rec[5])
	}
	if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email || len(m.Email) > 254 {
		return m, fmt.Sprintf("email %q is not an e-mail address", rec[4])
	}
	var err error
	if m.BirthDate, err = api.ParseDate(rec[6]); err != nil {
		return m, "birth_date: " + err.Error()
	}
	if m.RecruitmentDate, err = api.ParseDate(rec[9]); err != nil {
		return m, "recruitment_date: " + err.Error()
	}
	if !m.BirthDate.Before(m.RecruitmentDate) {
		return m, "recruitment_date must come after birth_date"
	}
	for _, f := range []struct {
		name     string
		raw      string
		dst      *int
		min, max int
	}{
		{"echelle", rec[7], &m.Echelle, 1, 20},
		{"echelon", rec[8], &m.Echelon, 1, 20},
		{"children_count", rec[10], &m.ChildrenCount, 0, 30},
	} {
		v, err := strconv.Atoi(f.raw)
		if err != nil || v < f.min || v > f.max {
			return m, fmt.Sprintf("%s %q must be a whole number from %d to %d", f.name, f.raw, f.min, f.max)
		}
		*f.dst = v
	}
	return m, ""
}
