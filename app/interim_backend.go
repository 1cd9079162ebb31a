package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/fos-mobile/fos/api"
)

// plainBackend is an INTERIM Backend over bare net/http, used until the
// client package (resty, timeouts, retries, keyring TokenStore) lands; then
// newBackend in run.go returns the client instead. It keeps the token in
// memory only, so a restart asks to log in again.
type plainBackend struct {
	base  string
	mu    sync.Mutex
	token string
}

// call sends one request and decodes the answer or the contract's error.
func (b *plainBackend) call(ctx context.Context, method, path string, hdr map[string]string, in, out any) (int, http.Header, error) {
	var body bytes.Buffer
	if in != nil {
		if err := json.NewEncoder(&body).Encode(in); err != nil {
			return 0, nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base+api.BasePath+path, &body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	b.mu.Lock()
	if b.token != "" {
		req.Header.Set("Authorization", "Bearer "+b.token)
	}
	b.mu.Unlock()
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		var eb api.ErrorBody
		if err := json.NewDecoder(resp.Body).Decode(&eb); err != nil || eb.Error == nil {
			return resp.StatusCode, resp.Header, fmt.Errorf("status %d", resp.StatusCode)
		}
		return resp.StatusCode, resp.Header, eb.Error
	}
	if out != nil && resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusNotModified {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, resp.Header, err
		}
	}
	return resp.StatusCode, resp.Header, nil
}

// httpClient bounds every call, as the real client will.
var httpClient = &http.Client{Timeout: 20 * time.Second}

// HasSession implements Backend.
func (b *plainBackend) HasSession(context.Context) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.token != ""
}

// Login implements Backend.
func (b *plainBackend) Login(ctx context.Context, id, pw string) (api.LoginResponse, error) {
	var r api.LoginResponse
	_, _, err := b.call(ctx, "POST", "/auth/login", nil, api.LoginRequest{Identifier: id, Password: pw}, &r)
	if err == nil {
		b.mu.Lock()
		b.token = r.AccessToken
		b.mu.Unlock()
	}
	return r, err
}

// Logout implements Backend.
func (b *plainBackend) Logout(ctx context.Context) error {
	_, _, err := b.call(ctx, "POST", "/auth/logout", nil, nil, nil)
	b.mu.Lock()
	b.token = ""
	b.mu.Unlock()
	return err
}

// Recover implements Backend.
func (b *plainBackend) Recover(ctx context.Context, id, cin string) error {
	_, _, err := b.call(ctx, "POST", "/auth/recover", nil, api.RecoverRequest{Identifier: id, CIN: cin}, nil)
	return err
}

// RecoverConfirm implements Backend.
func (b *plainBackend) RecoverConfirm(ctx context.Context, id, code, pw string) error {
	_, _, err := b.call(ctx, "POST", "/auth/recover/confirm", nil, api.RecoverConfirmRequest{Identifier: id, Code: code, NewPassword: pw}, nil)
	return err
}

// Me implements Backend.
func (b *plainBackend) Me(ctx context.Context) (p api.Profile, err error) {
	_, _, err = b.call(ctx, "GET", "/me", nil, nil, &p)
	return
}

// Services implements Backend.
func (b *plainBackend) Services(ctx context.Context) (l api.ServiceList, err error) {
	_, _, err = b.call(ctx, "GET", "/services", nil, nil, &l)
	return
}

// Estivage implements Backend.
func (b *plainBackend) Estivage(ctx context.Context) (e api.Estivage, err error) {
	_, _, err = b.call(ctx, "GET", "/estivage", nil, nil, &e)
	return
}

// CreateReimbursement implements Backend.
func (b *plainBackend) CreateReimbursement(ctx context.Context, key string, req api.CreateReimbursementRequest) (r api.Reimbursement, err error) {
	_, _, err = b.call(ctx, "POST", "/reimbursements", map[string]string{api.IdempotencyKeyHeader: key}, req, &r)
	return
}

// NewIdempotencyKey implements Backend.
func (b *plainBackend) NewIdempotencyKey() string {
	k := make([]byte, 16)
	_, _ = rand.Read(k)
	return hex.EncodeToString(k)
}

// Reimbursements implements Backend.
func (b *plainBackend) Reimbursements(ctx context.Context) (l api.ReimbursementList, err error) {
	_, _, err = b.call(ctx, "GET", "/reimbursements", nil, nil, &l)
	return
}

// Reimbursement implements Backend.
func (b *plainBackend) Reimbursement(ctx context.Context, id int64, etag string) (api.Reimbursement, string, bool, error) {
	var r api.Reimbursement
	hdr := map[string]string{}
	if etag != "" {
		hdr["If-None-Match"] = etag
	}
	st, h, err := b.call(ctx, "GET", fmt.Sprintf("/reimbursements/%d", id), hdr, nil, &r)
	if err != nil {
		return r, "", false, err
	}
	return r, h.Get("ETag"), st == http.StatusNotModified, nil
}

// Cancel implements Backend.
func (b *plainBackend) Cancel(ctx context.Context, id int64) (r api.Reimbursement, err error) {
	_, _, err = b.call(ctx, "POST", fmt.Sprintf("/reimbursements/%d/cancel", id), nil, nil, &r)
	return
}
