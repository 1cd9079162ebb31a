package client

import "context"

type noRetryKey struct{}

// WithoutRetries marks ctx so that calls made with it are tried once, even
// those that are safe to repeat. A caller that polls on a schedule of its
// own, and backs off by itself (the app's refresher), uses it: the
// client's retries would only multiply its attempts while the server is
// down.
func WithoutRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRetryKey{}, true)
}

func retriesAllowed(ctx context.Context) bool { return ctx.Value(noRetryKey{}) == nil }
