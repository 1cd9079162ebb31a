package countercode

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func TestSignedTextRoundTrips(t *testing.T) {
	text := Sign(key, "EST-2026-000123")
	if !regexp.MustCompile(`^EST-2026-000123-[A-Z2-7]{26}$`).MatchString(text) {
		t.Fatalf("signed text %q: want the reference, a hyphen and 26 base32 letters", text)
	}
	for name, in := range map[string]string{"as signed": text, "lower case": strings.ToLower(text), "with spaces": "  " + text + "\n"} {
		ref, signed, err := Parse(key, in)
		if err != nil || !signed || ref != "EST-2026-000123" {
			t.Errorf("%s: Parse = %q, %v, %v; want the reference, signed", name, ref, signed, err)
		}
	}
}

func TestParseRefusesForgeries(t *testing.T) {
	good := Sign(key, "EST-2026-000123")
	cases := map[string]string{
		"other reference, same signature": "EST-2026-000124" + good[len("EST-2026-000123"):],
		"signature from another key":      Sign([]byte("another key, another key, 32 byt"), "EST-2026-000123"),
		"one letter changed":              good[:len(good)-1] + map[bool]string{true: "B", false: "A"}[good[len(good)-1] == 'A'],
	}
	for name, text := range cases {
		if _, signed, err := Parse(key, text); !signed || !errors.Is(err, ErrForged) {
			t.Errorf("%s: Parse(%q) = signed %v, %v; want ErrForged", name, text, signed, err)
		}
	}
}

func TestPlainReferencePassesThroughUnsigned(t *testing.T) {
	ref, signed, err := Parse(key, " est-2026-000123 ")
	if err != nil || signed || ref != "EST-2026-000123" {
		t.Fatalf("Parse = %q, %v, %v; want the upper-cased reference, unsigned", ref, signed, err)
	}
}
