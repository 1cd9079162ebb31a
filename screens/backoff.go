package screens

import "time"

// PollWait is the wait before the next poll after fails failures in a row,
// err being the last: the request screen's backoff (pollWait, with the
// server's Retry-After), shared with the app's refresher so that both back
// off alike.
func PollWait(every time.Duration, fails int, err error, jitter func(n int64) int64) time.Duration {
	return pollWait(every, fails, retryAfter(err), jitter)
}
