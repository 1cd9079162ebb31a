package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/fos-mobile/fos/api"
)

// The contract: every request the tests send goes through contract, which
// checks the request and the answer against api.Spec with kin-openapi. Any
// drift between the server and the spec fails the test that saw it.

type exchangeKey struct{}

// exchange says how strictly to check one request.
type exchange struct {
	invalid bool // a deliberately bad request: check only the answer
	offSpec bool // a path outside the spec: check nothing
}

// coverage records which operations and statuses the tests exercised.
type coverage struct {
	mu   sync.Mutex
	seen map[string]map[int]bool // "METHOD /path" → statuses
}

func (c *coverage) add(op string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]map[int]bool{}
	}
	if c.seen[op] == nil {
		c.seen[op] = map[int]bool{}
	}
	c.seen[op][status] = true
}

func (c *coverage) has(op string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen[op]) > 0
}

// loadSpec parses spec and validates it as an OpenAPI document. The
// servers' hosts are dropped, keeping their paths, so that the router
// matches the test server's loopback address.
func loadSpec(spec []byte) (*openapi3.T, routers.Router, error) {
	if len(bytes.TrimSpace(spec)) == 0 {
		return nil, nil, fmt.Errorf("api/openapi.yaml is empty")
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, nil, fmt.Errorf("load api/openapi.yaml: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, nil, fmt.Errorf("api/openapi.yaml is not a valid OpenAPI document: %w", err)
	}
	doc.Servers = localServers(doc.Servers)
	for _, p := range doc.Paths.Map() {
		if len(p.Servers) > 0 {
			p.Servers = localServers(p.Servers)
		}
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("route api/openapi.yaml: %w", err)
	}
	return doc, r, nil
}

func localServers(in openapi3.Servers) openapi3.Servers {
	out := openapi3.Servers{}
	for _, s := range in {
		u, err := url.Parse(s.URL)
		if err != nil {
			out = append(out, s)
			continue
		}
		p := strings.TrimSuffix(u.Path, "/")
		out = append(out, &openapi3.Server{URL: p + "/"})
	}
	if len(out) == 0 {
		out = append(out, &openapi3.Server{URL: "/"})
	}
	return out
}

// contract is an http.RoundTripper that validates each exchange against
// a spec and reports every drift.
type contract struct {
	report func(msg string)
	next   http.RoundTripper
	router routers.Router
	seen   *coverage
	err    error
}

func newContract(spec []byte, report func(string), seen *coverage, next http.RoundTripper) *contract {
	_, r, err := loadSpec(spec)
	return &contract{report: report, next: next, router: r, seen: seen, err: err}
}

func (c *contract) fail(r *http.Request, format string, args ...any) {
	c.report(fmt.Sprintf("contract: %s %s: %s", r.Method, r.URL.Path, fmt.Sprintf(format, args...)))
}

func (c *contract) RoundTrip(r *http.Request) (*http.Response, error) {
	x, _ := r.Context().Value(exchangeKey{}).(exchange)
	var reqBody []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	var in *openapi3filter.RequestValidationInput
	if !x.offSpec {
		if c.err != nil {
			c.fail(r, "%v", c.err)
		} else {
			in = c.checkRequest(r, reqBody, x)
		}
	}
	if r.Body != nil {
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := c.next.RoundTrip(r)
	if err != nil || in == nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	c.checkResponse(r, in, resp, body)
	return resp, nil
}

// checkRequest finds the operation and, unless x.invalid, validates the
// request. It returns nil when the path or method is not in the spec.
func (c *contract) checkRequest(r *http.Request, body []byte, x exchange) *openapi3filter.RequestValidationInput {
	route, params, err := c.router.FindRoute(r)
	if err != nil {
		c.fail(r, "not in the spec: %v", err)
		return nil
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    r.Clone(r.Context()),
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			// The tests check authentication themselves, and send bad tokens on purpose.
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			MultiError:         true,
		},
	}
	in.Request.Body = io.NopCloser(bytes.NewReader(body))
	if !x.invalid {
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			c.fail(r, "request does not match the spec: %v", err)
		}
	}
	in.Request.Body = io.NopCloser(bytes.NewReader(body))
	return in
}

// checkResponse validates the answer: its status must be documented (304
// included, which kin-openapi never checks), and its headers and body must
// match the documented response. A body the spec does not describe is drift.
func (c *contract) checkResponse(r *http.Request, in *openapi3filter.RequestValidationInput, resp *http.Response, body []byte) {
	op := in.Route.Method + " " + in.Route.Path
	c.seen.add(op, resp.StatusCode)
	ref := in.Route.Operation.Responses.Status(resp.StatusCode)
	if ref == nil {
		ref = in.Route.Operation.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		c.fail(r, "status %d is not documented for %s: %s", resp.StatusCode, op, body)
		return
	}
	if len(body) > 0 && len(ref.Value.Content) == 0 {
		c.fail(r, "status %d has a body the spec does not describe: %.200s", resp.StatusCode, body)
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	if ct := resp.Header.Get("Content-Type"); len(ref.Value.Content) > 0 && !strings.Contains(ct, "json") {
		// A YAML or text body (the spec itself, health, metrics) has no
		// schema worth checking; its media type must still be documented.
		if ref.Value.Content.Get(ct) == nil {
			c.fail(r, "status %d: media type %q is not documented", resp.StatusCode, ct)
		}
		opts.ExcludeResponseBody = true
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		c.fail(r, "response %d does not match the spec: %v\nbody: %.500s", resp.StatusCode, err, body)
	}
}

// operations lists every "METHOD /path" of the spec.
func operations(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	sort.Strings(out)
	return out
}

// TestContractCoversEveryOperation walks the whole API once through the
// validating client and checks that every operation of the spec was
// called, so a path added to the spec without a test fails here.
func TestContractCoversEveryOperation(t *testing.T) {
	doc, _, err := loadSpec(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	walkEverything(t, e)
	for _, op := range operations(doc) {
		if !e.seen.has(op) {
			t.Errorf("operation %s of the spec was never exercised", op)
		}
	}
}

// TestServesTheSpec checks GET /api/v1/openapi.yaml returns api.Spec.
func TestServesTheSpec(t *testing.T) {
	e := newEnv(t)
	r := want(t, e.do(req{method: "GET", path: "/openapi.yaml"}), 200)
	if !bytes.Equal(r.Body, api.Spec) {
		t.Fatalf("served spec differs from api.Spec (%d vs %d bytes)", len(r.Body), len(api.Spec))
	}
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "yaml") {
		t.Fatalf("Content-Type %q, want a YAML type", ct)
	}
}
