package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/fos-mobile/fos/api"
)

// client speaks the FOS API to one base URL over kept-alive connections.
type client struct {
	base string
	hc   *http.Client
}

func newClient(base string, conns int) *client {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: 90 * time.Second,
		DisableCompression: true}
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

func (c *client) close() { c.hc.CloseIdleConnections() }

// call sends one request and fails unless the answer has status want. It
// returns the body only when keep is set, to spare the load generator.
func (c *client) call(ctx context.Context, method, path, token, key string, body []byte, want int, keep bool) ([]byte, error) {
	return c.send(ctx, method, path, token, key, "application/json", body, want, keep)
}

// callRaw POSTs body as it is (a page upload) under key and fails unless
// the answer has status want.
func (c *client) callRaw(ctx context.Context, path, token, key string, body []byte, want int) ([]byte, error) {
	return c.send(ctx, http.MethodPost, path, token, key, "application/octet-stream", body, want, false)
}

// send is call with the body's content type.
func (c *client) send(ctx context.Context, method, path, token, key, ctype string, body []byte, want int, keep bool) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set(api.IdempotencyKeyHeader, key)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want || keep {
		b, err := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			return nil, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(b))
		}
		return b, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return nil, err
}

// login returns a session token for identifier.
func (c *client) login(ctx context.Context, identifier string) (string, error) {
	body, _ := json.Marshal(api.LoginRequest{Identifier: identifier, Password: Password})
	b, err := c.call(ctx, http.MethodPost, api.BasePath+"/auth/login", "", "", body, http.StatusOK, true)
	if err != nil {
		return "", err
	}
	var resp api.LoginResponse
	if err := json.Unmarshal(b, &resp); err != nil || resp.AccessToken == "" {
		return "", fmt.Errorf("login: no token in the answer (%v)", err)
	}
	return resp.AccessToken, nil
}

// list fetches the member's requests.
func (c *client) list(ctx context.Context, token string, keep bool) ([]byte, error) {
	return c.call(ctx, http.MethodGet, api.BasePath+"/reimbursements", token, "", nil, http.StatusOK, keep)
}

// etag returns the ETag of the member's list, for conditional polls.
func (c *client) etag(ctx context.Context, token string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+api.BasePath+"/reimbursements", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if e := resp.Header.Get("ETag"); resp.StatusCode == http.StatusOK && e != "" {
		return e, nil
	}
	return "", fmt.Errorf("GET /reimbursements: %d without an ETag", resp.StatusCode)
}

// createBody is the body of member's create of kind.
func createBody(member int, kind api.Kind) []byte {
	b, _ := json.Marshal(api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: memberProfile(member)})
	return b
}
