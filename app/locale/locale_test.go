package locale

import "testing"

func TestFix(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // LANGUAGE afterwards
	}{
		{"nothing set", map[string]string{}, "fr"},
		{"C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, "fr"},
		{"LC_ALL POSIX.UTF-8 wins over LANG", map[string]string{"LC_ALL": "POSIX.UTF-8", "LANG": "ar_MA.UTF-8"}, "fr"},
		{"plain C is left alone", map[string]string{"LANG": "C"}, ""},
		{"Arabic is left alone", map[string]string{"LANG": "ar_MA.UTF-8"}, ""},
		{"French with modifier", map[string]string{"LC_ALL": "fr_FR@euro"}, ""},
		{"LANGUAGE already set", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "ar"}, "ar"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			Fix(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if got := env["LANGUAGE"]; got != tc.want {
				t.Fatalf("LANGUAGE = %q, want %q", got, tc.want)
			}
		})
	}
}
