package app

import (
	"bytes"
	"context"
	"image"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/screens"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/console/consoletest"
	"github.com/fos-mobile/fos/server/testserver"
	"github.com/fos-mobile/fos/server/webtest"
)

// progressBackend records the progress of every upload.
type progressBackend struct {
	Backend
	mu       sync.Mutex
	progress []float64
	sent     [][]byte
}

func (b *progressBackend) UploadPage(ctx context.Context, id int64, doc int, name, key string, data []byte, progress func(int64, int64)) (api.Page, error) {
	b.mu.Lock()
	b.sent = append(b.sent, data)
	b.mu.Unlock()
	return b.Backend.UploadPage(ctx, id, doc, name, key, data, func(sent, total int64) {
		b.mu.Lock()
		b.progress = append(b.progress, float64(sent)/float64(total))
		b.mu.Unlock()
		progress(sent, total)
	})
}

// TestPhotosFlow is the journey against the real server, in French
// and Arabic: the member picks photos of each original (a test picker),
// sees the progress and the thumbnails; an agent, in the console in the
// real Chromium and in the same language, marks the invoice "à refaire";
// the request screen leads with it; the member sends a better photo; the
// agent marks every document complete; the request screen says to come
// and deposit.
func TestPhotosFlow(t *testing.T) {
	for _, locale := range []string{"fr_MA.UTF-8", "ar_MA.UTF-8"} {
		t.Run(locale, func(t *testing.T) {
			srv := testserver.New(t)
			pb := &progressBackend{Backend: newTestBackend(t, srv.URL, t.TempDir())}
			n := uint64(0)
			pick := func(done func(string, []byte, error)) {
				n++ // a phone's photo: 2400×1800, sideways, with GPS
				done("IMG_2041.jpg", attachmenttest.WithEXIF(attachmenttest.JPEG(attachmenttest.Picture(2400, 1800, n), 92), 6), nil)
			}
			f := startFlow(t, srv, locale, Config{API: pb, Pick: pick})
			f.login(srv.Member.Identifier, srv.Member.Password)
			f.see("services.title")
			r := ask(t, f.backend)
			f.app.Go(screens.Request(r.ID))
			f.settle()
			f.tap("photos.open")
			f.see("photos.title")

			// One photo of each original.
			docs := f.tr.LocalList(r.RequiredDocuments)
			for i := range docs {
				adds := buttons(f.app.Window(), f.tr.T("photos.add"))
				if len(adds) != len(docs) {
					t.Fatalf("%d add buttons for %d documents", len(adds), len(docs))
				}
				test.Tap(adds[i])
				f.settle()
			}
			f.see("photos.sent")
			if got := thumbnails(f); got != len(docs) {
				t.Fatalf("%d thumbnails for %d pages", got, len(docs))
			}
			pb.mu.Lock()
			if len(pb.progress) == 0 || pb.progress[len(pb.progress)-1] != 1 {
				t.Fatalf("progress %v", pb.progress)
			}
			// 2400×1800 shrunk to 2000×1500, then turned upright.
			cfg, _, err := image.DecodeConfig(bytes.NewReader(pb.sent[0]))
			if err != nil || cfg.Width != 1500 || cfg.Height != 2000 {
				t.Fatalf("sent %v %v, want 1500×2000", cfg, err)
			}
			pb.mu.Unlock()

			// The agent, in the console in Chromium, in the run's language:
			// the invoice is to be redone.
			agent := consoleAgent(t, srv, locale)
			consoletest.OpenFile(agent.Tab, agent.base, r.ID)
			reason := f.tr.RedoReason(api.RedoUnreadable, "")
			if got := consoletest.Redo(agent.Tab, 0, api.RedoUnreadable, ""); !strings.Contains(got, reason) {
				t.Fatalf("the console shows the answer %q, want the reason %q", got, reason)
			}
			f.app.Go(screens.Request(r.ID))
			redo := f.tr.T("precheck.redo", docs[0]+" — "+reason)
			f.waitFor("the agent's answer", func() bool { return shows(f.app.Window(), redo) })
			f.settle()

			// A better photo, then every document complete.
			f.tap("photos.open")
			f.see("page.redo")
			test.Tap(buttons(f.app.Window(), f.tr.T("photos.add"))[0])
			f.settle()
			f.see("photos.sent")
			consoletest.OpenFile(agent.Tab, agent.base, r.ID)
			if n := consoletest.Pages(agent.Tab, 0); n != 2 {
				t.Fatalf("the console shows %d pages of the invoice, want the first and the better one", n)
			}
			for doc := range docs {
				consoletest.Complete(agent.Tab, doc)
			}
			if agent.Eval(`document.querySelector("#precheck-summary .ok") ? "complete" : ""`) != "complete" {
				t.Fatalf("the console's summary does not say complete: %q", agent.Text("precheck-summary"))
			}
			f.app.Go(screens.Request(r.ID))
			complete := f.tr.T("precheck.complete", f.tr.Date(r.DepositDeadline))
			f.waitFor("the documents complete", func() bool { return shows(f.app.Window(), complete) })
			f.settle()
		})
	}
}

// agentTab is an agent's tab, in the package's one Chromium, on the
// console at base.
type agentTab struct {
	*webtest.Tab
	base string
}

// consoleAgent starts the console beside srv and logs the seeded agent in,
// the console in the language of locale (Arabic: right to left).
func consoleAgent(t *testing.T, srv *testserver.Server, locale string) agentTab {
	t.Helper()
	a := agentTab{Tab: webtest.NewTab(t), base: consoletest.Serve(t, srv)}
	consoletest.Login(a.Tab, a.base, srv.AgentCreds.Email, srv.AgentCreds.Password)
	lang, dir := "fr", "ltr"
	if strings.HasPrefix(locale, "ar") {
		lang, dir = "ar", "rtl"
	}
	if got := consoletest.Language(a.Tab, lang); got != dir {
		t.Fatalf("the console in %s is %s, want %s", lang, got, dir)
	}
	return a
}

// buttons finds the enabled buttons labelled text, in order.
func buttons(w fyne.Window, text string) []*widget.Button {
	var out []*widget.Button
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() && !b.Disabled() {
			out = append(out, b)
		}
	}
	return out
}

// thumbnails counts the images the screen shows.
func thumbnails(f *flow) int {
	n := 0
	for _, o := range test.LaidOutObjects(f.app.Window().Content()) {
		if img, ok := o.(*canvas.Image); ok && img.Visible() && img.Image != nil && img.Resource == nil && img.File == "" {
			n++
		}
	}
	return n
}
