package screens

import (
	"bytes"
	"fmt"
	"image"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/translations"
)

// photoServer is a fake API with pages kept in memory, as the server
// keeps them.
type photoServer struct {
	mu    sync.Mutex
	req   api.Reimbursement
	pages []api.Page
	data  map[int64][]byte
	// fail, when set, answers the next upload.
	fail error
}

func newPhotoServer(r api.Reimbursement) *photoServer {
	return &photoServer{req: r, data: map[int64][]byte{}}
}

func (p *photoServer) fake() *fake {
	return &fake{
		get: func(string) (api.Reimbursement, string, bool, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			return p.req, `"v"`, false, nil
		},
		pages: func() (api.PageList, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			return api.PageList{Items: append([]api.Page(nil), p.pages...)}, nil
		},
		thumb: func(id int64) ([]byte, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			return p.data[id], nil // the server's would be smaller; the screen scales either
		},
		upload: func(doc int, name, key string, data []byte, progress func(int64, int64)) (api.Page, error) {
			progress(int64(len(data)/2), int64(len(data)))
			p.mu.Lock()
			defer p.mu.Unlock()
			if err := p.fail; err != nil {
				p.fail = nil
				return api.Page{}, err
			}
			progress(int64(len(data)), int64(len(data)))
			pg := api.Page{ID: int64(len(p.pages) + 1), Document: doc, Number: 1, ContentType: "image/jpeg", Name: name,
				Size: len(data), State: api.PageSent, CreatedAt: fixedNow, UpdatedAt: fixedNow}
			p.pages = append(p.pages, pg)
			p.data[pg.ID] = data
			return pg, nil
		},
		remove: func(id int64) error {
			p.mu.Lock()
			defer p.mu.Unlock()
			for i, pg := range p.pages {
				if pg.ID == id {
					p.pages = append(p.pages[:i], p.pages[i+1:]...)
					return nil
				}
			}
			return &api.Error{Code: api.CodeNotFound}
		},
	}
}

// TestPhotosPickShrinkSend: a large sideways photo is picked, shrunk and
// turned upright on the phone, sent with a progress bar, and shown with
// its thumbnail and state; removed, it is gone.
func TestPhotosPickShrinkSend(t *testing.T) {
	h := newHarness(t, translations.FR)
	ps := newPhotoServer(demoRequest(api.StatusAwaitingDocuments))
	f := ps.fake()
	photo := attachmenttest.WithEXIF(attachmenttest.JPEG(attachmenttest.Picture(3000, 1500, 1), 90), 6)
	h.env.Pick = func(done func(string, []byte, error)) { done("IMG_0042.HEIC.jpeg", photo, nil) }
	s := NewPhotos(h.env, f, 7).(*photos)
	h.show(t, s)
	if len(s.adds) != 2 || !shown(h, "Aucune page envoyée.") {
		t.Fatalf("%d add buttons; screen %q", len(s.adds), texts(h))
	}
	test.Tap(s.adds[1])
	h.settle()
	if f.count("upload") != 1 {
		t.Fatalf("%d uploads", f.count("upload"))
	}
	sent := ps.data[1]
	cfg, _, err := image.DecodeConfig(bytes.NewReader(sent))
	if err != nil || cfg.Width != 1000 || cfg.Height != 2000 {
		t.Fatalf("sent %v %v, want an upright 1000×2000 JPEG", cfg, err)
	}
	if len(sent) >= len(photo) || bytes.Contains(sent, []byte(attachmenttest.GPSMarker)) {
		t.Fatalf("sent %d bytes of %d, or with the GPS marker", len(sent), len(photo))
	}
	if ps.pages[0].Name != "IMG_0042.HEIC.jpg" || ps.pages[0].Document != 1 {
		t.Fatalf("page %+v", ps.pages[0])
	}
	if s.bar.Value != 1 || s.sending.Visible() {
		t.Fatalf("progress %v, visible %v", s.bar.Value, s.sending.Visible())
	}
	if s.thumbs[1] == nil || !shown(h, "Page 1 : envoyée") || !shown(h, "Page envoyée : un agent va la vérifier.") {
		t.Fatalf("thumbnail %v; screen %q", s.thumbs[1] != nil, texts(h))
	}
	if f.count("thumbnail") != 0 {
		t.Fatal("the thumbnail of the page just sent was downloaded")
	}
	test.Tap(s.removes[1])
	h.settle()
	if len(ps.pages) != 0 || !shown(h, "Page retirée.") {
		t.Fatalf("after removal: %d pages; screen %q", len(ps.pages), texts(h))
	}
}

// TestPhotosRetryKeepsKey: a dropped upload is retried with the same key,
// so the server stores the page once.
func TestPhotosRetryKeepsKey(t *testing.T) {
	h := newHarness(t, translations.FR)
	ps := newPhotoServer(demoRequest(api.StatusAwaitingDocuments))
	ps.fail = fmt.Errorf("%w: connection reset", client.ErrNetwork)
	f := ps.fake()
	h.env.Pick = func(done func(string, []byte, error)) {
		done("f.png", attachmenttest.PNG(attachmenttest.Picture(60, 40, 2)), nil)
	}
	s := NewPhotos(h.env, f, 7).(*photos)
	h.show(t, s)
	test.Tap(s.adds[0])
	h.settle()
	if !s.retry.Visible() || len(ps.pages) != 0 {
		t.Fatalf("retry %v, %d pages; screen %q", s.retry.Visible(), len(ps.pages), texts(h))
	}
	test.Tap(s.retry)
	h.settle()
	if len(ps.pages) != 1 || len(f.keys) != 2 || f.keys[0] != f.keys[1] {
		t.Fatalf("%d pages, keys %v", len(ps.pages), f.keys)
	}
	if ps.pages[0].Name != "f.jpg" {
		t.Fatalf("a PNG is sent as a JPEG: %q", ps.pages[0].Name)
	}
}

// TestPhotosShowAnswers: each document shows the agent's answer, pages
// their state, and only a page no agent has seen can be removed.
func TestPhotosShowAnswers(t *testing.T) {
	h := newHarness(t, translations.FR)
	r := demoRequest(api.StatusAwaitingDocuments)
	r.Precheck = &api.Precheck{Documents: []api.DocumentCheck{
		{Document: 0, Result: api.CheckRedo, ReasonCode: api.RedoUnreadable, Reason: "trop sombre", At: fixedNow},
		{Document: 1, Result: api.CheckComplete, At: fixedNow},
	}}
	ps := newPhotoServer(r)
	ps.pages = []api.Page{
		{ID: 1, Document: 0, Number: 1, ContentType: "image/jpeg", State: api.PageRedo, ReasonCode: api.RedoUnreadable, Reason: "trop sombre"},
		{ID: 2, Document: 1, Number: 1, ContentType: "application/pdf", State: api.PageAccepted},
	}
	ps.data[1] = attachmenttest.JPEG(attachmenttest.Picture(40, 30, 1), 80)
	s := NewPhotos(h.env, ps.fake(), 7).(*photos)
	h.show(t, s)
	for _, want := range []string{
		"À refaire : photo illisible (floue, sombre ou coupée). « trop sombre »",
		"Page 1 : à refaire",
		"Complet : rien à refaire pour ce document.",
		"Page 1 : acceptée",
	} {
		if !shown(h, want) {
			t.Fatalf("the screen does not show %q: %q", want, texts(h))
		}
	}
	if s.removes[1] == nil || s.removes[2] != nil {
		t.Fatalf("remove buttons %v", s.removes)
	}
}

// shown reports whether the window shows s (a visible text).
func shown(h *harness, s string) bool { return textsOf(h.win.Content())[s] }

// texts lists what the window shows, for failure messages.
func texts(h *harness) []string {
	var out []string
	for s := range textsOf(h.win.Content()) {
		out = append(out, s)
	}
	return out
}

// demoPrecheck is demoRequest awaiting documents after an agent answered
// on the photos: the invoice to redo, the CIN complete; or both complete.
func demoPrecheck(complete bool) api.Reimbursement {
	r := demoRequest(api.StatusAwaitingDocuments)
	first := api.DocumentCheck{Document: 0, Result: api.CheckRedo, ReasonCode: api.RedoUnreadable, Reason: "trop sombre", At: fixedNow}
	if complete {
		first = api.DocumentCheck{Document: 0, Result: api.CheckComplete, At: fixedNow}
	}
	r.Precheck = &api.Precheck{Complete: complete, Documents: []api.DocumentCheck{first, {Document: 1, Result: api.CheckComplete, At: fixedNow}}}
	return r
}

// TestPhotosThumbnailsFromServer: pages the phone did not send (another
// device, the portal, or before the app restarted) show the server's
// thumbnail, asked once each; a PDF asks for none.
func TestPhotosThumbnailsFromServer(t *testing.T) {
	h := newHarness(t, translations.FR)
	ps := newPhotoServer(demoRequest(api.StatusAwaitingDocuments))
	ps.pages = []api.Page{
		{ID: 1, Document: 0, Number: 1, ContentType: "image/jpeg", Name: "facture.jpg", State: api.PageSeen, CreatedAt: fixedNow, UpdatedAt: fixedNow},
		{ID: 2, Document: 1, Number: 1, ContentType: "application/pdf", Name: "rib.pdf", State: api.PageSent, CreatedAt: fixedNow, UpdatedAt: fixedNow},
	}
	ps.data[1] = attachmenttest.JPEG(attachmenttest.Picture(180, 240, 3), 75)
	f := ps.fake()
	s := NewPhotos(h.env, f, 7).(*photos)
	h.show(t, s)
	if s.thumbs[1] == nil || s.thumbs[2] != nil || f.count("thumbnail") != 1 {
		t.Fatalf("thumbnails %v, asked %d times: want page 1's, asked once", s.thumbs, f.count("thumbnail"))
	}
	if b := s.thumbs[1].Bounds(); b.Dx() != 2*thumbSide*180/240 || b.Dy() != 2*thumbSide {
		t.Fatalf("thumbnail %v, want it scaled to %d px high", b, 2*thumbSide)
	}
	s.load()
	h.settle()
	if f.count("thumbnail") != 1 {
		t.Fatalf("thumbnail asked %d times after a refresh, want once", f.count("thumbnail"))
	}
}
