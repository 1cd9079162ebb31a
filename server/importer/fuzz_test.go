package importer_test

import (
	"bytes"
	"errors"
	"net/mail"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fos-mobile/fos/server/importer"
)

// FuzzImportCSV: Parse never panics; a file it accepts holds only valid
// members; a file it refuses gets importer.Errors with real line numbers.
func FuzzImportCSV(f *testing.F) {
	for _, s := range []string{
		header + "\n" + goodRow(1) + "\n" + goodRow(2) + "\n",
		"\xef\xbb\xbf" + header + "\r\n" + goodRow(1) + "\r\n",
		header + "\n7654321,CD654321,بنعلي,يوسف,y@finances.gov.ma,,1979-11-02,10,8,2004-01-15,3\n",
		header + "\n" + goodRow(1) + "\n" + goodRow(1) + "\n",
		header + "\n\"unterminated,AB1\n",
		header + "\n" + `0000009,AB9,Ala"oui,Nadia,n@finances.gov.ma,,1980-01-31,10,3,2005-09-01,1` + "\n",
		header + "\n\"a\nb\",AB1,x,y,z@finances.gov.ma,,1980-01-01,1,1,2000-01-01,0\n",
		header + "\n\xff\xfe\n",
		"", "\n\n\n", "matricule\n", header, `"`, `""`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := importer.Parse(bytes.NewReader(data))
		if err != nil {
			var es importer.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %T %v, want importer.Errors", err, err)
			}
			if len(es) == 0 || ms != nil {
				t.Fatalf("%d errors with %d members", len(es), len(ms))
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, e := range es {
				if e.Line < 1 || e.Line > lines || e.Reason == "" {
					t.Fatalf("row error %+v in a file of %d lines", e, lines)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, m := range ms {
			switch {
			case m.Matricule == "" || seen[m.Matricule]:
				t.Fatalf("empty or repeated matricule %q", m.Matricule)
			case m.CIN == "" || m.CIN != strings.ToUpper(m.CIN):
				t.Fatalf("CIN %q", m.CIN)
			case m.LastName == "" || m.FirstName == "" || !utf8.ValidString(m.LastName+m.FirstName):
				t.Fatalf("names %q %q", m.LastName, m.FirstName)
			case !m.BirthDate.Before(m.RecruitmentDate) || m.BirthDate.IsZero():
				t.Fatalf("dates %v %v", m.BirthDate, m.RecruitmentDate)
			case m.Echelle < 1 || m.Echelle > 20 || m.Echelon < 1 || m.Echelon > 20 || m.ChildrenCount < 0 || m.ChildrenCount > 30:
				t.Fatalf("numbers %+v", m.ConfirmedProfile)
			}
			if a, err := mail.ParseAddress(m.Email); err != nil || a.Address != m.Email {
				t.Fatalf("e-mail %q", m.Email)
			}
			seen[m.Matricule] = true
		}
	})
}
