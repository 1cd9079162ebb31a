package csvexport

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

func TestWriterExcelFrench(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf)
	rows := [][]string{
		{"Référence", "Nom", "Montant (MAD)"},
		{"EST-2026-000001", "Benali; Amina", Amount(123450)},
		{"EST-2026-000002", `Il a dit "non"`, Amount(5)},
		{"EST-2026-000003", "ligne 1\nligne 2", Amount(100000000)},
		{"EST-2026-000004", "=HYPERLINK(\"http://x\")", "+33"},
		{"EST-2026-000005", "-2+3", "@SUM(A1)"},
		{"EST-2026-000006", "\tcmd", "\r=1"},
		{"EST-2026-000007", "بنعلي أمينة", ""},
	}
	for _, r := range rows {
		if err := w.Write(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\xEF\xBB\xBF") || strings.Count(out, BOM) != 1 {
		t.Fatalf("want exactly one UTF-8 BOM at the start: %q", out[:10])
	}
	if !strings.HasPrefix(out, BOM+"Référence;Nom;Montant (MAD)\r\n") {
		t.Fatalf("header line = %q", strings.SplitN(out, "\n", 2)[0])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, BOM)))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the export does not read back as ';' CSV: %v", err)
	}
	want := [][]string{
		rows[0],
		{"EST-2026-000001", "Benali; Amina", "1234,50"},
		{"EST-2026-000002", `Il a dit "non"`, "0,05"},
		{"EST-2026-000003", "ligne 1\r\nligne 2", "1000000,00"},
		{"EST-2026-000004", "'=HYPERLINK(\"http://x\")", "'+33"},
		{"EST-2026-000005", "'-2+3", "'@SUM(A1)"},
		{"EST-2026-000006", "'\tcmd", "'=1"}, // a lone CR is dropped by UseCRLF
		{"EST-2026-000007", "بنعلي أمينة", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows read back, want %d", len(got), len(want))
	}
	for i := range want {
		for j := range want[i] {
			// encoding/csv turns a quoted CRLF back into LF.
			if g, w := got[i][j], strings.ReplaceAll(want[i][j], "\r\n", "\n"); g != w {
				t.Errorf("row %d cell %d = %q, want %q", i, j, g, w)
			}
		}
	}
	if !strings.Contains(out, `"Il a dit ""non"""`) || !strings.Contains(out, `"Benali; Amina"`) {
		t.Errorf("quotes and separators inside cells are not quoted:\n%s", out)
	}
}

func TestEmptyExportHasNoBOM(t *testing.T) {
	var buf bytes.Buffer
	if err := New(&buf).Flush(); err != nil || buf.Len() != 0 {
		t.Fatalf("nothing written should write nothing: %q, %v", buf.String(), err)
	}
}

func TestDates(t *testing.T) {
	loc := api.Casablanca
	at := time.Date(2026, time.July, 9, 23, 30, 0, 0, time.UTC) // 10 July 00:30 in Casablanca (UTC+1)
	if got := Date(at, loc); got != "10/07/2026" {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime(at, loc); got != "10/07/2026 00:30:00" {
		t.Errorf("DateTime = %q", got)
	}
	if Date(time.Time{}, loc) != "" || DateTime(time.Time{}, loc) != "" {
		t.Error("zero time should be empty")
	}
}

func FuzzNeutralizedCellsReadBack(f *testing.F) {
	for _, s := range []string{"=1+1", "a;b", "\"q\"", "x\ny", "", "بنعلي"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		var buf bytes.Buffer
		w := New(&buf)
		if err := w.Write(cell, "end"); err != nil {
			t.Skip() // not UTF-8 text csv accepts
		}
		if err := w.Flush(); err != nil {
			t.Skip()
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), BOM)))
		r.Comma = ';'
		got, err := r.Read()
		if err != nil || len(got) != 2 || got[1] != "end" {
			t.Fatalf("cell %q: read back %q, %v", cell, got, err)
		}
		if c := got[0]; c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
			t.Fatalf("cell %q reads back as a formula %q", cell, c)
		}
	})
}
