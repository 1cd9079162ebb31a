package portal_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/webtest"
)

// pageBudget is the most a page may transfer (HTML, CSS, icon, QR code;
// headers included), with an empty cache; the thumbnails of the member's
// photos have their own budget (weight_test.go).
const pageBudget = 30 << 10

// TestEveryPage visits every page of the portal in French and Arabic,
// logged out and in, with an empty cache at 320 CSS pixels wide, and
// checks each: axe-core (WCAG 2.2 A and AA, best practices) finds nothing,
// nothing scrolls sideways, the page transferred less than pageBudget, and
// it has a skip link to its main content, one h1 and a lang and dir.
func TestEveryPage(t *testing.T) {
	for _, lang := range []string{"fr", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.srv.Request(t, e.acc.Member, api.KindSummer)
			e.apiPage(e.acc.Member, r.ID, 0, attachmenttest.JPEG(attachmenttest.Picture(90, 120, 3), 80))
			e.apiPage(e.acc.Member, r.ID, 1, attachmenttest.PDF())
			b := e.tab(t)
			b.Do(chromedp.EmulateViewport(320, 640))
			if _, err := chromedp.Call(b.Ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				t.Fatal(err)
			}
			b.Do(chromedp.Navigate(e.url + "/connexion"))
			if lang == "ar" {
				b.arabic()
			}
			check := func(name string) {
				t.Helper()
				b.checkPage(name, lang)
			}
			b.visit("/connexion")
			check("login")
			b.Do(webtest.Submit("login"))
			check("login with errors")
			b.visit("/mot-de-passe")
			check("recover")
			b.Do(webtest.Submit("send"))
			check("recover with errors")
			b.visit("/mot-de-passe/code")
			check("code")
			b.Do(webtest.Submit("change"))
			check("code with errors")
			b.visit("/nulle-part")
			check("not found, logged out")
			b.visit("/confidentialite")
			check("privacy notice, logged out")

			b.login(e.acc.Member)
			b.visit(fmt.Sprintf("/demandes/%d/photos", r.ID))
			b.Transferred() // the page's own bytes are counted in the list below
			b.Do(webtest.Submit("send-0"))
			check("photos with errors")
			for _, p := range []string{"/services", "/tableau-de-bord", "/estivage", "/estivage/mes-demandes",
				"/estivage/historique", "/estivage/demander/off_season", "/demandes/999999", fmt.Sprintf("/demandes/%d/depot", r.ID),
				"/parametres", "/confidentialite", fmt.Sprintf("/demandes/%d", r.ID), fmt.Sprintf("/demandes/%d/photos", r.ID),
				fmt.Sprintf("/demandes/%d/annuler", r.ID)} {
				b.visit(p)
				check(p)
			}
			b.Do(webtest.Submit("cancel-yes"), chromedp.WaitVisible(chromedp.ID("flash")))
			check("cancelled request")
			b.visit("/estivage/historique")
			check("history with a request")
		})
	}
}

// visit navigates to path and forgets the bytes of what came before.
func (b *tab) visit(path string) {
	b.T.Helper()
	b.Transferred()
	b.Do(chromedp.Navigate(b.e.url + path))
}

// isThumbnail is a member's photo thumbnail: content, weighed on its own
// by TestPhotosPageWeight.
func isThumbnail(url string) bool { return strings.HasSuffix(url, "/vignette") }

// checkPage checks the current page (TestEveryPage): webtest's check of
// every surface's pages (axe-core, no sideways scroll, lang and dir, one
// h1 and a skip link; webtest.TestCheckPageFinds proves it can fail),
// and the bytes it took, the photos' thumbnails apart.
func (b *tab) checkPage(name, lang string) {
	b.T.Helper()
	b.CheckPage(name, lang)
	if n := b.TransferredExcept(isThumbnail); n > pageBudget || n < 500 {
		b.T.Errorf("%s (%s): %d bytes transferred (the photos' thumbnails apart), want 500 to %d", name, lang, n, pageBudget)
	} else {
		b.T.Logf("%s (%s): %d bytes", name, lang, n)
	}
}
