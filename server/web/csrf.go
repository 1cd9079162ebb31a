package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// SessionCSRF is the token every form of a session carries: an HMAC of
// the session's token hash under the surface's server key, so it needs no
// storage and dies with the session.
func SessionCSRF(key, tokenHash []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf\x00"))
	m.Write(tokenHash)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ValidPost checks a form's csrf field against want, and the Origin header
// (when the browser names one) against the request's own host. Under
// Referrer-Policy: no-referrer browsers send "Origin: null" with forms, so
// the token (and the SameSite cookie) carry the check then.
func ValidPost(r *http.Request, want string) bool {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	got := r.PostFormValue("csrf")
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// LocalPath keeps next only when it is a path of this site, so that no
// link can make a surface redirect elsewhere; anything else is "/".
// Browsers drop tabs and line breaks from a URL and read a backslash as a
// slash, so "/\t/evil" and "/\\evil" would both lead to another host: any
// control character is refused with them.
func LocalPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.IndexFunc(next, unicode.IsControl) >= 0 {
		return "/"
	}
	return next
}
