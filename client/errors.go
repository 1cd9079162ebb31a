package client

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"time"

	"github.com/fos-mobile/fos/api"
)

// This file is the app's one classification of errors: every error a call
// can return gets one code (Code), and the few questions the app asks
// about it (Retryable, Unreachable, IsSessionExpired, RetryAfter) are
// answered here from that code. The screens translate a code as
// "error.<code>". Adding a kind of error is one variable and one case
// below, and its sentences in translations/*.json.

// Transport problems, beyond the contract's codes. Each wraps the
// underlying error too, so errors.Is works with either.
var (
	// ErrNetwork: no network, connection refused, DNS failure, a TLS
	// failure (including ErrPinMismatch) or a connection cut mid-answer.
	ErrNetwork = errors.New("client: network")
	// ErrTimeout: an attempt, or the caller's context, timed out.
	ErrTimeout = errors.New("client: timeout")
	// ErrServer: a 5xx answer without a valid error body.
	ErrServer = errors.New("client: server")
	// ErrMalformed: an answer that is not the JSON the contract promises.
	ErrMalformed = errors.New("client: malformed answer")
	// ErrCanceled: the caller's context was cancelled (the screen was left).
	ErrCanceled = errors.New("client: cancelled")
)

// The codes Code returns for transport problems. The screens translate
// them like the contract's codes, as "error.<code>".
const (
	CodeNetwork   = "network"
	CodeTimeout   = "timeout"
	CodeServer    = "server"
	CodeMalformed = "malformed"
	CodeCanceled  = "cancelled"
)

// Code names err with one string for the UI: the contract's code for an
// *api.Error, else one of CodeNetwork, CodeTimeout, CodeServer,
// CodeMalformed or CodeCanceled; "" for nil. Errors from the standard
// library's network and JSON packages that reach it unwrapped are named
// too. An error it does not know is CodeServer, so that the member still
// sees a sentence.
func Code(err error) string {
	var ae *api.Error
	var ne net.Error
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ae):
		return string(ae.Code)
	case errors.Is(err, ErrCanceled), errors.Is(err, context.Canceled):
		return CodeCanceled
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.As(err, &ne) && ne.Timeout():
		return CodeTimeout
	case errors.Is(err, ErrNetwork), errors.As(err, &ne):
		return CodeNetwork
	case errors.Is(err, ErrMalformed), errors.As(err, &se), errors.As(err, &te):
		return CodeMalformed
	}
	return CodeServer
}

// Retryable reports whether the same call, tried again later, can succeed:
// transport problems, the server's internal or unavailable answers, and a
// rate limit once its delay is over. The contract's other codes say
// something about the request itself, which a retry does not change.
func Retryable(err error) bool {
	switch Code(err) {
	case CodeNetwork, CodeTimeout, CodeServer, CodeMalformed,
		string(api.CodeInternal), string(api.CodeUnavailable), string(api.CodeRateLimited):
		return true
	}
	return false
}

// Unreachable reports whether err means that the server could not be
// reached or could not answer (no network, a timeout, a 5xx without a
// valid error body, or unavailable), as opposed to an answer the member
// must see. The app then serves what it last read, offline.
func Unreachable(err error) bool {
	switch Code(err) {
	case CodeNetwork, CodeTimeout, CodeServer, string(api.CodeUnavailable):
		return true
	}
	return false
}

// IsSessionExpired reports whether err ends the session: 401 unauthorized
// (an expired or revoked token), or 403 forbidden, which a member's calls
// only get with a token that is not a member's. The client has already
// forgotten that token in both cases; the app goes back to the login
// screen.
func IsSessionExpired(err error) bool {
	c := Code(err)
	return c == string(api.CodeUnauthorized) || c == string(api.CodeForbidden)
}

// RetryAfter returns how long to wait before trying again after a
// rate_limited answer, from its Retry-After header or body.
func RetryAfter(err error) (time.Duration, bool) {
	var ae *api.Error
	if errors.As(err, &ae) && ae.Code == api.CodeRateLimited && ae.RetryAfterSeconds > 0 {
		return time.Duration(ae.RetryAfterSeconds) * time.Second, true
	}
	return 0, false
}
