package uikit

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// bidiCase is one line of the Unicode BidiCharacterTest data.
type bidiCase struct {
	line   int
	runes  []rune
	dir    paraDir
	para   int8
	levels []int8 // -1 for 'x' (removed by X9)
	order  []int
}

func parseBidiLine(line int, s string) (bidiCase, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "#") {
		return bidiCase{}, false, nil
	}
	f := strings.Split(s, ";")
	if len(f) != 5 {
		return bidiCase{}, false, fmt.Errorf("line %d: %d fields", line, len(f))
	}
	c := bidiCase{line: line}
	for _, h := range strings.Fields(f[0]) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return c, false, fmt.Errorf("line %d: %v", line, err)
		}
		c.runes = append(c.runes, rune(v))
	}
	c.dir = map[string]paraDir{"0": dirLTR, "1": dirRTL, "2": dirAuto}[f[1]]
	p, err := strconv.Atoi(f[2])
	if err != nil {
		return c, false, fmt.Errorf("line %d: %v", line, err)
	}
	c.para = int8(p)
	for _, l := range strings.Fields(f[3]) {
		if l == "x" {
			c.levels = append(c.levels, -1)
			continue
		}
		v, err := strconv.Atoi(l)
		if err != nil {
			return c, false, fmt.Errorf("line %d: %v", line, err)
		}
		c.levels = append(c.levels, int8(v))
	}
	for _, o := range strings.Fields(f[4]) {
		v, err := strconv.Atoi(o)
		if err != nil {
			return c, false, fmt.Errorf("line %d: %v", line, err)
		}
		c.order = append(c.order, v)
	}
	return c, true, nil
}

// hasExplicit reports whether the case uses explicit directional
// formatting characters, which resolveLevels does not support.
func (c bidiCase) hasExplicit() bool {
	for _, r := range c.runes {
		if (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return true
		}
	}
	return false
}

// check runs the case and returns a description of the first mismatch.
func (c bidiCase) check() string {
	res := resolveLevels(c.runes, c.dir)
	if res.para != c.para {
		return fmt.Sprintf("paragraph level %d, want %d", res.para, c.para)
	}
	lv := res.lineLevels(0, len(c.runes))
	var kept []int
	var keptLv []int8
	for i, want := range c.levels {
		if want < 0 {
			if !res.removed[i] {
				return fmt.Sprintf("rune %d (%U) kept, want removed", i, c.runes[i])
			}
			continue
		}
		if lv[i] != want {
			return fmt.Sprintf("levels %v, want %v", lv, c.levels)
		}
		kept = append(kept, i)
		keptLv = append(keptLv, lv[i])
	}
	var got []int
	for _, k := range visualOrder(keptLv) {
		got = append(got, kept[k])
	}
	if fmt.Sprint(got) != fmt.Sprint(c.order) {
		return fmt.Sprintf("order %v, want %v", got, c.order)
	}
	return ""
}

func readBidiCases(t *testing.T, path string) []bidiCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []bidiCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		c, ok, err := parseBidiLine(n, sc.Text())
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			cases = append(cases, c)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestBidiCharacterTestFull runs every line of the system's copy of the
// standard's conformance data (Debian package unicode-data) that has no
// explicit formatting character.
func TestBidiCharacterTestFull(t *testing.T) {
	const path = "/usr/share/unicode/BidiCharacterTest.txt"
	if _, err := os.Stat(path); err != nil {
		t.Fatal("no", path, "- install the Debian package unicode-data (scripts/deps.sh test does)")
	}
	fails, ran := 0, 0
	for _, c := range readBidiCases(t, path) {
		if c.hasExplicit() {
			continue
		}
		ran++
		if msg := c.check(); msg != "" {
			fails++
			if fails <= 20 {
				t.Errorf("line %d: %s", c.line, msg)
			}
		}
	}
	t.Logf("%d cases run, %d failed", ran, fails)
}

// subsetSourceLines maps line numbers of the original file to line
// numbers of testdata/bidi-subset.txt.
func subsetSourceLines(t *testing.T) map[int]int {
	t.Helper()
	b, err := os.ReadFile("testdata/bidi-subset.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]int{}
	for i, l := range strings.Split(string(b), "\n") {
		if n, ok := strings.CutPrefix(l, "# line "); ok {
			src, err := strconv.Atoi(n)
			if err != nil {
				t.Fatal(err)
			}
			out[src] = i + 2 // the case is on the next line (1-based)
		}
	}
	return out
}

// TestBidiCharacterTestSubset runs the committed subset of the standard's
// conformance data; it always runs.
func TestBidiCharacterTestSubset(t *testing.T) {
	cases := readBidiCases(t, "testdata/bidi-subset.txt")
	if len(cases) < 300 {
		t.Fatalf("only %d cases in the subset", len(cases))
	}
	for _, c := range cases {
		if c.hasExplicit() {
			t.Fatalf("subset line %d has explicit formatting characters", c.line)
		}
		if msg := c.check(); msg != "" {
			t.Errorf("subset line %d: %s", c.line, msg)
		}
	}
}

// visualString shows runes in visual order, for readable expectations.
func visualString(s string, dir paraDir) string {
	runes := []rune(s)
	res := resolveLevels(runes, dir)
	var out []rune
	for _, i := range visualOrder(res.lineLevels(0, len(runes))) {
		out = append(out, runes[i])
	}
	return string(out)
}

func TestVisualOrderOfAppStrings(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		dir  paraDir
		want string // left to right on screen
	}{
		{"reference in Arabic", "الملف EST-2026-000123", dirRTL, "EST-2026-000123 فلملا"},
		{"date in Arabic", "أجل 15/09/2026", dirRTL, "15/09/2026 لجأ"},
		{"amount in Arabic", "المبلغ 1.234,50\u00a0درهم", dirRTL, "مهرد\u00a01.234,50 غلبملا"},
		{"acronym in Arabic", "منخرط في CNSS", dirRTL, "CNSS يف طرخنم"},
		{"long date in Arabic", "15 شتنبر 2026", dirRTL, "2026 ربنتش 15"},
		{"French with Arabic name then number", "Nom : محمد 12", dirAuto, "Nom : 12 دمحم"},
		{"number after Arabic in LTR", "abc عربي 123 def", dirLTR, "abc 123 يبرع def"},
		{"parentheses mirrored by position", "ابج book(s)", dirRTL, "book(s) جبا"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := visualString(tc.in, tc.dir); got != tc.want {
				t.Fatalf("visual order\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
