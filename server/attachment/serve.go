package attachment

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// Serve sends a stored page's bytes so that a browser can never run them:
// nosniff, no-store (the page is a member's), a file name, a CSP that
// loads nothing, and a sandbox for anything that is not an image, which is
// also only ever a download. The member API and the web portal both serve
// pages through it.
func Serve(w http.ResponseWriter, r *http.Request, contentType, name string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	disposition := "inline"
	if !strings.HasPrefix(contentType, "image/") {
		disposition = "attachment"
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	} else {
		h.Set("Content-Security-Policy", "default-src 'none'")
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}
