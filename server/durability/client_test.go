package durability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// newHTTPClient is a client for conns concurrent requests. Every call
// is also bounded by its context.
func newHTTPClient(conns int) *http.Client {
	return &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute},
	}
}

// reply is what one HTTP call brought back to the client.
type reply struct {
	// err is set when no answer reached the client (connection reset,
	// refused, timeout): the answer, if any, was lost.
	err        error
	status     int
	body       []byte
	retryAfter string
	created    api.Reimbursement // with 201
	apiErr     api.Error         // with an error status
}

func (r reply) String() string {
	if r.err != nil {
		return "no answer: " + r.err.Error()
	}
	if r.status == http.StatusCreated {
		return fmt.Sprintf("201 id=%d %s", r.created.ID, r.created.Reference)
	}
	return fmt.Sprintf("%d %s (request_id=%d %s): %s", r.status, r.apiErr.Code, r.apiErr.RequestID, r.apiErr.Reference, r.apiErr.Message)
}

// call sends one JSON request and decodes the answer.
func call(ctx context.Context, hc *http.Client, method, url, token string, header map[string]string, body any) reply {
	b, err := json.Marshal(body)
	if err != nil {
		return reply{err: err}
	}
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(b))
	if err != nil {
		return reply{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer resp.Body.Close()
	out := reply{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	if out.body, err = io.ReadAll(resp.Body); err != nil {
		// Headers came but the body was cut: the answer did not reach the client.
		return reply{err: fmt.Errorf("%d, body cut: %w", resp.StatusCode, err)}
	}
	switch {
	case resp.StatusCode == http.StatusCreated:
		err = json.Unmarshal(out.body, &out.created)
	case resp.StatusCode >= 400:
		var eb struct{ Error api.Error }
		err = json.Unmarshal(out.body, &eb)
		out.apiErr = eb.Error
	}
	if err != nil {
		out.err = fmt.Errorf("%d with an undecodable body %q: %w", resp.StatusCode, out.body, err)
	}
	return out
}

// createReimbursement is POST /api/v1/reimbursements under key.
func createReimbursement(ctx context.Context, hc *http.Client, base, token, key string, body api.CreateReimbursementRequest) reply {
	return call(ctx, hc, http.MethodPost, base+api.BasePath+"/reimbursements", token,
		map[string]string{api.IdempotencyKeyHeader: key}, body)
}

// login is POST /api/v1/auth/login, from client address forwardedFor when
// it is not empty (the servers run with --trust-proxy there). It returns
// the token with a 200.
func login(ctx context.Context, hc *http.Client, base, identifier, password, forwardedFor string) (reply, string) {
	var h map[string]string
	if forwardedFor != "" {
		h = map[string]string{"X-Forwarded-For": forwardedFor}
	}
	r := call(ctx, hc, http.MethodPost, base+api.BasePath+"/auth/login", "", h,
		api.LoginRequest{Identifier: identifier, Password: password})
	if r.err != nil || r.status != http.StatusOK {
		return r, ""
	}
	var lr api.LoginResponse
	if err := json.Unmarshal(r.body, &lr); err != nil || lr.AccessToken == "" {
		r.err = fmt.Errorf("login answer without a token: %v", err)
		return r, ""
	}
	return r, lr.AccessToken
}

// loginAll logs every member in, four at a time, on servers[i%len]; any
// failure ends the test.
func loginAll(t *testing.T, hc *http.Client, members []member, servers ...*server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	errs := make([]string, len(members))
	parallel(len(members), 4, func(i int) {
		r, token := login(ctx, hc, servers[i%len(servers)].url, members[i].matricule, members[i].password, "")
		if token == "" {
			errs[i] = fmt.Sprintf("login %s on %s: %s", members[i].matricule, servers[i%len(servers)].name, r)
		}
		members[i].token = token
	})
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
}

// parallel runs fn(0..n-1) on at most workers goroutines and waits.
func parallel(n, workers int, fn func(i int)) {
	next := make(chan int)
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		<-done
	}
}
