package translations

import (
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"

	"github.com/fos-mobile/fos/api"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"fr", FR, true}, {"ar", AR, true}, {"en", EN, true}, {" AR ", AR, true},
		{"de", "", false}, {"", "", false}, {"arabic", "", false},
	} {
		if got, ok := Parse(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFromLocale(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
	}{
		{"ar_MA.UTF-8", AR}, {"ar-MA", AR}, {"ar", AR}, {"AR_ma", AR},
		{"en_US.UTF-8", EN}, {"en-GB", EN}, {"en", EN},
		{"fr_MA.UTF-8", FR}, {"fr", FR}, {"C.UTF-8", FR}, {"", FR}, {"arn_CL", FR}, {"de_DE", FR},
	} {
		if got := FromLocale(tc.in); got != tc.want {
			t.Errorf("FromLocale(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestComplete is the "every shown string has Arabic" check: every key of
// fr.json must have a non-empty Arabic and English text.
func TestComplete(t *testing.T) {
	for _, l := range []Lang{AR, EN} {
		if m := Missing(l); len(m) != 0 {
			t.Errorf("%s.json lacks %d keys: %v", l, len(m), m)
		}
	}
	if len(Keys(FR)) == 0 {
		t.Fatal("fr.json is empty")
	}
	// Every language has a text for every contract error code.
	for _, c := range []api.Code{api.CodeInvalidRequest, api.CodeInvalidCredentials, api.CodeUnauthorized,
		api.CodeForbidden, api.CodeNotFound, api.CodeRateLimited, api.CodeWindowClosed, api.CodeAlreadyRequested,
		api.CodeProfileChanged, api.CodeIdempotencyMismatch, api.CodeInvalidTransition, api.CodePayloadTooLarge,
		api.CodeUnsupportedMedia, api.CodeQuotaExceeded, api.CodeVersionConflict,
		api.CodeInternal, api.CodeUnavailable} {
		if !slices.Contains(Keys(FR), "error."+string(c)) {
			t.Errorf("fr.json has no error.%s", c)
		}
	}
}

func TestMissingReportsAbsentKeys(t *testing.T) {
	c := map[Lang]map[string]string{FR: {}, EN: {}}
	for k, v := range catalogs[FR] {
		c[FR][k] = v
	}
	for k, v := range catalogs[EN] {
		c[EN][k] = v
	}
	delete(c[EN], "action.retry")
	c[EN]["error.network"] = " "
	if got, want := missingIn(c, EN), []string{"action.retry", "error.network"}; !slices.Equal(got, want) {
		t.Fatalf("Missing(EN) = %v, want %v", got, want)
	}
}

func TestLookup(t *testing.T) {
	c := map[Lang]map[string]string{
		FR: {"a": "A fr", "n": "%d jours", "only.fr": "seulement"},
		AR: {"a": "أ", "n": "%d أيام", "dual": "يومين", "empty": ""},
		EN: {},
	}
	c[FR]["empty"] = "vide"
	c[FR]["dual"] = "%d jours"
	for _, tc := range []struct {
		name string
		l    Lang
		key  string
		args []any
		want string
	}{
		{"found", AR, "a", nil, "أ"},
		{"formatted", AR, "n", []any{3}, "3 أيام"},
		{"missing in Arabic falls back to French", AR, "only.fr", nil, "seulement"},
		{"empty in Arabic falls back to French", AR, "empty", nil, "vide"},
		{"missing everywhere gives the key", EN, "nope.key", nil, "nope.key"},
		{"text without verb ignores the argument", AR, "dual", []any{2}, "يومين"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lookup(c, tc.l, tc.key, tc.args...); got != tc.want {
				t.Fatalf("lookup = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTranslatorSwitch(t *testing.T) {
	tr := New(FR)
	if got, want := tr.T("action.retry"), "Réessayer"; got != want {
		t.Fatalf("fr: %q, want %q", got, want)
	}
	if tr.RTL() {
		t.Fatal("French is not RTL")
	}
	var calls atomic.Int32
	var seen []Lang
	tr.OnChange(func(l Lang) { calls.Add(1); seen = append(seen, l) })
	tr.OnChange(func(l Lang) {
		if tr.Lang() != l {
			t.Errorf("OnChange ran before the switch: %s != %s", tr.Lang(), l)
		}
	})
	tr.SetLang(AR)
	if got, want := tr.T("action.retry"), "إعادة المحاولة"; got != want {
		t.Fatalf("ar: %q, want %q", got, want)
	}
	if !tr.RTL() || tr.Lang() != AR {
		t.Fatal("Arabic must be RTL")
	}
	tr.SetLang("xx") // ignored
	tr.SetLang(EN)
	if got, want := tr.T("error.rate_limited", "in 5 minutes"), "Too many attempts. Try again in 5 minutes."; got != want {
		t.Fatalf("en: %q, want %q", got, want)
	}
	if calls.Load() != 2 || !slices.Equal(seen, []Lang{AR, EN}) {
		t.Fatalf("OnChange calls %d %v, want 2 [ar en]", calls.Load(), seen)
	}
	if New("xx").Lang() != FR {
		t.Fatal("New with an unknown language must fall back to French")
	}
}

func TestTranslatorConcurrent(t *testing.T) {
	tr := New(FR)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 1000; i++ {
			tr.SetLang([]Lang{FR, AR, EN}[i%3])
		}
	}()
	for i := 0; i < 1000; i++ {
		if tr.T("lang.ar") != "العربية" {
			t.Fatal("lang.ar must read العربية in every language")
		}
	}
	<-done
}

// TestArabicHints: an Arabic hint that shows an example says so in Arabic
// first, "مثال: …" (the app draws Arabic hints with its bidirectional Text,
// right-aligned, so the example's Latin letters and digits keep their
// place after it).
func TestArabicHints(t *testing.T) {
	tr := New(AR)
	for _, key := range Keys(AR) {
		if !strings.HasSuffix(key, ".hint") {
			continue
		}
		var latin bool
		for _, r := range tr.T(key) {
			if !unicode.Is(unicode.Arabic, r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				latin = true
			}
		}
		if latin && !strings.HasPrefix(tr.T(key), "مثال: ") {
			t.Errorf("%s = %q: an example must read \"مثال: …\"", key, tr.T(key))
		}
	}
}

// TestArabicPoliteAndConsistent: Arabic addresses the member in the polite
// plural and asks with one word, "المرجو", never "يرجى"; an em dash has a
// space on each side.
func TestArabicPoliteAndConsistent(t *testing.T) {
	tr := New(AR)
	// Words in the singular "you" that earlier texts used.
	singular := []string{"تحقق", "أعد", "جلستك", "يمكنك", "لديك", "بياناتك", "معطياتك", "طلبك", "تريد"}
	for _, key := range Keys(AR) {
		s := tr.T(key)
		if strings.Contains(s, "يرجى") {
			t.Errorf("%s = %q uses يرجى; the app says المرجو", key, s)
		}
		words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
		for _, w := range singular {
			if slices.Contains(words, w) {
				t.Errorf("%s = %q addresses the member in the singular (%q)", key, s, w)
			}
		}
		if i := strings.Index(s, "—"); i >= 0 && (i == 0 || s[i-1] != ' ' || !strings.HasPrefix(s[i+len("—"):], " ")) {
			t.Errorf("%s = %q: the dash needs a space on each side", key, s)
		}
	}
}
