package console

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fos-mobile/fos/server/auth"
)

func TestAgentEmail(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "Agent.Rabat@FOS.Finances.gov.ma", "agent.rabat@fos.finances.gov.ma", true},
		{"trimmed", "  a@fos.ma ", "a@fos.ma", true},
		{"markup", "<script>alert(1)</script>@fos.ma", "", false},
		{"quote", `a"b@fos.ma`, "", false},
		{"display name", "Agent <a@fos.ma>", "", false},
		{"no domain dot", "a@localhost", "", false},
		{"no local part", "@fos.ma", "", false},
		{"two at signs", "a@b@fos.ma", "", false},
		{"not ASCII", "agént@fos.ma", "", false},
		{"empty", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := agentEmail(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("agentEmail(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p, err := generatePassword(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.ValidatePassword(p); err != nil {
			t.Fatalf("%q fails the password policy: %v", p, err)
		}
		groups := strings.Split(p, "-")
		if len(groups) != 4 || utf8.RuneCountInString(p) != 23 {
			t.Fatalf("%q: want four groups of five", p)
		}
		for _, c := range strings.ReplaceAll(p, "-", "") {
			if !strings.ContainsRune(passwordAlphabet, c) {
				t.Fatalf("%q has %q, outside the alphabet", p, c)
			}
		}
		if seen[p] {
			t.Fatalf("%q generated twice", p)
		}
		seen[p] = true
	}
	// Bytes past the last whole multiple of the alphabet are skipped, not
	// folded onto its first letters.
	p, err := generatePassword(bytes.NewReader(append(bytes.Repeat([]byte{255}, 10), make([]byte, 20)...)))
	if err != nil || p != "aaaaa-aaaaa-aaaaa-aaaaa" {
		t.Fatalf("biased bytes: %q, %v", p, err)
	}
	if _, err := generatePassword(bytes.NewReader(nil)); err == nil {
		t.Fatal("no randomness should be an error")
	}
}
