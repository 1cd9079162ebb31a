package web

import (
	"crypto/rand"
	"encoding/base64"
	"net"
	"net/http"
	"strings"
)

// Cookies sets and reads a surface's cookies. A cookie named base goes as
// "__Host-"+base, HttpOnly and Secure; browsers accept a __Host- cookie
// only with Secure, which they refuse to store over plain http, so over
// plain http to a loopback address (the demo, tests) the cookie drops both.
type Cookies struct {
	// TrustProxy takes the scheme from X-Forwarded-Proto, for a surface
	// behind a proxy.
	TrustProxy bool
}

// SecureRequest reports whether the request came over https (directly or
// through a trusted proxy), or else over plain http to a loopback host,
// where cookies go without Secure.
func (c Cookies) SecureRequest(r *http.Request) bool {
	if r.TLS != nil || (c.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(r.Host); err == nil {
		host = h
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// Name is the cookie's name on this request: "__Host-"+base, or base.
func (c Cookies) Name(r *http.Request, base string) string {
	if c.SecureRequest(r) {
		return "__Host-" + base
	}
	return base
}

// Get is the cookie's value, or "".
func (c Cookies) Get(r *http.Request, base string) string {
	if ck, err := r.Cookie(c.Name(r, base)); err == nil {
		return ck.Value
	}
	return ""
}

// Set sets the cookie for the whole site; maxAge 0 makes it last the
// browser's session, a negative one deletes it.
func (c Cookies) Set(w http.ResponseWriter, r *http.Request, base, value string, maxAge int, sameSite http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: c.Name(r, base), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: c.SecureRequest(r), SameSite: sameSite})
}

// Clear deletes the cookie.
func (c Cookies) Clear(w http.ResponseWriter, r *http.Request, base string, sameSite http.SameSite) {
	c.Set(w, r, base, "", -1, sameSite)
}

// PreLoginToken returns the token of the forms shown before a session
// exists (login, recovery), setting its cookie base (SameSite=Strict) when
// the browser has none yet: double submit, the form must echo it, and
// ValidPost(r, c.Get(r, base)) checks it.
func (c Cookies) PreLoginToken(w http.ResponseWriter, r *http.Request, base string) string {
	if v := c.Get(r, base); len(v) == 43 {
		return v
	}
	b := make([]byte, 32)
	rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	c.Set(w, r, base, v, 0, http.SameSiteStrictMode)
	return v
}
