package webtest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Client is a plain HTTP client with a cookie jar, for what a browser
// cannot send: a POST without a token or from another origin, a reused or
// forged cookie, a raw multipart body. It never follows redirects, so a
// test sees each 303 and its Location.
type Client struct {
	T    testing.TB
	Base string // the surface's URL, e.g. httptest.Server.URL
	HTTP *http.Client
}

// NewClient returns a client of the surface at base with an empty jar.
func NewClient(t testing.TB, base string) *Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{T: t, Base: base, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// CSRF is the first CSRF token of a page's forms, or "".
func CSRF(page string) string {
	if m := csrfField.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// Get fetches a page: its status, body, and the first CSRF token on it.
func (c *Client) Get(path string) (status int, body, csrf string) {
	c.T.Helper()
	resp, b := c.Raw(path)
	return resp.StatusCode, string(b), CSRF(string(b))
}

// Raw fetches path and returns the whole answer, its body read.
func (c *Client) Raw(path string) (*http.Response, []byte) {
	c.T.Helper()
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		c.T.Fatal(err)
	}
	return c.Do(req)
}

// Post sends a form, with header name/value pairs; it returns the
// status, the body and the redirect's Location.
func (c *Client) Post(path string, form url.Values, header ...string) (status int, body, location string) {
	c.T.Helper()
	req, err := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, b := c.Do(req)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// Do sends req with the jar and returns the answer with its body read;
// a transport error fails the test.
func (c *Client) Do(req *http.Request) (*http.Response, []byte) {
	c.T.Helper()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.T.Fatalf("%s %s: reading the body: %v", req.Method, req.URL.Path, err)
	}
	return resp, b
}
