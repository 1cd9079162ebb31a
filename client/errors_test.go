package client

import (
	"errors"
	"fmt"
	"testing"

	"github.com/fos-mobile/fos/api"
)

func TestUnreachable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"no error", nil, false},
		{"no network", fmt.Errorf("%w: refused", ErrNetwork), true},
		{"timeout", ErrTimeout, true},
		{"5xx without a body", ErrServer, true},
		{"unavailable", &api.Error{Code: api.CodeUnavailable}, true},
		{"internal, with a body", &api.Error{Code: api.CodeInternal}, false},
		{"rate limited", &api.Error{Code: api.CodeRateLimited}, false},
		{"malformed answer", ErrMalformed, false},
		{"cancelled", ErrCanceled, false},
		{"not found", &api.Error{Code: api.CodeNotFound}, false},
		{"unknown error", errors.New("boom"), true}, // Code calls it server
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Unreachable(tc.err); got != tc.want {
				t.Fatalf("Unreachable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}
