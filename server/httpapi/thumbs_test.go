package httpapi_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// TestPageThumbnails: an image page's thumbnail is made at upload, upright
// and without metadata, and served to its member and to agents with the
// pages' headers; a PDF has none; a page stored without one gets it on
// its first request; it goes with its page.
func TestPageThumbnails(t *testing.T) {
	forEachEngine(t, envOptions{}, func(t *testing.T, e *env) {
		tok, other, agent := e.memberToken(), e.otherToken(), e.agentToken()
		r := e.mustCreate(tok, "thumbs-1", api.KindSummer)
		photo := attachmenttest.Sideways(2000, 1500)
		p := decodeJSON[api.Page](t, want(t, e.upload(tok, r.ID, 0, "thumbs-key-1", "facture.jpg", photo), 201))
		pdf := decodeJSON[api.Page](t, want(t, e.upload(tok, r.ID, 1, "thumbs-key-2", "rib.pdf", attachmenttest.PDF()), 201))
		if p.Width != 1500 || p.Height != 2000 {
			t.Fatalf("page of %d×%d, want 1500×2000: as shown, upright", p.Width, p.Height)
		}
		mine := fmt.Sprintf("/reimbursements/%d/pages/%d/thumbnail", r.ID, p.ID)
		agents := fmt.Sprintf("/admin/reimbursements/%d/pages/%d/thumbnail", r.ID, p.ID)

		got := want(t, e.do(req{method: "GET", path: mine, token: tok}), 200)
		if err := attachmenttest.CheckThumb(got.Body, 2000, 1500, attachment.ThumbSide); err != nil {
			t.Fatal(err)
		}
		h := got.Header
		if h.Get("Content-Type") != "image/jpeg" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" ||
			h.Get("Content-Disposition") != `inline; filename=facture-thumb.jpg` || h.Get("Content-Security-Policy") != "default-src 'none'" {
			t.Fatalf("headers %v", h)
		}
		if len(got.Body)*10 > p.Size {
			t.Fatalf("thumbnail of %d bytes for a page of %d: want under a tenth", len(got.Body), p.Size)
		}
		t.Logf("page %d bytes, thumbnail %d bytes", p.Size, len(got.Body))

		byAgent := want(t, e.do(req{method: "GET", path: agents, token: agent}), 200)
		if !bytes.Equal(byAgent.Body, got.Body) || byAgent.Header.Get("Content-Disposition") != h.Get("Content-Disposition") {
			t.Fatal("the agents' thumbnail differs from the member's")
		}
		// The thumbnail is not the agent opening the page: the member may
		// still remove it.
		list := decodeJSON[api.PageList](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages", r.ID), token: tok}), 200))
		if list.Items[0].State != api.PageSent {
			t.Fatalf("state %s after the agent's thumbnail, want sent", list.Items[0].State)
		}

		wantErr(t, e.do(req{method: "GET", path: mine, token: other}), api.CodeNotFound)
		wantErr(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages/%d/thumbnail", r.ID+1000, p.ID), token: tok}), api.CodeNotFound)
		wantErr(t, e.do(req{method: "GET", path: mine, token: agent}), api.CodeForbidden)
		wantErr(t, e.do(req{method: "GET", path: agents, token: tok}), api.CodeForbidden)
		wantErr(t, e.do(req{method: "GET", path: mine}), api.CodeUnauthorized)
		for _, path := range []string{fmt.Sprintf("/reimbursements/%d/pages/%d/thumbnail", r.ID, pdf.ID),
			fmt.Sprintf("/admin/reimbursements/%d/pages/%d/thumbnail", r.ID, pdf.ID)} {
			tk := tok
			if strings.HasPrefix(path, "/admin") {
				tk = agent
			}
			if e := wantErr(t, e.do(req{method: "GET", path: path, token: tk}), api.CodeNotFound); !strings.Contains(e.Message, "no thumbnail") {
				t.Fatalf("PDF: %q, want a message that says it has no thumbnail", e.Message)
			}
		}

		// A page stored before thumbnails were made at upload.
		if _, err := e.Store.DB().Exec(`UPDATE pages SET thumb = NULL WHERE id = $1`, p.ID); err != nil {
			t.Fatal(err)
		}
		lazy := want(t, e.do(req{method: "GET", path: agents, token: agent}), 200)
		if err := attachmenttest.CheckThumb(lazy.Body, 2000, 1500, attachment.ThumbSide); err != nil {
			t.Fatalf("made on request: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM pages WHERE id = $1 AND thumb IS NOT NULL`, p.ID); n != 1 {
			t.Fatal("the thumbnail made on request was not stored")
		}

		want(t, e.do(req{method: "DELETE", path: fmt.Sprintf("/reimbursements/%d/pages/%d", r.ID, p.ID), token: tok}), 204)
		wantErr(t, e.do(req{method: "GET", path: mine, token: tok}), api.CodeNotFound)
		wantErr(t, e.do(req{method: "GET", path: agents, token: agent}), api.CodeNotFound)
	})
}
