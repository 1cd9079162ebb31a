package screens

import (
	"context"
	"encoding/json"
	"errors"
	"net"

	"github.com/fos-mobile/fos/api"
)

// Problems beyond the contract's codes, as named by a Classify function.
// Each one, like each api.Code, has a translation key "error.<name>".
const (
	ProblemNetwork   = "network"
	ProblemTimeout   = "timeout"
	ProblemServer    = "server"
	ProblemMalformed = "malformed"
)

// ErrorCode names err: the contract's code for an *api.Error, else what
// e.Classify says, else a guess from the standard library's error types.
func (e *Env) ErrorCode(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		return string(ae.Code)
	}
	if e.Classify != nil {
		if c := e.Classify(err); c != "" {
			return c
		}
	}
	return defaultClassify(err)
}

func defaultClassify(err error) string {
	var ne net.Error
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return ProblemTimeout
	case errors.As(err, &ne) && ne.Timeout():
		return ProblemTimeout
	case errors.As(err, &ne):
		return ProblemNetwork
	case errors.As(err, &se), errors.As(err, &te):
		return ProblemMalformed
	}
	return ProblemServer
}

// Describe turns err into a sentence in the current language. The member
// never sees a Go error's own text.
func (e *Env) Describe(err error) string {
	code := e.ErrorCode(err)
	key := "error." + code
	if code == string(api.CodeRateLimited) {
		return e.T(key, e.retryWhen(err))
	}
	if s := e.T(key); s != key {
		return s
	}
	return e.T("error.server")
}

// retryWhen says when a rate-limited call may be tried again.
func (e *Env) retryWhen(err error) string {
	var ae *api.Error
	n := 0
	if errors.As(err, &ae) {
		n = ae.RetryAfterSeconds
	}
	switch {
	case n <= 0:
		return e.T("retry.later")
	case n < 90:
		return e.Tr.Count("retry.seconds", n)
	default:
		return e.Tr.Count("retry.minutes", (n+59)/60)
	}
}

// sessionExpired reports an error that ends the session: unauthorized, or
// forbidden, which a member's calls only get with a token that is not a
// member's (the client forgets both).
func (e *Env) sessionExpired(err error) bool {
	c := e.ErrorCode(err)
	return c == string(api.CodeUnauthorized) || c == string(api.CodeForbidden)
}

// retryable reports whether trying the same call again can help.
func (e *Env) retryable(err error) bool {
	switch e.ErrorCode(err) {
	case ProblemNetwork, ProblemTimeout, ProblemServer, ProblemMalformed,
		string(api.CodeInternal), string(api.CodeUnavailable), string(api.CodeRateLimited):
		return true
	}
	return false
}
