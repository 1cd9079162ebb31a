package console_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/server/console/consoletest"
	"github.com/fos-mobile/fos/server/webtest"
)

// The browser harness is server/webtest's, shared with the members'
// portal: one headless Chromium per test binary, a fresh browser context
// per tab, every dialog and request recorded.

func TestMain(m *testing.M) { webtest.Main(m) }

// tab is a console page in a browser tab.
type tab struct{ *webtest.Tab }

func newTab(t *testing.T) *tab { t.Helper(); return &tab{webtest.NewTab(t)} }

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) { b.T.Helper(); b.Do(steps...) }
func (b *tab) text(id string) string                      { b.T.Helper(); return b.Text(id) }
func (b *tab) eval(js string) string                      { b.T.Helper(); return b.Eval(js) }
func (b *tab) location() string                           { b.T.Helper(); return b.Location() }
func (b *tab) seen() (dialogs, requests []string)         { return b.Seen() }

// submit clicks the button with id and waits for the page it leads to.
func submit(id string) chromedp.Action[chromedp.Void] { return webtest.Submit(id) }

// login logs in through the form and waits for the dashboard; the other
// steps an agent takes on a file page (the pre-check) are consoletest's
// too, shared with the app's flow test.
func (b *tab) login(base, email, password string) {
	b.T.Helper()
	consoletest.Login(b.Tab, base, email, password)
}
