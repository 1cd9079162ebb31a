package attachment

import (
	"context"
	"runtime"
)

// slots bounds the full decodes running at once in this process to its
// cores (GOMAXPROCS): an upload's sanitising and an old page's thumbnail
// alike. A burst of uploads then queues instead of holding a decoded
// photo in memory per request, and the decodes never take more cores than
// there are.
var slots = make(chan struct{}, runtime.GOMAXPROCS(0))

// InSlot runs fn in one of the decode slots, waiting for one; it returns
// ctx's error, without running fn, if ctx ends first.
func InSlot(ctx context.Context, fn func()) error {
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	fn()
	return nil
}

// ThumbnailInSlot is Thumbnail run in a decode slot: the thumbnail of a
// page stored without one (store.MakeThumb).
func ThumbnailInSlot(ctx context.Context, contentType string, data []byte) (thumb []byte, err error) {
	if serr := InSlot(ctx, func() { thumb, err = Thumbnail(contentType, data) }); serr != nil {
		return nil, serr
	}
	return thumb, err
}
