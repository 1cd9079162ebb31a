package client

import (
	"context"
	"net/http"

	"github.com/fos-mobile/fos/api"
)

// Me returns the member's record (GET /me). Errors: unauthorized, and the
// transport problems of Code.
func (c *Client) Me(ctx context.Context) (api.Profile, error) {
	var p api.Profile
	_, _, err := c.get(ctx, "/me", "", &p)
	return p, err
}

// SetPreferences changes the member's preferences given (PATCH /me): the
// language of their mails, whether a mail tells each step of their files.
// Setting values twice sets them once, so the call is retried like a read.
// Errors: invalid_request, unauthorized, and the transport problems of Code.
func (c *Client) SetPreferences(ctx context.Context, p api.PreferencesRequest) (api.Profile, error) {
	var out api.Profile
	_, err := c.do(ctx, call{method: http.MethodPatch, path: "/me", body: p, retry: true, auth: true, out: &out})
	return out, err
}

// Services returns the Espace de gestion's services (GET /services).
// Errors: unauthorized, and the transport problems of Code.
func (c *Client) Services(ctx context.Context) (api.ServiceList, error) {
	var l api.ServiceList
	_, _, err := c.get(ctx, "/services", "", &l)
	return l, err
}

// Estivage returns the current season and its windows (GET /estivage).
// Errors: unauthorized, not_found (no season), and the transport problems
// of Code.
func (c *Client) Estivage(ctx context.Context) (api.Estivage, error) {
	var e api.Estivage
	_, _, err := c.get(ctx, "/estivage", "", &e)
	return e, err
}

// get is an authenticated, retried GET. With an etag it is conditional:
// notModified reports a 304, and newETag is the answer's ETag (etag itself
// on a 304 without one).
func (c *Client) get(ctx context.Context, path, etag string, out any) (newETag string, notModified bool, err error) {
	k := call{method: http.MethodGet, path: path, retry: true, auth: true, out: out}
	if etag != "" {
		k.header = map[string]string{"If-None-Match": etag}
		k.allow304 = true
	}
	resp, err := c.do(ctx, k)
	if err != nil {
		return "", false, err
	}
	newETag = resp.Header().Get("ETag")
	notModified = resp.StatusCode() == http.StatusNotModified
	if notModified && newETag == "" {
		newETag = etag
	}
	return newETag, notModified, nil
}
