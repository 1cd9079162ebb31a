package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"

	"github.com/fos-mobile/fos/api"
)

// NewIdempotencyKey returns a fresh random key: 32 hex characters from
// crypto/rand. The caller makes one per attempt to create a request and
// sends the same one on every retry of that attempt.
func NewIdempotencyKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails; crypto/rand aborts the program instead
	return hex.EncodeToString(b)
}

// NewIdempotencyKey is the package's NewIdempotencyKey, as a method for the
// screens' interface.
func (c *Client) NewIdempotencyKey() string { return NewIdempotencyKey() }

// errNoKey guards against a create that could not be retried safely.
var errNoKey = errors.New("client: CreateReimbursement needs an idempotency key")

// CreateReimbursement opens a request (POST /reimbursements). The same
// idempotencyKey always yields the same request, so the call is retried
// with it. Errors: window_closed, already_requested (Reference and
// RequestID set), profile_changed (CurrentProfile set),
// idempotency_mismatch, invalid_request, unauthorized, and the transport
// problems of Code.
func (c *Client) CreateReimbursement(ctx context.Context, idempotencyKey string, req api.CreateReimbursementRequest) (api.Reimbursement, error) {
	if idempotencyKey == "" {
		return api.Reimbursement{}, errNoKey
	}
	var r api.Reimbursement
	_, err := c.do(ctx, call{method: http.MethodPost, path: "/reimbursements", retry: true, auth: true,
		header: map[string]string{api.IdempotencyKeyHeader: idempotencyKey}, body: req, out: &r})
	return r, err
}

// Reimbursements lists the member's requests, newest first, without their
// timelines. Errors: unauthorized, and the transport problems of Code.
func (c *Client) Reimbursements(ctx context.Context) (api.ReimbursementList, error) {
	l, _, _, err := c.ReimbursementsIfChanged(ctx, "")
	return l, err
}

// ReimbursementsIfChanged is Reimbursements sent with If-None-Match: etag
// (unconditional when etag is ""). On a 304, notModified is true and the
// list is empty.
func (c *Client) ReimbursementsIfChanged(ctx context.Context, etag string) (l api.ReimbursementList, newETag string, notModified bool, err error) {
	newETag, notModified, err = c.get(ctx, "/reimbursements", etag, &l)
	return l, newETag, notModified, err
}

// Reimbursement reads one request with its timeline, sent with
// If-None-Match: etag when etag is not "". On a 304, notModified is true
// and r is empty. Errors: not_found, unauthorized, and the transport
// problems of Code.
func (c *Client) Reimbursement(ctx context.Context, id int64, etag string) (r api.Reimbursement, newETag string, notModified bool, err error) {
	newETag, notModified, err = c.get(ctx, fmt.Sprintf("/reimbursements/%d", id), etag, &r)
	return r, newETag, notModified, err
}

// Cancel cancels a request still awaiting documents. It is not retried: a
// second cancel would fail with invalid_transition. Errors:
// invalid_transition (Status set), not_found, unauthorized, and the
// transport problems of Code.
func (c *Client) Cancel(ctx context.Context, id int64) (api.Reimbursement, error) {
	var r api.Reimbursement
	_, err := c.do(ctx, call{method: http.MethodPost, path: fmt.Sprintf("/reimbursements/%d/cancel", id), auth: true, out: &r})
	return r, err
}
