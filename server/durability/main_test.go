package durability

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// builder compiles fos-server once for the whole test binary; every test
// then runs the same executable an operator would.
var builder struct {
	once sync.Once
	dir  string
	path string
	out  []byte
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fos-durability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	builder.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary returns the path of the fos-server binary, built without cgo as
// it ships.
func binary(t *testing.T) string {
	t.Helper()
	builder.once.Do(func() {
		builder.path = filepath.Join(builder.dir, "fos-server")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", builder.path, "github.com/fos-mobile/fos/cmd/fos-server")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		builder.out, builder.err = cmd.CombinedOutput()
	})
	if builder.err != nil {
		t.Fatalf("go build fos-server: %v\n%s", builder.err, builder.out)
	}
	return builder.path
}

// runCLI runs one fos-server command to completion; it must succeed.
// Passwords go through stdin and never appear in args or in the output.
func runCLI(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := cliOutput(ctx, binary(t), stdin, args...)
	if err != nil {
		t.Fatalf("fos-server %s: %v\n%s", strings.Join(args[:min(2, len(args))], " "), err, out)
	}
	return out
}

// cliOutput runs bin with args and stdin and returns its combined output.
func cliOutput(ctx context.Context, bin, stdin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "FOS_DB=", "FOS_SMTP=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// crashSize is how hard the crash tests push: members per round, rounds of
// load → kill -9 → restart, and concurrent clients.
type crashSize struct {
	members, rounds, workers int
}

// sizeFromEnv is small by default (a few seconds per engine, for make
// test) and larger with FOS_CRASH_SIZE=large (make crash-test).
func sizeFromEnv(t *testing.T) crashSize {
	switch v := os.Getenv("FOS_CRASH_SIZE"); v {
	case "", "small":
		return crashSize{members: 200, rounds: 1, workers: 12}
	case "large":
		return crashSize{members: 1000, rounds: 4, workers: 24}
	default:
		t.Fatalf("FOS_CRASH_SIZE=%q: want small or large", v)
	}
	return crashSize{}
}
