package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/fos-mobile/fos/api"
)

// The pages a member sends for the agents' pre-check
// (POST /reimbursements/{id}/pages and its neighbours).

// UploadPage sends data as a page of document doc (an index into the
// request's required documents) under key: the same key for every retry
// of one page, so that a retry never stores it twice. progress, when not
// nil, is called from the sending goroutine with the bytes sent so far and
// the total; a retry after a dropped connection starts again from zero
// (the server keeps nothing of a cut upload). Errors: payload_too_large,
// unsupported_media_type, quota_exceeded, invalid_transition (the request
// no longer awaits documents), idempotency_mismatch, not_found,
// unauthorized, and the transport problems of Code.
func (c *Client) UploadPage(ctx context.Context, id int64, doc int, name, key string, data []byte, progress func(sent, total int64)) (api.Page, error) {
	if key == "" {
		return api.Page{}, errNoKey
	}
	path := fmt.Sprintf("/reimbursements/%d/pages?document=%d&name=%s", id, doc, url.QueryEscape(name))
	var p api.Page
	var err error
	for attempt := 1; ; attempt++ {
		body := &progressReader{data: data, fn: progress}
		_, err = c.do(ctx, call{method: http.MethodPost, path: path, auth: true, out: &p,
			header: map[string]string{api.IdempotencyKeyHeader: key}, raw: body, rawType: "application/octet-stream"})
		if err == nil || attempt > c.cfg.Retries || !Retryable(err) || !retriesAllowed(ctx) {
			return p, err
		}
		select {
		case <-ctx.Done():
			return p, transportError(ctx, ctx.Err())
		case <-time.After(backoff(c.cfg.RetryWait, c.cfg.RetryMaxWait, attempt)):
		}
	}
}

// progressReader reports how much of data was read.
type progressReader struct {
	data []byte
	off  atomic.Int64
	fn   func(sent, total int64)
}

func (r *progressReader) Read(b []byte) (int, error) {
	off := r.off.Load()
	if off >= int64(len(r.data)) {
		return 0, io.EOF
	}
	n := copy(b, r.data[off:])
	r.off.Add(int64(n))
	if r.fn != nil {
		r.fn(off+int64(n), int64(len(r.data)))
	}
	return n, nil
}

// Pages lists the pages of request id, by document and number. Errors:
// not_found, unauthorized, and the transport problems of Code.
func (c *Client) Pages(ctx context.Context, id int64) (api.PageList, error) {
	var l api.PageList
	_, err := c.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf("/reimbursements/%d/pages", id), retry: true, auth: true, out: &l})
	return l, err
}

// PageBytes reads a page as the server stored it (cleaned), with its
// content type. Errors: not_found, unauthorized, and the transport
// problems of Code.
func (c *Client) PageBytes(ctx context.Context, id, page int64) ([]byte, string, error) {
	resp, err := c.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf("/reimbursements/%d/pages/%d", id, page), retry: true, auth: true,
		limit: api.MaxPageBytes})
	if err != nil {
		return nil, "", err
	}
	return resp.Body(), resp.Header().Get("Content-Type"), nil
}

// PageThumbnail reads the thumbnail of an image page (a JPEG of at most
// 240 pixels a side, upright, about 15 KB): what a list of pages shows
// instead of the page. Errors: not_found (also for a PDF, which has none),
// unauthorized, and the transport problems of Code.
func (c *Client) PageThumbnail(ctx context.Context, id, page int64) ([]byte, error) {
	resp, err := c.do(ctx, call{method: http.MethodGet, path: fmt.Sprintf("/reimbursements/%d/pages/%d/thumbnail", id, page), retry: true,
		auth: true, limit: maxThumbBytes})
	if err != nil {
		return nil, err
	}
	return resp.Body(), nil
}

// maxThumbBytes bounds a thumbnail's answer: ten times what the server
// makes for a phone photo.
const maxThumbBytes = 256 << 10

// DeletePage removes a page the agents have not looked at yet. Errors:
// invalid_transition (an agent has seen it, or the request no longer
// awaits documents), not_found, unauthorized, and the transport problems
// of Code.
func (c *Client) DeletePage(ctx context.Context, id, page int64) error {
	_, err := c.do(ctx, call{method: http.MethodDelete, path: fmt.Sprintf("/reimbursements/%d/pages/%d", id, page), auth: true})
	return err
}
