package webtest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/server/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m) }

// recorder is a testing.TB that keeps what CheckPage reports.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestCheckPageFinds proves the page check of every surface can fail: a
// page with an image without a text alternative, a field without a label,
// a block wider than the window, no lang, no h1 and no skip link is
// reported on each count, and a clean page on none.
func TestCheckPageFinds(t *testing.T) {
	t.Parallel()
	pages := map[string]string{
		"/bad": `<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>x</title></head><body>
			<main><img src="/x.png"><input type="text"><div style="width:900px">wide</div></main></body></html>`,
		"/good": `<!doctype html><html lang="ar" dir="rtl"><head><meta name="viewport" content="width=device-width"><title>x</title></head><body>
			<a class="skip" href="#main">تخطي</a><main id="main"><h1>عنوان</h1><label for="f">اسم</label><input id="f" type="text"></main></body></html>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pages[r.URL.Path])
	}))
	t.Cleanup(srv.Close)
	b := webtest.NewTab(t)
	b.Do(chromedp.EmulateViewport(320, 640))

	rec := &recorder{TB: t}
	b.T = rec
	b.Do(chromedp.Navigate(srv.URL + "/bad"))
	found := map[string]bool{}
	for _, v := range b.Axe() {
		found[v.ID] = true
	}
	if !found["image-alt"] || !found["label"] || !found["html-has-lang"] {
		t.Errorf("axe-core found %v, want image-alt, label and html-has-lang", found)
	}
	b.CheckPage("bad", "fr")
	all := strings.Join(rec.errs, "\n")
	for _, want := range []string{"axe-core finds", "px sideways", "lang and dir", "h1 count and skip link"} {
		if !strings.Contains(all, want) {
			t.Errorf("CheckPage did not report %q; it reported:\n%s", want, all)
		}
	}

	if got := b.Eval(webtest.StickingOut); !strings.HasPrefix(got, "div ") {
		t.Errorf("StickingOut names %q, want the wide div", got)
	}

	rec.errs = nil
	b.Do(chromedp.Navigate(srv.URL + "/good"))
	b.CheckPage("good", "ar")
	if len(rec.errs) > 0 {
		t.Errorf("a clean page is reported:\n%s", strings.Join(rec.errs, "\n"))
	}
	if got := b.Eval(webtest.StickingOut); got != "nothing" {
		t.Errorf("StickingOut on a page that fits: %q", got)
	}
}
