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

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", map[string]string{}, ""},
		{"LANG alone", map[string]string{"LANG": "ar_MA.UTF-8"}, "ar_MA.UTF-8"},
		{"LC_MESSAGES over LANG", map[string]string{"LC_MESSAGES": "en_US", "LANG": "ar_MA.UTF-8"}, "en_US"},
		{"LC_ALL over all", map[string]string{"LC_ALL": "fr_MA", "LC_MESSAGES": "en_US", "LANG": "ar_MA.UTF-8"}, "fr_MA"},
		{"LANGUAGE is not read", map[string]string{"LANGUAGE": "ar"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FromEnv(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Fatalf("FromEnv = %q, want %q", got, tc.want)
			}
		})
	}
}
