package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSecureCookieBehindTLS: behind a TLS proxy a cookie is __Host-
// prefixed and Secure; over plain http to a loopback host it is neither
// (browsers would refuse it); to any other host it stays Secure.
func TestSecureCookieBehindTLS(t *testing.T) {
	c := Cookies{TrustProxy: true}
	r := httptest.NewRequest("GET", "https://console.fos.example/login", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	w := httptest.NewRecorder()
	c.Set(w, r, "fos_console", "v", 0, http.SameSiteStrictMode)
	ck := w.Result().Cookies()[0]
	if ck.Name != "__Host-fos_console" || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" {
		t.Fatalf("cookie %+v", ck)
	}
	// Plain http to a non-loopback host still gets a Secure cookie (which
	// a browser will not keep), never a cookie that travels in clear.
	r = httptest.NewRequest("GET", "http://10.1.2.3:8081/login", nil)
	w = httptest.NewRecorder()
	c.Set(w, r, "fos_console", "v", 0, http.SameSiteStrictMode)
	if ck := w.Result().Cookies()[0]; !ck.Secure {
		t.Fatalf("cookie over plain http to a LAN host: %+v", ck)
	}
	// A forwarded https header is not believed without TrustProxy.
	r = httptest.NewRequest("GET", "http://127.0.0.1:8081/login", nil)
	r.Header.Set("X-Forwarded-Proto", "https")
	w = httptest.NewRecorder()
	Cookies{}.Set(w, r, "fos_console", "v", 0, http.SameSiteStrictMode)
	if ck := w.Result().Cookies()[0]; ck.Secure || ck.Name != "fos_console" {
		t.Fatalf("cookie over plain http to loopback: %+v", ck)
	}
}

// TestLocalPath: only this site's paths survive; every way browsers have
// of reading a path as another host is refused.
func TestLocalPath(t *testing.T) {
	for next, want := range map[string]string{
		"/dossiers?page=2":     "/dossiers?page=2",
		"":                     "/",
		"https://evil.example": "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"/\t/evil.example":     "/",
		"/%09/evil.example":    "/%09/evil.example",
		"/\n/evil.example":     "/",
		"evil":                 "/",
	} {
		if got := LocalPath(next); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", next, got, want)
		}
	}
}
