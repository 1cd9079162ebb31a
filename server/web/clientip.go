package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address rate limits and audit events count against, for
// the API and the agents' console alike: the peer, or behind a trusted
// proxy (trustProxy) the address that proxy appended last to X-Forwarded-For
// (over every line of the header; what the client wrote before it is not
// trusted). An IPv6 address counts as its /64, the block one subscriber
// gets, so that rotating addresses within it gains nothing.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ","); len(hops) > 0 {
			if a, err := netip.ParseAddr(strings.TrimSpace(hops[len(hops)-1])); err == nil {
				return addrKey(a)
			}
		}
	}
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return addrKey(ap.Addr())
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// addrKey is a's rate-limit key: IPv4 as is, IPv6 as its /64 prefix.
func addrKey(a netip.Addr) string {
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.WithZone("").Prefix(64)
	return p.String()
}
