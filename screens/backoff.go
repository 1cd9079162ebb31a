package screens

import (
	"time"

	"github.com/fos-mobile/fos/client"
)

// maxPollWait is the longest wait between polls after failures, unless
// PollEvery is longer.
const maxPollWait = 10 * time.Minute

// PollWait is the wait before the next poll after fails failures in a row,
// err being the last: every doubled per failure up to maxPollWait (or
// every, if longer), drawn at random in its upper half so that phones that
// lost the server together do not come back together, and never less than
// the server's Retry-After. The request screen's polling and the app's
// refresher both back off with it, so that they back off alike.
func PollWait(every time.Duration, fails int, err error, jitter func(n int64) int64) time.Duration {
	ceiling := max(maxPollWait, every)
	d := every
	for i := 0; i < fails && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	if half := int64(d / 2); half > 0 {
		d = time.Duration(half + jitter(half+1))
	}
	retryAfter, _ := client.RetryAfter(err)
	return max(d, retryAfter)
}
