package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// driftSpec is a one-operation contract for testing the contract checker.
const driftSpec = `openapi: 3.0.3
info: {title: drift, version: "1"}
servers: [{url: "https://api.example.org/api/v1"}]
paths:
  /x:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [a]
              additionalProperties: false
              properties: {a: {type: integer}}
      responses:
        "200":
          description: ok
          headers:
            ETag: {required: true, schema: {type: string}}
          content:
            application/json:
              schema:
                type: object
                required: [n]
                properties: {n: {type: integer}}
        "202":
          description: accepted, no body
        "203":
          description: text
          content:
            text/plain: {schema: {type: string}}
`

// TestContractCatchesDrift proves the checker used by every test fails on
// each kind of drift, and stays quiet on a conforming exchange.
func TestContractCatchesDrift(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Header.Get("X-Mode") {
		case "ok":
			w.Header().Set("ETag", `"v1"`)
			io.WriteString(w, `{"n":1}`)
		case "wrong type":
			w.Header().Set("ETag", `"v1"`)
			io.WriteString(w, `{"n":"one"}`)
		case "missing field":
			w.Header().Set("ETag", `"v1"`)
			io.WriteString(w, `{}`)
		case "missing header":
			io.WriteString(w, `{"n":1}`)
		case "undocumented status":
			w.WriteHeader(http.StatusTeapot)
			io.WriteString(w, `{"n":1}`)
		case "undocumented 304":
			w.WriteHeader(http.StatusNotModified)
		case "undocumented body":
			w.WriteHeader(http.StatusAccepted)
			io.WriteString(w, `{"surprise":true}`)
		case "text":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(203)
			io.WriteString(w, "ok\n")
		case "undocumented text type":
			w.Header().Set("Content-Type", "text/csv")
			w.WriteHeader(203)
			io.WriteString(w, "a,b\n")
		case "wrong content type":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("ETag", `"v1"`)
			io.WriteString(w, `<p>1</p>`)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name, mode, path, body string
		x                      exchange
		drift                  bool
	}{
		{"conforming", "ok", "/api/v1/x", `{"a":1}`, exchange{}, false},
		{"wrong type in the answer", "wrong type", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"missing required field", "missing field", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"missing required header", "missing header", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"undocumented status", "undocumented status", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"undocumented 304", "undocumented 304", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"undocumented body", "undocumented body", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"documented text", "text", "/api/v1/x", `{"a":1}`, exchange{}, false},
		{"undocumented text type", "undocumented text type", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"wrong content type", "wrong content type", "/api/v1/x", `{"a":1}`, exchange{}, true},
		{"request breaks the contract", "ok", "/api/v1/x", `{"a":"one","b":2}`, exchange{}, true},
		{"request breaks it on purpose", "ok", "/api/v1/x", `{"a":"one"}`, exchange{invalid: true}, false},
		{"path not in the spec", "ok", "/api/v1/y", `{"a":1}`, exchange{}, true},
		{"path declared off the spec", "ok", "/api/v1/y", `{"a":1}`, exchange{offSpec: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var reports []string
			c := newContract([]byte(driftSpec), func(m string) { reports = append(reports, m) }, &coverage{}, http.DefaultTransport)
			ctx := context.WithValue(context.Background(), exchangeKey{}, tc.x)
			r, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+tc.path, strings.NewReader(tc.body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-Mode", tc.mode)
			resp, err := (&http.Client{Transport: c}).Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := len(reports) > 0; got != tc.drift {
				t.Fatalf("drift reported %v, want %v: %q", got, tc.drift, reports)
			}
		})
	}
	t.Run("an empty spec fails every exchange", func(t *testing.T) {
		var reports []string
		c := newContract(nil, func(m string) { reports = append(reports, m) }, &coverage{}, http.DefaultTransport)
		r, _ := http.NewRequest("POST", srv.URL+"/api/v1/x", strings.NewReader(`{"a":1}`))
		r.Header.Set("X-Mode", "ok")
		resp, err := (&http.Client{Transport: c}).Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(reports) == 0 {
			t.Fatal("no report for an empty spec")
		}
	})
}
