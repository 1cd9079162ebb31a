package screens

import "testing"

func TestLatinField(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		compact  bool
		want     string
	}{
		{"Arabic-Indic matricule", " ١٢٣٤٥٦٧ ", false, "1234567"},
		{"Eastern Arabic-Indic code", "۱۲۳۴۵۶", true, "123456"},
		{"code pasted with a space", "123 456", true, "123456"},
		{"e-mail kept as typed", " Salma@FOS.ma\t", false, "Salma@FOS.ma"},
		{"CIN with Arabic digits", "AB ١٢٣٤٥٦", true, "AB123456"},
		{"inside spaces kept when not compact", "12 34", false, "12 34"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := latinField(tc.in, tc.compact); got != tc.want {
				t.Fatalf("latinField(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{{"123456", true}, {"12345", false}, {"12345a", false}, {"١٢٣٤٥٦", false}} {
		if got := allDigits(tc.in, 6); got != tc.want {
			t.Errorf("allDigits(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
