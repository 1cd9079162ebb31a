package attachment_test

import (
	"bytes"
	"testing"

	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// FuzzSanitize: whatever the bytes, Sanitize neither panics nor takes
// more than the limits allow, and what it accepts is stable (cleaning it
// again changes nothing) and holds nothing after the image's end.
func FuzzSanitize(f *testing.F) {
	for _, seed := range [][]byte{
		attachmenttest.Photo(64, 48), attachmenttest.PNGWithText(32, 16), attachmenttest.PNGBomb(),
		attachmenttest.Truncated(), attachmenttest.PDF(), attachmenttest.HTML(),
		readFile(f, "video-001.lossy.webp"), webpWithEXIF(f),
	} {
		f.Add(seed)
	}
	lim := attachment.Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 4096}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := attachment.Sanitize(data, lim)
		if err != nil {
			return
		}
		if got.ContentType != attachment.Sniff(got.Data) {
			t.Fatalf("stored as %q but sniffs as %q", got.ContentType, attachment.Sniff(got.Data))
		}
		if bytes.Contains(got.Data, []byte(attachmenttest.Trailer)) && got.ContentType != attachment.PDF {
			t.Fatal("the trailer survived")
		}
		again, err := attachment.Sanitize(got.Data, lim)
		if err != nil || !bytes.Equal(again.Data, got.Data) {
			t.Fatalf("cleaning a cleaned file: err %v, changed %v", err, !bytes.Equal(again.Data, got.Data))
		}
	})
}
