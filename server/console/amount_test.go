package console

import "testing"

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     int64
		err      string
	}{
		{"french with space and comma", "1 234,50", 123450, ""},
		{"narrow no-break space", "1\u202f234,50", 123450, ""},
		{"plain dot", "1234.50", 123450, ""},
		{"plain comma", "1234,5", 123440 + 10, ""},
		{"whole", "1234", 123400, ""},
		{"dot grouping, decimal comma", "1.234,50", 123450, ""},
		{"comma grouping, decimal dot", "1,234.50", 123450, ""},
		{"grouped millions", "1.234.567", 123456700, "err.amount.max"},
		{"grouped without decimals", "12.345.678", 0, "err.amount.max"},
		{"arabic-indic digits", "١٢٣٤,٥٠", 123450, ""},
		{"currency suffix", "850 MAD", 85000, ""},
		{"ambiguous dot", "1.234", 0, "err.amount.ambiguous"},
		{"ambiguous comma", "1,234", 0, "err.amount.ambiguous"},
		{"three decimals after both", "1.234,567", 0, "err.amount.decimals"},
		{"empty", "  ", 0, "err.amount.required"},
		{"negative", "-12", 0, "err.amount.positive"},
		{"zero", "0,00", 0, "err.amount.positive"},
		{"letters", "12a", 0, "err.amount.invalid"},
		{"bad grouping", "12.34,50", 0, "err.amount.invalid"},
		{"script", "<script>", 0, "err.amount.invalid"},
		{"too large", "2 000 000", 0, "err.amount.max"},
		{"overflow attempt", "99999999999999999999", 0, "err.amount.invalid"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseAmount(c.in)
			if err != c.err || (err == "" && got != c.want) {
				t.Fatalf("parseAmount(%q) = %d, %q; want %d, %q", c.in, got, err, c.want, c.err)
			}
		})
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1 234,50", "1.234,50", "1234.5", "١٢٣", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseAmount(s)
		if err == "" && (v <= 0 || v > maxAmount) {
			t.Fatalf("parseAmount(%q) = %d without error", s, v)
		}
	})
}
