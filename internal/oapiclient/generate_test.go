package oapiclient_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedClientIsCurrent runs doc.go's go:generate line (the pinned
// oapi-codegen, through go.mod's tool directive) into a temporary file and
// fails while the committed oapiclient.gen.go differs from it.
func TestGeneratedClientIsCurrent(t *testing.T) {
	args := generateArgs(t)
	out := filepath.Join(t.TempDir(), "oapiclient.gen.go")
	for i, a := range args[:len(args)-1] {
		if a == "-o" {
			args[i+1] = out
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("oapiclient.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("oapiclient.gen.go is not what api/openapi.yaml generates: run go generate ./internal/oapiclient/ and commit it (%s)", firstDiff(want, got))
	}
}

// generateArgs returns the command of doc.go's go:generate line.
func generateArgs(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(src), "\n") {
		if cmd, ok := strings.CutPrefix(line, "//go:generate "); ok {
			args := strings.Fields(cmd)
			if !strings.Contains(cmd, " -o ") || args[0] != "go" {
				t.Fatalf("doc.go: the go:generate line %q should run go with -o", cmd)
			}
			return args
		}
	}
	t.Fatal("doc.go has no go:generate line")
	return nil
}

// firstDiff names the first line where the two files differ.
func firstDiff(committed, generated []byte) string {
	c, g := strings.Split(string(committed), "\n"), strings.Split(string(generated), "\n")
	for i := range min(len(c), len(g)) {
		if c[i] != g[i] {
			return fmt.Sprintf("line %d: committed %q, generated %q", i+1, c[i], g[i])
		}
	}
	return fmt.Sprintf("committed %d lines, generated %d", len(c), len(g))
}
