package portal

import (
	"net/http"
	"strings"

	"github.com/fos-mobile/fos/api"
)

// Public is the public listener's router: apiHandler (the API, under
// /api/v1, with its /healthz, /readyz and /metrics) beside the portal,
// which answers every other path.
func Public(apiHandler http.Handler, p *Portal) http.Handler {
	site := p.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch path := r.URL.Path; {
		case path == api.BasePath || strings.HasPrefix(path, api.BasePath+"/"),
			path == "/healthz", path == "/readyz", path == "/metrics":
			apiHandler.ServeHTTP(w, r)
		default:
			site.ServeHTTP(w, r)
		}
	})
}
