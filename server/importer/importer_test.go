package importer_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/importer"
)

const header = "matricule,cin,last_name,first_name,email,phone,birth_date,echelle,echelon,recruitment_date,children_count"

// goodRow is a valid row for matricule n.
func goodRow(n int) string {
	return fmt.Sprintf("%07d,AB%06d,Alaoui,Nadia,nadia.%d@finances.gov.ma,0612345678,1980-01-31,10,3,2005-09-01,1", n, n, n)
}

func TestParseGoodFile(t *testing.T) {
	file := "\xef\xbb\xbf" + strings.Join([]string{
		" Matricule , CIN ,last_name,first_name,EMAIL,phone,birth_date,echelle,echelon,recruitment_date,children_count",
		"1234567,ab123456,El Amrani,Salma,salma.elamrani@finances.gov.ma,+212 612 345 678,1985-03-14,11,5,2010-09-01,2",
		"7654321,CD654321,بنعلي,يوسف,youssef.benali@finances.gov.ma,,1979-11-02,10,8,2004-01-15,3",
		`0000042,E42,"Ben Saïd, épouse Tazi",Loubna,loubna@finances.gov.ma,0600000000,1990-06-30,1,1,2016-05-02,0`,
	}, "\r\n") + "\r\n"
	ms, err := importer.Parse(strings.NewReader(file))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(ms) != 3 {
		t.Fatalf("%d members, want 3", len(ms))
	}
	for _, tc := range []struct {
		name                        string
		i                           int
		matricule, cin, last, first string
		email, phone, birth         string
		echelle, echelon, children  int
	}{
		{"French names, CIN upper-cased", 0, "1234567", "AB123456", "El Amrani", "Salma", "salma.elamrani@finances.gov.ma", "+212 612 345 678", "1985-03-14", 11, 5, 2},
		{"Arabic names, no phone", 1, "7654321", "CD654321", "بنعلي", "يوسف", "youssef.benali@finances.gov.ma", "", "1979-11-02", 10, 8, 3},
		{"quoted name with a comma", 2, "0000042", "E42", "Ben Saïd, épouse Tazi", "Loubna", "loubna@finances.gov.ma", "0600000000", "1990-06-30", 1, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := ms[tc.i]
			got := fmt.Sprint(m.Matricule, "|", m.CIN, "|", m.LastName, "|", m.FirstName, "|", m.Email, "|", m.Phone, "|", m.BirthDate, "|", m.Echelle, "|", m.Echelon, "|", m.ChildrenCount)
			w := fmt.Sprint(tc.matricule, "|", tc.cin, "|", tc.last, "|", tc.first, "|", tc.email, "|", tc.phone, "|", tc.birth, "|", tc.echelle, "|", tc.echelon, "|", tc.children)
			if got != w {
				t.Fatalf("member\n got %s\nwant %s", got, w)
			}
		})
	}
}

// parseErrors parses file and returns its row errors, failing unless it
// is refused with importer.Errors.
func parseErrors(t *testing.T, file string) importer.Errors {
	t.Helper()
	ms, err := importer.Parse(strings.NewReader(file))
	var es importer.Errors
	if !errors.As(err, &es) {
		t.Fatalf("Parse returned %d members and %v, want importer.Errors", len(ms), err)
	}
	if ms != nil {
		t.Fatalf("a refused file returned %d members", len(ms))
	}
	return es
}

func TestParseBadRows(t *testing.T) {
	row := func(field int, value string) string {
		f := strings.Split(goodRow(9), ",")
		f[field] = value
		return strings.Join(f, ",")
	}
	for _, tc := range []struct {
		name   string
		row    string
		reason string
	}{
		{"too few fields", "1234567,AB1,Alaoui", "3 fields, want 11"},
		{"too many fields", goodRow(9) + ",extra", "12 fields, want 11"},
		{"matricule with a dash", row(0, "123-45"), "matricule"},
		{"matricule empty", row(0, ""), "matricule"},
		{"matricule too long", row(0, strings.Repeat("1", 21)), "matricule"},
		{"CIN without letters", row(1, "123456"), "cin"},
		{"CIN with three letters", row(1, "ABC123"), "cin"},
		{"last name empty", row(2, " "), "last_name"},
		{"last name too long", row(2, strings.Repeat("ب", 101)), "last_name"},
		{"first name empty", row(3, ""), "first_name"},
		{"e-mail without @", row(4, "nadia.finances.gov.ma"), "email"},
		{"e-mail with a display name", row(4, "Nadia <nadia@finances.gov.ma>"), "email"},
		{"phone with letters", row(5, "06-CALL-ME"), "phone"},
		{"birth date in French order", row(6, "31/01/1980"), "birth_date"},
		{"birth date impossible", row(6, "1980-02-30"), "birth_date"},
		{"recruitment date missing", row(9, ""), "recruitment_date"},
		{"recruited before birth", row(9, "1979-01-01"), "recruitment_date must come after birth_date"},
		{"echelle zero", row(7, "0"), "echelle"},
		{"echelle not a number", row(7, "onze"), "echelle"},
		{"echelon too high", row(8, "21"), "echelon"},
		{"children negative", row(10, "-1"), "children_count"},
		{"children too many", row(10, "31"), "children_count"},
		{"duplicate matricule", strings.Replace(goodRow(1), "nadia.1@", "other@", 1), "matricule 0000001 already on line 2"},
		{"duplicate e-mail in other case", strings.Replace(goodRow(2), "nadia.2@", "NADIA.1@", 1), "already on line 2"},
		{"bare quote", `0000009,AB9,Ala"oui,Nadia,n@finances.gov.ma,,1980-01-31,10,3,2005-09-01,1`, "malformed CSV"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := parseErrors(t, header+"\n"+goodRow(1)+"\n"+tc.row+"\n"+goodRow(3)+"\n")
			if len(es) != 1 {
				t.Fatalf("%d errors, want 1: %v", len(es), es)
			}
			if es[0].Line != 3 {
				t.Fatalf("line %d, want 3: %v", es[0].Line, es[0])
			}
			if !strings.Contains(es[0].Reason, tc.reason) {
				t.Fatalf("reason %q does not mention %q", es[0].Reason, tc.reason)
			}
		})
	}
}

func TestParseBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   string
		line   int
		reason string
	}{
		{"empty file", "", 1, "no header row"},
		{"wrong header", "matricule,cin,nom,prenom\n" + goodRow(1), 1, "the header must be exactly"},
		{"columns out of order", strings.Replace(header, "cin,last_name", "last_name,cin", 1) + "\n", 1, "the header must be exactly"},
		{"not UTF-8", header + "\n" + goodRow(1) + "\n" + strings.Replace(goodRow(2), "Nadia", "Na\xefdia", 1) + "\n", 3, "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := parseErrors(t, tc.file)
			if len(es) != 1 || es[0].Line != tc.line || !strings.Contains(es[0].Reason, tc.reason) {
				t.Fatalf("errors %v, want line %d: %s", es, tc.line, tc.reason)
			}
		})
	}
}

func TestParseListsEveryBadRow(t *testing.T) {
	file := strings.Join([]string{
		header,
		goodRow(1),
		strings.Replace(goodRow(2), "AB000002", "??", 1), // line 3
		goodRow(4),
		strings.Replace(goodRow(5), ",10,3,", ",99,3,", 1),   // line 5
		strings.Replace(goodRow(6), "1980-01-31", "hier", 1), // line 6
		goodRow(7),
	}, "\n")
	es := parseErrors(t, file)
	var lines []int
	for _, e := range es {
		lines = append(lines, e.Line)
	}
	if fmt.Sprint(lines) != "[3 5 6]" {
		t.Fatalf("bad lines %v, want [3 5 6]: %v", lines, es)
	}
	msg := es.Error()
	for _, w := range []string{"3 bad row(s); nothing was imported", "line 3: cin", "line 5: echelle", "line 6: birth_date"} {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not contain %q", msg, w)
		}
	}
}

func TestParseMatriculeCase(t *testing.T) {
	a := strings.Replace(strings.Replace(goodRow(2), "0000002", "a000001", 1), "nadia.2@", "a1@", 1)
	m, err := importer.Parse(strings.NewReader(header + "\n" + a + "\n"))
	if err != nil || len(m) != 1 || m[0].Matricule != "A000001" {
		t.Fatalf("got %+v, %v; want one member with matricule A000001", m, err)
	}
	b := strings.Replace(strings.Replace(goodRow(3), "0000003", "A000001", 1), "nadia.3@", "a2@", 1)
	es := parseErrors(t, header+"\n"+a+"\n"+b+"\n")
	if len(es) != 1 || es[0].Line != 3 || !strings.Contains(es[0].Reason, "matricule A000001 already on line 2") {
		t.Fatalf("errors %v; want line 3: matricule A000001 already on line 2", es)
	}
}
