package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/fos-mobile/fos/api"
)

// Privacy returns the privacy notice's configured facts (GET /privacy,
// public: no session needed). Errors: the transport problems of Code.
func (c *Client) Privacy(ctx context.Context) (api.Privacy, error) {
	var p api.Privacy
	_, err := c.do(ctx, call{method: http.MethodGet, path: "/privacy", retry: true, out: &p})
	return p, err
}

// Export downloads everything the foundation holds on the member
// (GET /me/export): the JSON file, or with format api.ExportHTML the
// readable page in lang ("fr", "ar"). The bytes are the file to save.
// Errors: unauthorized, rate_limited, invalid_request (format, lang), and
// the transport problems of Code.
func (c *Client) Export(ctx context.Context, format, lang string) ([]byte, error) {
	accept := "application/json"
	if format == api.ExportHTML {
		accept = "text/html"
	}
	q := url.Values{"format": {format}, "lang": {lang}}
	resp, err := c.do(ctx, call{method: http.MethodGet, path: "/me/export?" + q.Encode(), retry: true, auth: true,
		header: map[string]string{"Accept": accept}})
	if err != nil {
		return nil, err
	}
	return resp.Body(), nil
}
