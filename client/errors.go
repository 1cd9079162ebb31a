package client

import (
	"context"
	"errors"
	"time"

	"github.com/fos-mobile/fos/api"
)

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
// CodeMalformed or CodeCanceled; "" for nil. An error it does not know is
// CodeServer, so that the member still sees a sentence.
func Code(err error) string {
	var ae *api.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &ae):
		return string(ae.Code)
	case errors.Is(err, ErrCanceled), errors.Is(err, context.Canceled):
		return CodeCanceled
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.Is(err, ErrNetwork):
		return CodeNetwork
	case errors.Is(err, ErrMalformed):
		return CodeMalformed
	}
	return CodeServer
}

// IsSessionExpired reports whether err says that the token is no longer
// valid (401 unauthorized). The client has already forgotten the token;
// the app goes back to the login screen.
func IsSessionExpired(err error) bool {
	var ae *api.Error
	return errors.As(err, &ae) && ae.Code == api.CodeUnauthorized
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
