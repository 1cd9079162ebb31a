package httpapi_test

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// upload sends data as page of document doc of request id.
func (e *env) upload(token string, id int64, doc int, key, name string, data []byte) resp {
	e.t.Helper()
	return e.do(uploadReq(token, id, doc, key, name, data))
}

func uploadReq(token string, id int64, doc int, key, name string, data []byte) req {
	return req{method: "POST", path: fmt.Sprintf("/reimbursements/%d/pages?document=%d&name=%s", id, doc, url.QueryEscape(name)),
		token: token, body: data, header: map[string]string{api.IdempotencyKeyHeader: key, "Content-Type": "application/octet-stream"},
		// A body over the spec's maxLength is sent on purpose.
		invalid: len(data) > api.MaxPageBytes}
}

func (e *env) mustUpload(token string, id int64, doc int, key string, data []byte) api.Page {
	e.t.Helper()
	return decodeJSON[api.Page](e.t, want(e.t, e.upload(token, id, doc, key, "page.jpg", data), 201))
}

func webpFile(t *testing.T) []byte {
	b, err := os.ReadFile("../attachment/testdata/video-001.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// smallJPEG is a valid JPEG of a few hundred bytes, distinct by seed.
func smallJPEG(seed uint64) []byte {
	return attachmenttest.JPEG(attachmenttest.Picture(24, 16, seed), 80)
}

func TestPagesEveryTypeCleaned(t *testing.T) {
	forEachEngine(t, envOptions{}, func(t *testing.T, e *env) {
		tok := e.memberToken()
		r := e.mustCreate(tok, "pages-types-1", api.KindSummer)
		for i, c := range []struct {
			name, typ, disposition string
			data                   []byte
		}{
			{"photo.jpg", "image/jpeg", "inline", attachmenttest.Photo(400, 300)},
			{"scan.png", "image/png", "inline", attachmenttest.PNGWithText(200, 100)},
			{"capture.webp", "image/webp", "inline", webpFile(t)},
			{"facture.pdf", "application/pdf", "attachment", attachmenttest.PDF()},
		} {
			t.Run(c.typ, func(t *testing.T) {
				p := decodeJSON[api.Page](t, want(t, e.upload(tok, r.ID, i%2, fmt.Sprintf("types-key-%d", i), c.name, c.data), 201))
				if p.ContentType != c.typ || p.State != api.PageSent || p.Name != c.name {
					t.Fatalf("page %+v", p)
				}
				got := want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages/%d", r.ID, p.ID), token: tok}), 200)
				h := got.Header
				if h.Get("Content-Type") != c.typ || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
					t.Fatalf("headers %v", h)
				}
				if d := h.Get("Content-Disposition"); !strings.HasPrefix(d, c.disposition+";") || !strings.Contains(d, c.name) {
					t.Fatalf("Content-Disposition %q", d)
				}
				csp := h.Get("Content-Security-Policy")
				if sandboxed := strings.Contains(csp, "sandbox"); sandboxed != (c.disposition == "attachment") || !strings.Contains(csp, "default-src 'none'") {
					t.Fatalf("Content-Security-Policy %q", csp)
				}
				for _, leak := range []string{attachmenttest.GPSMarker, attachmenttest.Trailer} {
					if bytes.Contains(got.Body, []byte(leak)) {
						t.Fatalf("the served page holds %q", leak)
					}
				}
				if len(got.Body) != p.Size {
					t.Fatalf("served %d bytes, page says %d", len(got.Body), p.Size)
				}
			})
		}
		list := decodeJSON[api.PageList](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages", r.ID), token: tok}), 200))
		if len(list.Items) != 4 || list.Items[0].Document != 0 || list.Items[3].Document != 1 {
			t.Fatalf("list %+v", list.Items)
		}
	})
}

func TestPagesRefused(t *testing.T) {
	forEachEngine(t, envOptions{}, func(t *testing.T, e *env) {
		tok := e.memberToken()
		r := e.mustCreate(tok, "pages-refused-1", api.KindSummer)
		theirs := e.mustCreate(e.otherToken(), "pages-refused-2", api.KindSummer)
		nine := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 9<<20)...)
		for _, c := range []struct {
			name string
			id   int64
			data []byte
			code api.Code
		}{
			{"PNG bomb", r.ID, attachmenttest.PNGBomb(), api.CodeUnsupportedMedia},
			{"renamed executable", r.ID, attachmenttest.Executable(), api.CodeUnsupportedMedia},
			{"HTML named .jpg", r.ID, attachmenttest.HTML(), api.CodeUnsupportedMedia},
			{"truncated image", r.ID, attachmenttest.Truncated(), api.CodeUnsupportedMedia},
			{"PDF with JavaScript", r.ID, attachmenttest.PDFWithJavaScript(), api.CodeUnsupportedMedia},
			{"9 MB", r.ID, nine, api.CodePayloadTooLarge},
			{"another member's request", theirs.ID, smallJPEG(1), api.CodeNotFound},
		} {
			t.Run(c.name, func(t *testing.T) {
				wantErr(t, e.upload(tok, c.id, 0, "refused-"+strings.ReplaceAll(c.name, " ", "-"), "photo.jpg", c.data), c.code)
				if n := e.count(`SELECT COUNT(*) FROM pages`); n != 0 {
					t.Fatalf("%d pages stored", n)
				}
			})
		}
		t.Run("the 21st page", func(t *testing.T) {
			for i := 0; i < api.MaxPagesPerRequest; i++ {
				e.mustUpload(tok, r.ID, i%2, fmt.Sprintf("twenty-%02d", i), smallJPEG(uint64(i)))
			}
			wantErr(t, e.upload(tok, r.ID, 0, "twenty-one", "p.jpg", smallJPEG(99)), api.CodeQuotaExceeded)
			if n := e.count(`SELECT COUNT(*) FROM pages`); n != api.MaxPagesPerRequest {
				t.Fatalf("%d pages stored", n)
			}
		})
		t.Run("no such document", func(t *testing.T) {
			e2 := e.do(req{method: "POST", path: fmt.Sprintf("/reimbursements/%d/pages?document=x", r.ID), token: tok, body: smallJPEG(1),
				header: map[string]string{api.IdempotencyKeyHeader: "bad-doc-key", "Content-Type": "application/octet-stream"}, invalid: true})
			wantErr(t, e2, api.CodeInvalidRequest)
		})
	})
}

func TestPagesReplayDeleteAndOwnership(t *testing.T) {
	e := newEnv(t)
	tok, other, agent := e.memberToken(), e.otherToken(), e.agentToken()
	r := e.mustCreate(tok, "pages-replay-1", api.KindSummer)
	photo := smallJPEG(5)
	first := e.mustUpload(tok, r.ID, 0, "replay-key-1", photo)
	again := e.mustUpload(tok, r.ID, 0, "replay-key-1", photo)
	if again.ID != first.ID || e.count(`SELECT COUNT(*) FROM pages`) != 1 {
		t.Fatalf("a retried upload stored twice: %d, %d", first.ID, again.ID)
	}
	wantErr(t, e.upload(tok, r.ID, 0, "replay-key-1", "p.jpg", smallJPEG(6)), api.CodeIdempotencyMismatch)

	page := fmt.Sprintf("/reimbursements/%d/pages/%d", r.ID, first.ID)
	wantErr(t, e.do(req{method: "GET", path: page, token: other}), api.CodeNotFound)
	wantErr(t, e.do(req{method: "DELETE", path: page, token: other}), api.CodeNotFound)
	wantErr(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d/pages", r.ID), token: other}), api.CodeNotFound)
	wantErr(t, e.do(req{method: "GET", path: page, token: agent}), api.CodeForbidden)

	second := e.mustUpload(tok, r.ID, 1, "replay-key-2", smallJPEG(7))
	want(t, e.do(req{method: "DELETE", path: fmt.Sprintf("/reimbursements/%d/pages/%d", r.ID, second.ID), token: tok}), 204)
	if n := e.count(`SELECT COUNT(*) FROM pages WHERE id = $1`, second.ID); n != 0 {
		t.Fatal("a removed page is still stored")
	}
	// Once an agent has opened it, the member can no longer remove it.
	want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d/pages/%d", r.ID, first.ID), token: agent}), 200)
	wantErr(t, e.do(req{method: "DELETE", path: page, token: tok}), api.CodeInvalidTransition)
	list := decodeJSON[api.PageList](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d/pages", r.ID), token: agent}), 200))
	if len(list.Items) != 1 || list.Items[0].State != api.PageSeen {
		t.Fatalf("agent's list %+v", list.Items)
	}
}

func TestPrecheckThroughTheAPI(t *testing.T) {
	forEachEngine(t, envOptions{}, func(t *testing.T, e *env) {
		tok, agent := e.memberToken(), e.agentToken()
		r := e.mustCreate(tok, "precheck-api-1", api.KindSummer)
		for doc := range r.RequiredDocuments.FR {
			e.mustUpload(tok, r.ID, doc, fmt.Sprintf("precheck-doc-%d", doc), smallJPEG(uint64(doc)))
		}
		cur := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d", r.ID), token: agent}), 200))
		stale := api.PrecheckRequest{Version: cur.Version - 1, Document: 0, Result: api.CheckComplete}
		wantErr(t, e.agentDo(agent, r.ID, "precheck", stale), api.CodeVersionConflict)
		bad := api.PrecheckRequest{Version: cur.Version, Document: 0, Result: api.CheckRedo}
		wantErr(t, e.agentDo(agent, r.ID, "precheck", bad), api.CodeInvalidRequest)

		redo := api.PrecheckRequest{Version: cur.Version, Document: 0, Result: api.CheckRedo, ReasonCode: api.RedoUnreadable, Reason: "<b>floue</b>"}
		after := decodeJSON[api.Reimbursement](t, want(t, e.agentDo(agent, r.ID, "precheck", redo), 200))
		mine := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", r.ID), token: tok}), 200))
		if mine.Precheck == nil || mine.Precheck.Complete || mine.Precheck.Documents[0].Reason != "<b>floue</b>" {
			t.Fatalf("member's precheck %+v", mine.Precheck)
		}
		if !strings.Contains(e.Log.String(), `"action":"agent.precheck"`) {
			t.Fatal("the pre-check was not audited")
		}
		// The back office's timeline carries the answer whole (checked
		// against the spec with every response), the agent's text as the
		// note; the member's has no pre-check event.
		var last api.Event
		for _, ev := range after.Events {
			if ev.Kind == api.EventPrecheck {
				last = ev
			}
		}
		if c := last.Check; c == nil || c.Document != 0 || c.Result != api.CheckRedo || c.ReasonCode != api.RedoUnreadable ||
			c.Reason != "<b>floue</b>" || last.Note != "<b>floue</b>" || !c.At.Equal(last.At) {
			t.Fatalf("the pre-check's event %+v, check %+v", last, last.Check)
		}
		for _, ev := range mine.Events {
			if ev.Kind == api.EventPrecheck || ev.Check != nil {
				t.Fatalf("the member's timeline has %+v", ev)
			}
		}
		// Every document complete: the member may travel.
		v := after.Version
		e.mustUpload(tok, r.ID, 0, "precheck-doc-0-better", smallJPEG(50))
		v += 1
		for doc := range r.RequiredDocuments.FR {
			got := decodeJSON[api.Reimbursement](t, want(t, e.agentDo(agent, r.ID, "precheck", api.PrecheckRequest{Version: v, Document: doc, Result: api.CheckComplete}), 200))
			v = got.Version
		}
		mine = decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", r.ID), token: tok}), 200))
		if mine.Precheck == nil || !mine.Precheck.Complete {
			t.Fatalf("precheck %+v, want complete", mine.Precheck)
		}
		want(t, e.agentDo(agent, r.ID, "receive", nil), 200)
		wantErr(t, e.upload(tok, r.ID, 0, "after-receipt", "p.jpg", smallJPEG(60)), api.CodeInvalidTransition)
	})
}
