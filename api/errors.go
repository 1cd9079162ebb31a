package api

import "fmt"

// Code is a stable error code of the contract. The server turns each one into
// an HTTP status (HTTPStatus), the client turns the status and body back into
// the same code, and the app translates the code into a sentence.
type Code string

// The error codes of the contract. They never change meaning once published.
const (
	CodeInvalidRequest      Code = "invalid_request"        // 400: malformed JSON, unknown field, wrong type, bad value; wrong or expired recovery code
	CodeInvalidCredentials  Code = "invalid_credentials"    // 401: login failed
	CodeUnauthorized        Code = "unauthorized"           // 401: no token, or an expired or revoked one
	CodeForbidden           Code = "forbidden"              // 403: the token's role may not do this
	CodeNotFound            Code = "not_found"              // 404: no such resource, or not yours
	CodeRateLimited         Code = "rate_limited"           // 429: too many attempts; see Retry-After
	CodeWindowClosed        Code = "window_closed"          // 422: the reimbursement window is not open
	CodeAlreadyRequested    Code = "already_requested"      // 409: a request of that kind exists this season
	CodeProfileChanged      Code = "profile_changed"        // 409: confirmed_profile differs from the record
	CodeIdempotencyMismatch Code = "idempotency_mismatch"   // 422: same Idempotency-Key, other body
	CodeInvalidTransition   Code = "invalid_transition"     // 409: not allowed from the current status
	CodePayloadTooLarge     Code = "payload_too_large"      // 413: the body is over the size cap
	CodeUnsupportedMedia    Code = "unsupported_media_type" // 415: an upload that is not a readable JPEG, PNG, WebP or PDF
	CodeQuotaExceeded       Code = "quota_exceeded"         // 422: a page over the request's count or the member's daily budget
	CodeVersionConflict     Code = "version_conflict"       // 409: the request changed since the version the agent sent
	CodeInternal            Code = "internal"               // 500: anything else; logged on the server
	CodeUnavailable         Code = "unavailable"            // 503: the server is shutting down or its database is unreachable
)

// HTTPStatus is the status that carries code.
func (c Code) HTTPStatus() int {
	switch c {
	case CodeInvalidRequest:
		return 400
	case CodeInvalidCredentials, CodeUnauthorized:
		return 401
	case CodeForbidden:
		return 403
	case CodeNotFound:
		return 404
	case CodeAlreadyRequested, CodeProfileChanged, CodeInvalidTransition, CodeVersionConflict:
		return 409
	case CodePayloadTooLarge:
		return 413
	case CodeUnsupportedMedia:
		return 415
	case CodeWindowClosed, CodeIdempotencyMismatch, CodeQuotaExceeded:
		return 422
	case CodeRateLimited:
		return 429
	case CodeUnavailable:
		return 503
	default:
		return 500
	}
}

// Error is the body of every error response, under the key "error":
// {"error": {"code": "...", "message": "..."}}. The optional fields carry
// what a code needs to be acted upon.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	// Field names the offending request field for invalid_request, when there is one.
	Field string `json:"field,omitempty"`
	// Reference is the existing request's reference, with already_requested.
	Reference string `json:"reference,omitempty"`
	// RequestID is the existing request's id, with already_requested.
	RequestID int64 `json:"request_id,omitempty"`
	// CurrentProfile is the server's record, with profile_changed.
	CurrentProfile *ConfirmedProfile `json:"current_profile,omitempty"`
	// RetryAfterSeconds repeats the Retry-After header, with rate_limited.
	RetryAfterSeconds int `json:"retry_after_seconds,omitempty"`
	// Status is the request's current status, with invalid_transition.
	Status Status `json:"status,omitempty"`
}

// Error implements the error interface, so an *Error can travel as a Go
// error inside the server and the client.
func (e *Error) Error() string {
	if e.Message == "" {
		return string(e.Code)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Is makes errors.Is(err, &api.Error{Code: c}) match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// ErrorBody is the envelope of an error response.
type ErrorBody struct {
	Error *Error `json:"error"`
}

// Errorf returns an *Error with code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
