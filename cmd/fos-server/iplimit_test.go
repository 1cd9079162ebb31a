package main_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestLoginIPLimitFlag: --login-ip-limit sets how many failed logins one
// client address may make before it is locked, and 0 is refused.
func TestLoginIPLimitFlag(t *testing.T) {
	bin := build(t)
	if code, out := command(t, bin, "", "serve", "--db", "sqlite:"+filepath.Join(t.TempDir(), "x.db"), "--login-ip-limit", "0"); code == 0 {
		t.Fatalf("--login-ip-limit 0 accepted:\n%s", out)
	}
	_, base, _ := serve(t, bin, "--db", "sqlite:"+filepath.Join(t.TempDir(), "fos.db"), "--login-ip-limit", "2")
	c := client{t: t, base: base}
	for i := range 3 {
		a := c.do("POST", "/api/v1/auth/login", "", api.LoginRequest{Identifier: fmt.Sprintf("555000%d", i), Password: "a wrong password"})
		want := 401
		if i == 2 {
			want = 429
		}
		if a.status != want {
			t.Fatalf("failure %d from one address: status %d, want %d: %s", i+1, a.status, want, a.body)
		}
	}
}
