package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// shouldRetry is the only retry condition of the retrying resty client,
// which serves only calls that are safe to repeat: GETs, logout and the
// create that carries an Idempotency-Key. resty checks the caller's
// context before asking, so a cancelled call is never repeated.
func shouldRetry(resp *resty.Response, err error) bool {
	if err != nil {
		return !permanent(err)
	}
	if resp == nil {
		return false
	}
	switch resp.StatusCode() {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusTooManyRequests:
		d, ok := parseRetryAfter(resp.Header().Get("Retry-After"), time.Now())
		return ok && d <= MaxRetryAfter
	}
	return false
}

// permanent reports transport errors that a new attempt cannot cure: the
// server's certificate is not trusted or not pinned, or its answer is too
// big.
func permanent(err error) bool {
	var (
		unknownCA   x509.UnknownAuthorityError
		hostname    x509.HostnameError
		invalid     x509.CertificateInvalidError
		verify      *tls.CertificateVerificationError
		recordError tls.RecordHeaderError
	)
	return errors.Is(err, ErrPinMismatch) || errors.Is(err, resty.ErrResponseBodyTooLarge) ||
		errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verify) || errors.As(err, &recordError)
}

// waitFunc returns resty's RetryAfter callback, which decides every wait:
// a short Retry-After (429, 503) is waited out as given, anything else gets
// a jittered exponential backoff between wait and maxWait. Doing it here
// rather than in resty keeps maxWait from cutting a Retry-After short.
func waitFunc(wait, maxWait time.Duration) resty.RetryAfterFunc {
	return func(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
		attempt := 1
		if resp != nil && resp.Request != nil {
			attempt = max(resp.Request.Attempt, 1)
			if resp.RawResponse != nil {
				if d, ok := parseRetryAfter(resp.Header().Get("Retry-After"), time.Now()); ok && d > 0 && d <= MaxRetryAfter {
					return d, nil
				}
			}
		}
		return backoff(wait, maxWait, attempt), nil
	}
}

// backoff is "equal jitter": half of min(maxWait, wait·2^(attempt-1)), plus
// a random part of the other half.
func backoff(wait, maxWait time.Duration, attempt int) time.Duration {
	d := wait
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return max(half+rand.N(half+1), time.Millisecond)
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}
