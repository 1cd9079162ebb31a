package store

import (
	"regexp"
	"strings"
)

// secretParam finds a secret in a URL's query (?password=…&…) or in a
// keyword/value connection string (host=… password='…'): the value of a
// key named like a password, a secret, a token or a key.
var secretParam = regexp.MustCompile(`(?i)((?:^|[?&;\s])[a-z_]*(?:password|passwd|pwd|secret|token|apikey|api_key)=)('[^']*'|[^&;\s#]*)`)

// RedactURL hides what may be secret in a database or mail server URL so
// that it can be shown: the user information (scheme://…@host/…) and the
// values of password-like query parameters or keywords (password=…).
func RedactURL(u string) string {
	if scheme := strings.Index(u, "://"); scheme >= 0 {
		rest := u[scheme+3:]
		authority := rest
		if end := strings.IndexAny(rest, "/?#"); end >= 0 {
			authority = rest[:end]
		}
		if at := strings.LastIndex(authority, "@"); at >= 0 {
			u = u[:scheme+3] + "…" + rest[at:]
		}
	}
	return secretParam.ReplaceAllString(u, "${1}…")
}
