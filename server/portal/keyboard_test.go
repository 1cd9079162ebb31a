package portal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/webtest"
)

// TestKeyboardOnly: the whole journey with Tab, Enter and Space alone, in
// French and in Arabic (chosen with the keyboard too), from the login to a
// cancelled request, through the photos of the originals and the
// Paramètres: the skip link comes first, each control is reached by Tab
// and shows its focus.
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
	b.photoByKeyboard()
	b.tabTo("cancel")
	b.Do(webtest.Keys("\r"))
	b.tabTo("cancel-yes")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("flash")))
	if got := b.Eval(`document.getElementById("status").dataset.status`); got != string(api.StatusCancelled) {
		t.Fatalf("after cancelling with the keyboard: %s", got)
	}
	b.settingsByKeyboard()
	b.tabTo("logout")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("notice")))
}

// photoByKeyboard, from a request awaiting its originals: Photos, the
// first document's file field, Envoyer, then Retirer the page, and back
// to the request. The file itself is set by the test: a keyboard user's
// Enter on the field opens the system's picker, which a headless browser
// does not have.
func (b *tab) photoByKeyboard() {
	b.T.Helper()
	b.tabTo("photos")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("doc-0")))
	file := filepath.Join(b.T.TempDir(), "facture.jpg")
	if err := os.WriteFile(file, attachmenttest.JPEG(attachmenttest.Picture(400, 300, 1), 85), 0o600); err != nil {
		b.T.Fatal(err)
	}
	b.tabTo("file-0")
	b.Do(chromedp.SetUploadFiles("#file-0", []string{file}))
	b.tabTo("send-0")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(`#doc-0 .page-state`))
	if got := b.Eval(`document.querySelector("#doc-0 .page-state").dataset.state`); got != string(api.PageSent) {
		b.T.Fatalf("the page sent with the keyboard is %q", got)
	}
	remove := b.Eval(`document.querySelector("#doc-0 button.remove").id`)
	b.tabTo(remove)
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("doc-0")))
	if n := b.Eval(`String(document.querySelectorAll(".page-state").length)`); n != "0" {
		b.T.Fatalf("%s pages left after removing the only one", n)
	}
	b.tabTo("back")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("status")))
}

// settingsByKeyboard: Paramètres from the menu, the step mails turned off
// with Space, Enregistrer with Enter; the store keeps the choice.
func (b *tab) settingsByKeyboard() {
	b.T.Helper()
	b.tabUntil(`the menu's Paramètres`, `document.activeElement.getAttribute("href") === "/parametres"`)
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("email_notices")))
	b.tabTo("email_notices")
	b.Do(chromedp.KeyEvent(" "))
	if b.Eval(`String(document.getElementById("email_notices").checked)`) != "false" {
		b.T.Fatal("Space does not turn the step mails off")
	}
	b.tabTo("save")
	b.Do(webtest.Keys("\r"), chromedp.WaitVisible(chromedp.ID("flash")))
	m, err := b.e.sd.Store.MemberByIdentifier(context.Background(), b.e.acc.Member.Identifier)
	if err != nil {
		b.T.Fatal(err)
	}
	if m.EmailNotices {
		b.T.Fatal("the step mails are still on after turning them off with the keyboard")
	}
}

// tabTo presses Tab until the element with id has the focus (at most 40
// times), and checks that the focus shows: a yellow background or an
// outline.
func (b *tab) tabTo(id string) {
	b.T.Helper()
	b.tabUntil("#"+id, `document.activeElement.id === "`+id+`"`)
}

// tabUntil presses Tab until the JavaScript test is true (at most 40
// times), and checks that the focus shows.
func (b *tab) tabUntil(what, test string) {
	b.T.Helper()
	for i := 0; i < 40; i++ {
		b.Do(chromedp.KeyEvent("\t"))
		if b.Eval(`String(`+test+`)`) == "true" {
			style := b.Eval(`(s => s.backgroundColor + " " + s.outlineStyle)(getComputedStyle(document.activeElement))`)
			if !strings.Contains(style, "rgb(255, 221, 0)") && strings.HasSuffix(style, " none") {
				b.T.Fatalf("%s has the focus but does not show it: %s", what, style)
			}
			return
		}
	}
	b.T.Fatalf("Tab never reaches %s on %s", what, b.Location())
}
