package portal_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// photosBudget is the most the photos page may transfer with four phone
// photos (2000×1500, about 390 KB each) once every thumbnail is loaded:
// the page and its CSS (about 10 KB) and four thumbnails of about 15 KB.
// Showing the pages themselves, it was 1.5 MB (README, "Photos checked
// before the trip").
const photosBudget = 100 << 10

// TestPhotosPageWeight opens the photos page of a request with four phone
// photos in Chromium, with an empty cache, loads every lazy thumbnail (as
// scrolling to the end would), and checks the bytes it transferred.
func TestPhotosPageWeight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	ids := map[int64]bool{}
	size := 0
	for i := 0; i < 4; i++ {
		p := e.apiPage(e.acc.Member, r.ID, i%2, attachmenttest.Sideways(2000-i, 1500))
		ids[p.ID] = true
		size += p.Size
	}
	if len(ids) != 4 {
		t.Fatalf("%d pages stored, want 4", len(ids))
	}
	b := e.tab(t)
	b.Do(chromedp.EmulateViewport(320, 640))
	if _, err := chromedp.Call(b.Ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	b.login(e.acc.Member)
	b.visit(fmt.Sprintf("/demandes/%d/photos", r.ID))
	// As if the member scrolled to the end: every lazy thumbnail loads.
	b.Do(chromedp.Poll[chromedp.Void](`(() => {
		const imgs = Array.from(document.querySelectorAll("img.thumb"));
		imgs.forEach(i => { i.loading = "eager"; });
		return imgs.length == 4 && imgs.every(i => i.complete && i.naturalWidth > 0); })()`,
		chromedp.WithPollingTimeout(40*time.Second)))
	time.Sleep(300 * time.Millisecond) // the last response's loadingFinished event
	n := b.Transferred()
	t.Logf("photos page with 4 photos (%d bytes of pages): %d bytes transferred, budget %d", size, n, photosBudget)
	if n > photosBudget {
		t.Fatalf("the photos page transferred %d bytes, over its budget of %d", n, photosBudget)
	}
	if n < 4*5000 {
		t.Fatalf("the photos page transferred %d bytes: the thumbnails were not loaded", n)
	}
}
