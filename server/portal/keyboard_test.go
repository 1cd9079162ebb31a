package portal_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/webtest"
)

// TestKeyboardOnly: the whole journey with Tab and Enter alone, in French
// and in Arabic (chosen with the keyboard too), from the login to a
// cancelled request: the skip link comes first, each control is reached by
// Tab and shows its focus.
func TestKeyboardOnly(t *testing.T) {
	for _, lang := range []string{"fr", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			keyboardJourney(t, lang)
		})
	}
}

func keyboardJourney(t *testing.T, lang string) {
	e := newEnv(t)
	b := e.tab(t)
	b.Do(chromedp.Navigate(e.url + "/connexion"))
	b.Do(chromedp.KeyEvent("\t"))
	if got := b.Eval(`document.activeElement.className`); got != "skip" {
		t.Fatalf("the first Tab reaches %q, want the skip link", got)
	}
	if lang == "ar" {
		b.tabTo("lang")
		b.Do(webtest.Keys("\r"))
		if got := b.Eval(`document.documentElement.dir`); got != "rtl" {
			t.Fatalf("after choosing Arabic the page is %s", got)
		}
	}
	b.tabTo("identifier")
	b.Do(chromedp.KeyEvent(e.acc.Member.Identifier))
	b.tabTo("password")
	b.Do(chromedp.KeyEvent(e.acc.Member.Password))
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("hello")))
	for _, step := range []string{"svc-estivage", "ask-summer", "confirm", "close"} {
		b.tabTo(step)
		b.Do(webtest.Keys("\r"))
	}
	b.Do(chromedp.WaitVisible(chromedp.ID("status")))
	if got := b.Eval(`document.getElementById("status").dataset.status`); got != string(api.StatusAwaitingDocuments) {
		t.Fatalf("status %s", got)
	}
	b.tabTo("cancel")
	b.Do(webtest.Keys("\r"))
	b.tabTo("cancel-yes")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("flash")))
	if got := b.Eval(`document.getElementById("status").dataset.status`); got != string(api.StatusCancelled) {
		t.Fatalf("after cancelling with the keyboard: %s", got)
	}
	b.tabTo("logout")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("notice")))
}

// tabTo presses Tab until the element with id has the focus (at most 40
// times), and checks that the focus shows: a yellow background or an
// outline.
func (b *tab) tabTo(id string) {
	b.T.Helper()
	for i := 0; i < 40; i++ {
		b.Do(chromedp.KeyEvent("\t"))
		if b.Eval(`document.activeElement.id`) == id {
			style := b.Eval(`(s => s.backgroundColor + " " + s.outlineStyle)(getComputedStyle(document.activeElement))`)
			if !strings.Contains(style, "rgb(255, 221, 0)") && strings.HasSuffix(style, " none") {
				b.T.Fatalf("#%s has the focus but does not show it: %s", id, style)
			}
			return
		}
	}
	b.T.Fatalf("Tab never reaches #%s on %s", id, b.Location())
}
