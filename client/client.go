package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/fos-mobile/fos/api"
)

// Client calls the FOS API. It is safe for concurrent use.
type Client struct {
	base string
	cfg  Config
	// retrying serves calls that are safe to repeat; once serves login,
	// recovery and cancel, which are never repeated.
	retrying, once *resty.Client

	mu     sync.Mutex
	token  string
	loaded bool // token mirrors the store (possibly "no token")
}

// New checks cfg (see Config and ErrInsecureURL) and returns a client.
func New(cfg Config) (*Client, error) {
	base, err := checkBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Retries == 0 {
		cfg.Retries = DefaultRetries
	}
	if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	if cfg.RetryWait <= 0 {
		cfg.RetryWait = DefaultRetryWait
	}
	if cfg.RetryMaxWait <= 0 {
		cfg.RetryMaxWait = DefaultRetryMaxWait
	}
	if cfg.Tokens == nil {
		cfg.Tokens = NewMemoryStore()
	}
	if cfg.Revoke == nil {
		cfg.Revoke = NewMemoryStore()
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger{}
	}
	tr, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{base: base + api.BasePath, cfg: cfg}
	c.once = newResty(cfg, tr, 0)
	c.retrying = newResty(cfg, tr, cfg.Retries)
	return c, nil
}

func newResty(cfg Config, tr http.RoundTripper, retries int) *resty.Client {
	r := resty.NewWithClient(&http.Client{Transport: tr}).
		SetLogger(cfg.Logger).
		SetDebug(false).
		SetDisableWarn(true).
		SetTimeout(cfg.Timeout).
		SetResponseBodyLimit(maxBody).
		// The API never redirects; following one could leave https.
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}))
	if retries > 0 {
		// resty clamps every wait to [RetryWaitTime, RetryMaxWaitTime];
		// waitFunc's waits must pass through unchanged.
		r.SetRetryCount(retries).
			SetRetryWaitTime(time.Millisecond).
			SetRetryMaxWaitTime(cfg.RetryMaxWait + MaxRetryAfter).
			SetRetryAfter(waitFunc(cfg.RetryWait, cfg.RetryMaxWait)).
			AddRetryCondition(shouldRetry)
	}
	return r
}

// call describes one API call.
type call struct {
	method, path string
	retry        bool   // safe to repeat
	auth         bool   // send the token
	token        string // send this token rather than the stored one
	header       map[string]string
	body         any
	out          any  // decoded from a 2xx answer when not nil
	allow304     bool // a conditional GET
	// raw is sent as the body as it is, with rawType, instead of body's JSON.
	raw     io.Reader
	rawType string
	// limit raises the cap on the answer's body (maxBody) for this call.
	limit int
}

// do runs k and returns the raw response of a 2xx or 304 answer, or a typed
// error (see Code).
func (c *Client) do(ctx context.Context, k call) (*resty.Response, error) {
	rc := c.once
	if k.retry && retriesAllowed(ctx) { // noretry.go
		rc = c.retrying
	}
	req := rc.R().SetContext(ctx).SetHeader("Accept", "application/json")
	if c.cfg.Lang != nil {
		if l := c.cfg.Lang(); l != "" {
			req.SetHeader("Accept-Language", l)
		}
	}
	sent := k.token
	if k.auth && sent == "" {
		sent = c.currentToken(ctx)
	}
	if sent != "" {
		req.SetHeader("Authorization", "Bearer "+sent)
	}
	for h, v := range k.header {
		req.SetHeader(h, v)
	}
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return nil, fmt.Errorf("client: encode %s %s: %w", k.method, k.path, err)
		}
		req.SetHeader("Content-Type", "application/json").SetBody(b)
	}
	if k.raw != nil {
		req.SetHeader("Content-Type", k.rawType).SetBody(k.raw)
	}
	if k.limit > 0 {
		req.SetResponseBodyLimit(k.limit)
	}
	resp, err := req.Execute(k.method, c.base+k.path)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	if err := c.check(ctx, resp, k, sent); err != nil {
		if k.out != nil {
			// Never hand back half of a malformed answer.
			reflect.ValueOf(k.out).Elem().SetZero()
		}
		return nil, err
	}
	return resp, nil
}

// check turns an answer into nil, a decoded k.out, or a typed error.
func (c *Client) check(ctx context.Context, resp *resty.Response, k call, sent string) error {
	st := resp.StatusCode()
	switch {
	case st >= 200 && st < 300:
		if k.out == nil || st == http.StatusNoContent {
			return nil
		}
		return decode(resp.Body(), k.out)
	case st == http.StatusNotModified && k.allow304:
		return nil
	case st >= 400:
		return c.apiError(ctx, resp, sent)
	}
	return fmt.Errorf("%w: unexpected status %d", ErrMalformed, st)
}

// decode reads a JSON object into out. Unknown fields are accepted so that
// an older app keeps working when the server adds some.
func decode(body []byte, out any) error {
	if b := bytes.TrimSpace(body); len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the JSON object", ErrMalformed)
	}
	return nil
}

// apiError reads the contract's error body of a 4xx/5xx answer. A 401
// unauthorized or a 403 forbidden forgets the token that was sent, unless
// another one (a new login's) has replaced it meanwhile.
func (c *Client) apiError(ctx context.Context, resp *resty.Response, sent string) error {
	st := resp.StatusCode()
	retryAfter := 0
	if d, ok := parseRetryAfter(resp.Header().Get("Retry-After"), resp.ReceivedAt()); ok {
		retryAfter = int((d + 999e6) / 1e9) // whole seconds, rounded up
	}
	var eb api.ErrorBody
	if decode(resp.Body(), &eb) == nil && eb.Error != nil && eb.Error.Code != "" {
		e := eb.Error
		if e.Code == api.CodeRateLimited && e.RetryAfterSeconds <= 0 {
			e.RetryAfterSeconds = retryAfter
		}
		// A 403 on the member's calls means a token that is not a
		// member's: no session for this app either.
		if (st == http.StatusUnauthorized && e.Code == api.CodeUnauthorized ||
			st == http.StatusForbidden && e.Code == api.CodeForbidden) && sent != "" {
			c.forgetTokenIf(ctx, sent)
		}
		return e
	}
	switch {
	case st == http.StatusTooManyRequests:
		return &api.Error{Code: api.CodeRateLimited, RetryAfterSeconds: retryAfter}
	case st >= 500:
		return fmt.Errorf("%w: status %d without an error body", ErrServer, st)
	}
	return fmt.Errorf("%w: status %d without an error body", ErrMalformed, st)
}

// transportError classifies an error that came without an answer.
func transportError(ctx context.Context, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return fmt.Errorf("%w: %w", ErrCanceled, err)
	case ctx.Err() != nil:
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	case isTimeout(err):
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return fmt.Errorf("%w: %w", ErrNetwork, err)
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout() || errors.Is(err, context.DeadlineExceeded)
}
