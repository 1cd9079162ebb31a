// Package webtest drives Debian's headless Chromium (chromedp) for the
// browser tests of the web surfaces (the agents' console, the members'
// portal): one browser per test binary, one fresh browser context (its own
// cookies) per tab, every dialog a page opens and every request it sends
// recorded, the bytes each navigation transferred, and axe-core's
// accessibility check (axe.go).
package webtest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	stopBrowser = func() {}
)

// Main runs a test binary's tests, then stops the browser: call it from
// TestMain.
func Main(m *testing.M) {
	code := m.Run()
	stopBrowser()
	os.Exit(code)
}

// Chromium is Debian's browser (scripts/deps.sh installs it for make
// test); CHROMIUM names another.
func Chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return "chromium"
}

// Browser is the test binary's one headless Chromium, started on first use.
func Browser(t testing.TB) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(Chromium()), chromedp.NoSandbox,
			chromedp.Headless, chromedp.WindowSize(1280, 1000), chromedp.Flag("lang", "fr-FR"))
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(alloc)
		if browserErr = chromedp.Do(ctx); browserErr != nil {
			cancel()
			cancelAlloc()
			return
		}
		browserCtx, stopBrowser = ctx, func() { cancel(); cancelAlloc() }
	})
	if browserErr != nil {
		t.Fatalf("headless chromium (%s) does not start: %v; scripts/deps.sh test installs it", Chromium(), browserErr)
	}
	return browserCtx
}

// StepTimeout bounds each group of browser steps; generous, for a loaded
// machine.
const StepTimeout = 30 * time.Second

// Tab is one page in a fresh browser context, which records every dialog
// the page opens, every request it sends and the bytes each response
// took on the wire.
type Tab struct {
	T   testing.TB
	Ctx context.Context

	mu       sync.Mutex
	dialogs  []string
	requests []string
	urls     map[network.RequestID]string
	loads    []load // since the last Transferred
}

// load is one response's size on the wire.
type load struct {
	id    network.RequestID
	bytes float64
}

// NewTab opens a tab in a browser context of its own, closed when t ends.
func NewTab(t testing.TB) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(Browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &Tab{T: t, Ctx: ctx, urls: map[network.RequestID]string{}}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	finished := chromedp.Events(ctx, network.LoadingFinished)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.dialogs = append(tb.dialogs, ev.Message)
			tb.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.requests = append(tb.requests, ev.Request.URL)
			tb.urls[ev.RequestID] = ev.Request.URL
			tb.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range finished {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.loads = append(tb.loads, load{ev.RequestID, ev.EncodedDataLength})
			tb.mu.Unlock()
		}
	}()
	return tb
}

// Do runs steps and fails the test on an error, showing where the browser
// was and what the page said.
func (b *Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		ctx, cancel := context.WithTimeout(b.Ctx, 5*time.Second)
		defer cancel()
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		b.T.Fatalf("browser: %v\nat %s:\n%s", err, loc, html)
	}
}

// Submit clicks the element with id and waits for the page it leads to.
func Submit(id string) chromedp.Action[chromedp.Void] { return Follow(chromedp.ID(id)) }

// Follow clicks the element sel selects (chromedp.ID, chromedp.CSS, …), a
// link or a button, and waits for the page it leads to.
func Follow[S chromedp.Selectable](sel S) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel))(ctx, t)
		return chromedp.Void{}, err
	}
}

// Keys types keys (chromedp.KeyEvent's notation: "\t" is Tab, "\r" Enter)
// into whatever has the focus and waits for the page they lead to.
func Keys(keys string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(keys))(ctx, t)
		return chromedp.Void{}, err
	}
}

// Text is the text content of the element with id.
func (b *Tab) Text(id string) string {
	b.T.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.TextContent(chromedp.ID(id)))
	if err != nil {
		b.T.Fatalf("text of #%s: %v", id, err)
	}
	return strings.TrimSpace(s)
}

// Eval evaluates a JavaScript expression returning a string.
func (b *Tab) Eval(js string) string {
	b.T.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.T.Fatalf("eval %s: %v", js, err)
	}
	return s
}

// Location is the tab's URL.
func (b *Tab) Location() string {
	b.T.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Location())
	if err != nil {
		b.T.Fatal(err)
	}
	return s
}

// Seen returns what the pages did on their own: dialogs and requests.
func (b *Tab) Seen() (dialogs, requests []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...), append([]string(nil), b.requests...)
}

// Transferred returns the bytes received since the last call (every
// response's encoded size: headers and body as they went on the wire).
func (b *Tab) Transferred() int { return b.TransferredExcept(nil) }

// TransferredExcept is Transferred without the responses to the URLs skip
// is true of (a member's own photos, which are content with a budget of
// their own, not the page's weight; a lazy one may land after the next
// navigation). It forgets every response counted so far either way.
func (b *Tab) TransferredExcept(skip func(url string) bool) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	var n float64
	for _, l := range b.loads {
		if skip == nil || !skip(b.urls[l.id]) {
			n += l.bytes
		}
	}
	b.loads = b.loads[:0]
	return int(n)
}
