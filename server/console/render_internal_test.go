package console

import (
	"testing"

	"github.com/fos-mobile/fos/server/web"
)

// TestShownAt: the language switch on a page answering a POST leads to a
// page the console serves with GET, never to the POST's own path.
func TestShownAt(t *testing.T) {
	c := &Console{}
	c.Handler(nil)
	for p, want := range map[string]string{
		"/login":                  "/login",
		"/dossiers/5/approve":     "/dossiers/5",
		"/paiements/lots":         "/paiements",
		"/paiements/lots/3/payer": "/paiements/lots/3",
		"/campagnes":              "/campagnes",
		"/agents/4/mot-de-passe":  "/agents",
		"/logout":                 "/",
	} {
		if got := web.ShownAt(c.tpl().Mux, p); got != want {
			t.Errorf("shownAt(%q) = %q, want %q", p, got, want)
		}
	}
}
