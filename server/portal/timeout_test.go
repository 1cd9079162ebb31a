package portal_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/auth"
)

// TestSessionLimits: the portal's session is a member token, with its
// idle and absolute limits, on the store's (fake) clock.
func TestSessionLimits(t *testing.T) {
	t.Parallel()
	p := auth.DefaultPolicy
	t.Run("idle", func(t *testing.T) {
		e := newEnv(t)
		h := e.client()
		h.login(e.acc.Member)
		e.clk.Add(p.MemberIdle - time.Minute)
		if code, _, _ := h.get("/services"); code != http.StatusOK {
			t.Fatalf("used within the idle limit: %d", code)
		}
		e.clk.Add(p.MemberIdle + time.Minute)
		if code, _, _ := h.get("/services"); code != http.StatusSeeOther {
			t.Fatalf("idle past the limit: %d, want the login page", code)
		}
	})
	t.Run("absolute", func(t *testing.T) {
		e := newEnv(t)
		h := e.client()
		h.login(e.acc.Member)
		step := p.MemberIdle / 2
		for used := time.Duration(0); used+step < p.MemberTTL; used += step {
			e.clk.Add(step)
			if code, _, _ := h.get("/services"); code != http.StatusOK {
				t.Fatalf("used every %s, refused after %s: %d", step, used+step, code)
			}
		}
		e.clk.Add(step)
		if code, _, _ := h.get("/services"); code != http.StatusSeeOther {
			t.Fatalf("past the absolute limit: %d, want the login page", code)
		}
	})
}
