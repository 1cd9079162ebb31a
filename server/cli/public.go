package cli

import (
	"net/http"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/portal"
)

// publicHandler is the public listener's router: the API under /api/v1 and
// the members' web portal under "/" (portal.Public). Both share the auth
// service, so a member's tries through either count against one budget,
// and the API's metrics and access log, by route.
func publicHandler(c runConfig, a *auth.Service, h *httpapi.Server, sink audit.Sink) http.Handler {
	apiHandler := h.Handler()
	p := &portal.Portal{Store: c.store, Auth: a, View: h.MemberView, Export: h.Export, AddPage: h.AddPage, Privacy: h.PrivacyInfo,
		Audit: sink, Log: c.log, TrustProxy: c.trustProxy}
	return portal.Public(apiHandler, h.Instrument(p.Handler()))
}
