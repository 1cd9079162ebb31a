package httpapi_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/fos-mobile/fos/api"
)

// contractOps are the operations issue 2 fixes by name: acceptance checks
// outside the project call them exactly so, and a renamed path fails here.
var contractOps = []struct {
	method, path string
	authed       bool
	statuses     []string // documented answers, at least
}{
	{"POST", "/api/v1/auth/login", false, []string{"200", "400", "401", "413", "429"}},
	{"POST", "/api/v1/auth/logout", true, []string{"204", "401"}},
	{"POST", "/api/v1/auth/recover", false, []string{"202", "400", "413", "429"}},
	{"POST", "/api/v1/auth/recover/confirm", false, []string{"204", "400", "413", "429"}},
	{"GET", "/api/v1/me", true, []string{"200", "401", "403"}},
	{"GET", "/api/v1/services", true, []string{"200", "401", "403"}},
	{"GET", "/api/v1/estivage", true, []string{"200", "401", "403"}},
	{"POST", "/api/v1/reimbursements", true, []string{"201", "400", "401", "403", "409", "413", "422"}},
	{"GET", "/api/v1/reimbursements", true, []string{"200", "304", "401", "403"}},
	{"GET", "/api/v1/reimbursements/{id}", true, []string{"200", "304", "401", "403", "404"}},
	{"POST", "/api/v1/reimbursements/{id}/cancel", true, []string{"200", "401", "403", "404", "409"}},
	{"GET", "/api/v1/admin/reimbursements", true, []string{"200", "400", "401", "403"}},
	// Issue 18: the pages members send for the agents' pre-check.
	{"POST", "/api/v1/reimbursements/{id}/pages", true, []string{"201", "400", "401", "403", "404", "409", "413", "415", "422"}},
	{"GET", "/api/v1/reimbursements/{id}/pages", true, []string{"200", "401", "403", "404"}},
	{"GET", "/api/v1/reimbursements/{id}/pages/{page}", true, []string{"200", "401", "403", "404"}},
	{"DELETE", "/api/v1/reimbursements/{id}/pages/{page}", true, []string{"204", "401", "403", "404", "409"}},
	{"GET", "/api/v1/admin/reimbursements/{id}/pages", true, []string{"200", "401", "403", "404"}},
	{"GET", "/api/v1/admin/reimbursements/{id}/pages/{page}", true, []string{"200", "401", "403", "404"}},
	{"POST", "/api/v1/admin/reimbursements/{id}/precheck", true, []string{"200", "400", "401", "403", "404", "409"}},
	// Not in issue 2's table, but served and used by the back office.
	{"GET", "/api/v1/admin/reimbursements/{id}", true, []string{"200", "401", "403", "404"}},
	{"POST", "/api/v1/admin/reimbursements/{id}/receive", true, []string{"200", "401", "403", "404", "409"}},
	{"POST", "/api/v1/admin/reimbursements/{id}/approve", true, []string{"200", "400", "401", "403", "404", "409"}},
	{"POST", "/api/v1/admin/reimbursements/{id}/reject", true, []string{"200", "400", "401", "403", "404", "409"}},
	{"POST", "/api/v1/admin/reimbursements/{id}/pay", true, []string{"200", "401", "403", "404", "409"}},
	{"GET", "/api/v1/openapi.yaml", false, []string{"200"}},
	{"GET", "/healthz", false, []string{"200"}},
	{"GET", "/readyz", false, []string{"200", "503"}},
	{"GET", "/metrics", false, []string{"200"}},
}

// TestSpecIsValid loads api/openapi.yaml as kin-openapi does in the
// contract tests, validates it, and checks that every operation of the
// contract is there with its method, security and answers.
func TestSpecIsValid(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.Spec)
	if err != nil {
		t.Fatalf("load api/openapi.yaml: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("api/openapi.yaml is not a valid OpenAPI 3 document: %v", err)
	}
	if got, want := doc.OpenAPI, "3.0.3"; got != want {
		t.Errorf("openapi %q, want %q", got, want)
	}
	for _, tc := range contractOps {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			item := doc.Paths.Value(tc.path)
			if item == nil {
				t.Fatalf("path %s is missing", tc.path)
			}
			op := item.GetOperation(tc.method)
			if op == nil {
				t.Fatalf("%s %s is missing (the path has %v)", tc.method, tc.path, methods(item))
			}
			if got := requiresBearer(doc, op); got != tc.authed {
				t.Errorf("bearer token required: %v, want %v", got, tc.authed)
			}
			for _, s := range tc.statuses {
				if op.Responses.Value(s) == nil {
					t.Errorf("status %s is not documented", s)
				}
			}
		})
	}
}

// TestSpecDetails pins the parts of the contract that the tests of other
// packages and the app rely on beyond paths.
func TestSpecDetails(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	create := doc.Paths.Value("/api/v1/reimbursements").Post
	key := create.Parameters.GetByInAndName("header", api.IdempotencyKeyHeader)
	if key == nil || !key.Required {
		t.Fatalf("POST /reimbursements: header %s is not required", api.IdempotencyKeyHeader)
	}
	if s := key.Schema.Value; s.MinLength != 8 || s.MaxLength == nil || *s.MaxLength != 128 {
		t.Errorf("Idempotency-Key length %d..%v, want 8..128", s.MinLength, s.MaxLength)
	}
	for _, p := range []string{"/api/v1/reimbursements", "/api/v1/reimbursements/{id}"} {
		ok := doc.Paths.Value(p).Get.Responses.Value("200").Value.Headers["ETag"]
		if ok == nil || !ok.Value.Required {
			t.Errorf("GET %s: 200 has no required ETag header", p)
		}
		nm := doc.Paths.Value(p).Get.Responses.Value("304").Value
		if len(nm.Content) != 0 {
			t.Errorf("GET %s: 304 has a body", p)
		}
	}
	rl := doc.Paths.Value("/api/v1/auth/login").Post.Responses.Value("429").Value
	if rl.Headers["Retry-After"] == nil {
		t.Error("login 429 does not document Retry-After")
	}
	codes := map[any]bool{}
	for _, v := range doc.Components.Schemas["Code"].Value.Enum {
		codes[v] = true
	}
	for _, c := range []api.Code{api.CodeInvalidRequest, api.CodeInvalidCredentials, api.CodeUnauthorized,
		api.CodeForbidden, api.CodeNotFound, api.CodeRateLimited, api.CodeWindowClosed, api.CodeAlreadyRequested,
		api.CodeProfileChanged, api.CodeIdempotencyMismatch, api.CodeInvalidTransition, api.CodePayloadTooLarge,
		api.CodeUnsupportedMedia, api.CodeQuotaExceeded, api.CodeVersionConflict,
		api.CodeInternal, api.CodeUnavailable} {
		if !codes[string(c)] {
			t.Errorf("error code %q is not in the Code enum", c)
		}
	}
	statuses := map[any]bool{}
	for _, v := range doc.Components.Schemas["Status"].Value.Enum {
		statuses[v] = true
	}
	for _, s := range api.Statuses {
		if !statuses[string(s)] {
			t.Errorf("status %q is not in the Status enum", s)
		}
	}
	if n := len(statuses); n != len(api.Statuses) {
		t.Errorf("Status enum has %d values, api.Statuses %d", n, len(api.Statuses))
	}
}

// requiresBearer reports whether op demands the bearer scheme, by its own
// security or by the document's.
func requiresBearer(doc *openapi3.T, op *openapi3.Operation) bool {
	sec := doc.Security
	if op.Security != nil {
		sec = *op.Security
	}
	for _, req := range sec {
		if _, ok := req["bearerAuth"]; ok {
			return true
		}
	}
	return false
}

func methods(item *openapi3.PathItem) []string {
	var out []string
	for m := range item.Operations() {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// TestSpecMyRequestIsNullable: Window.my_request takes a request or null,
// and nothing else, as kin-openapi reads it (the linter checks the same
// with Ajv on the GET /estivage example).
func TestSpecMyRequestIsNullable(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	schema := doc.Components.Schemas["Window"].Value.Properties["my_request"].Value
	request := map[string]any{
		"id": 123.0, "reference": "EST-2026-000123", "kind": "summer", "season": 2026.0,
		"status": "awaiting_documents", "created_at": "2026-07-20T09:00:00Z", "updated_at": "2026-07-20T09:00:00Z",
		"deposit_deadline": "2026-08-04", "required_documents": map[string]any{"fr": []any{"a"}, "ar": []any{"b"}},
		"deposit_location": map[string]any{"fr": "a", "ar": "b"},
	}
	noReference := maps.Clone(request)
	delete(noReference, "reference")
	for _, tc := range []struct {
		name  string
		value any
		ok    bool
	}{
		{"null", nil, true},
		{"a request", request, true},
		{"an empty object", map[string]any{}, false},
		{"a request without its reference", noReference, false},
		{"a string", "EST-2026-000123", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := schema.VisitJSON(tc.value)
			if got := err == nil; got != tc.ok {
				t.Fatalf("accepted %v, want %v (%v)", got, tc.ok, err)
			}
		})
	}
}
