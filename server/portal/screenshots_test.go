package portal_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/webtest"
)

// TestScreenshots writes a PNG of every page, at 360×640 (a modest
// phone) and 1280×800, in French and Arabic, into the directory named by
// FOS_PORTAL_SCREENSHOTS (scripts/portal-screenshots.sh sets it to
// docs/portal): <page>-<lang>-<width>.png, the whole page. Without it, it
// only checks that each page renders in both languages.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("FOS_PORTAL_SCREENSHOTS")
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	e.apiPage(e.acc.Member, r.ID, 0, attachmenttest.JPEG(attachmenttest.Picture(300, 400, 5), 80))
	e.apiPage(e.acc.Member, r.ID, 1, attachmenttest.PDF())
	e.apiPage(e.acc.Member, r.ID, 1, attachmenttest.JPEG(attachmenttest.Picture(400, 300, 6), 80))
	e.srv.AgentPrecheck(t, r.ID, api.PrecheckRequest{Document: 1, Result: api.CheckRedo, ReasonCode: api.RedoUnreadable})
	other := e.srv.Request(t, e.acc.OtherMember, api.KindSummer)
	e.srv.AgentDo(t, other.ID, "receive", nil)
	e.srv.AgentDo(t, other.ID, "reject", api.RejectRequest{ReasonCode: api.ReasonInvoiceOutOfPeriod, Reason: "Facture du 3 octobre"})
	type shot struct {
		name, path string
		then       []chromedp.Action[chromedp.Void]
	}
	out := []shot{
		{"login", "/connexion", nil},
		{"login-errors", "/connexion", []chromedp.Action[chromedp.Void]{webtest.Submit("login")}},
		{"recover", "/mot-de-passe", nil},
		{"code", "/mot-de-passe/code", nil},
		{"privacy", "/confidentialite", nil},
	}
	in := []shot{
		{"services", "/services", nil},
		{"dashboard", "/tableau-de-bord", nil},
		{"estivage", "/estivage", nil},
		{"confirm", "/estivage/demander/off_season", nil},
		{"deposit", fmt.Sprintf("/demandes/%d/depot", r.ID), nil},
		{"request", fmt.Sprintf("/demandes/%d", r.ID), nil},
		{"photos", fmt.Sprintf("/demandes/%d/photos", r.ID), nil},
		{"photos-errors", fmt.Sprintf("/demandes/%d/photos", r.ID), []chromedp.Action[chromedp.Void]{webtest.Submit("send-0")}},
		{"cancel", fmt.Sprintf("/demandes/%d/annuler", r.ID), nil},
		{"settings", "/parametres", nil},
	}
	for _, l := range []string{"fr", "ar"} {
		for _, w := range []int64{360, 1280} {
			b := e.tab(t)
			height := map[int64]int64{360: 640, 1280: 800}[w]
			b.Do(chromedp.EmulateViewport(w, height))
			b.Do(chromedp.Navigate(e.url + "/langue?l=" + l + "&next=/connexion"))
			shootAll := func(list []shot) {
				for _, s := range list {
					b.Do(chromedp.Navigate(e.url + s.path))
					b.Do(s.then...)
					if got := b.Eval(`document.documentElement.lang`); got != l {
						t.Fatalf("%s: lang %q, want %q", s.name, got, l)
					}
					// The whole page: the window made as tall as the page
					// (chromedp's FullScreenshot shifts some right-to-left
					// pages sideways), then its natural height back.
					var h int64
					fmt.Sscan(b.Eval(`String(document.documentElement.scrollHeight)`), &h)
					b.Do(chromedp.EmulateViewport(w, max(h, height)))
					png, err := chromedp.Run(b.Ctx, chromedp.CaptureScreenshot())
					if err != nil {
						t.Fatal(err)
					}
					b.Do(chromedp.EmulateViewport(w, height))
					if got := int64(binary.BigEndian.Uint32(png[16:20])); got != w {
						t.Errorf("%s (%s, %d): the page is %d px wide", s.name, l, w, got)
					}
					if dir == "" {
						continue
					}
					if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s-%d.png", s.name, l, w)), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			shootAll(out)
			b.login(e.acc.Member)
			shootAll(in)
			b.Do(webtest.Submit("logout"))
			b.login(e.acc.OtherMember)
			shootAll([]shot{{"rejected", fmt.Sprintf("/demandes/%d", other.ID), nil}})
		}
	}
}
