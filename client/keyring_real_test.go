//go:build !android && !ios

package client

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestRealSecretService round-trips a token through a real Secret Service
// (gnome-keyring inside dbus-run-session: scripts/keyring-test.sh). It
// lives in a file named to run before keyring_test.go, whose go-keyring
// mock would otherwise replace the real provider for good.
func TestRealSecretService(t *testing.T) {
	if os.Getenv("FOS_TEST_REAL_KEYRING") != "1" {
		t.Skip("FOS_TEST_REAL_KEYRING is not 1: run scripts/keyring-test.sh to test against a real Secret Service")
	}
	if keyringMocked {
		t.Fatal("go-keyring's mock was installed earlier in this run; run with -run TestRealSecretService")
	}
	s := NewKeyringStore()
	ctx := t.Context()
	tok := "real-" + NewIdempotencyKey()
	if err := s.Set(ctx, tok); err != nil {
		t.Fatalf("Set: %v", err)
	}
	t.Cleanup(func() { _ = s.Delete(ctx) })
	if got, err := s.Get(ctx); err != nil || got != tok {
		t.Fatalf("Get = %q, %v; want the token", got, err)
	}
	if got := secretTool(t); got != tok {
		t.Fatalf("secret-tool lookup = %q, want the token", got)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("after Delete: Get = %v, want ErrNoToken", err)
	}
	if got := secretTool(t); got != "" {
		t.Fatalf("secret-tool still finds %q after Delete", got)
	}
}

// secretTool looks the app's entry up with libsecret's own tool, so the
// test does not only trust go-keyring reading back what it wrote. It
// returns "" when there is no entry.
func secretTool(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("secret-tool", "lookup", "service", AppID, "username", KeyringUser).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && len(out) == 0 {
		return "" // secret-tool exits 1 when nothing matches
	}
	if err != nil {
		t.Fatalf("secret-tool: %v", err)
	}
	return strings.TrimRight(string(out), "\n")
}
