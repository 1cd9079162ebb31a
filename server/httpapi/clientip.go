package httpapi

import "net/http"

// ClientIP is the client address rate limits and audit events count
// against, as the API computes it (see Server.clientIP), for the agents'
// console on its own listener.
func ClientIP(r *http.Request, trustProxy bool) string {
	return (&Server{TrustProxy: trustProxy}).clientIP(r)
}
