package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/screens"
)

// TestPersonalDataFlow: against the real server, in French and Arabic, the
// member reads the privacy notice from the login screen, then, logged in,
// downloads "Mes données" from Paramètres: the server answers and the save
// dialog opens.
func TestPersonalDataFlow(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			f := newFlow(t, locale)
			f.tap("privacy.link")
			f.see("privacy.purpose")
			f.seeSoon("privacy.controller.title") // the server's facts arrived
			f.app.Current().(screens.Backer).Back()
			f.settle()
			f.see("login.recover")

			f.login(f.srv.Member.Identifier, f.srv.Member.Password)
			f.see("services.title")
			f.app.Go(screens.Settings()) // the header's gear
			f.settle()
			test.Tap(entry(t, f.app.Window(), f.tr.T("mydata.title")))
			f.settle()
			f.see("mydata.intro")
			f.tap("mydata.html")
			if f.app.Window().Canvas().Overlays().Top() == nil {
				t.Fatalf("no save dialog after the download; the screen shows %q", visible(f.app.Window()))
			}
			var charged int
			if err := f.srv.Store.DB().QueryRow(`SELECT COUNT(*) FROM throttle WHERE key LIKE 'export:%'`).Scan(&charged); err != nil || charged != 1 {
				t.Fatalf("the server saw %d exports (%v), want 1", charged, err)
			}
		})
	}
}

// entry finds a tappable entry (a text-less button under its texts) that
// shows title.
func entry(t *testing.T, w fyne.Window, title string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Content()) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 {
			continue
		}
		b, ok := c.Objects[0].(*widget.Button)
		if !ok || b.Text != "" {
			continue
		}
		for _, x := range test.LaidOutObjects(c) {
			if tx, ok := x.(interface{ Text() string }); ok && tx.Text() == title {
				return b
			}
		}
	}
	t.Fatalf("no entry %q; the screen shows %q", title, visible(w))
	return nil
}
