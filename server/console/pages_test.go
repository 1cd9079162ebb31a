package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	stdjpeg "image/jpeg"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// xssName is a file name and xssText an agent's reason meant to run as
// script if a page printed them raw.
const (
	xssName = `"><img src=x onerror=alert(1)>.jpg`
	xssText = `</textarea><script>alert(2)</script>`
)

// uploadPage sends a photo through the API as the member of tok.
func (e *env) uploadPage(tok string, id int64, doc int, name string, data []byte) api.Page {
	e.t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s%s/reimbursements/%d/pages?document=%d&name=%s", e.api, api.BasePath, id, doc, url.QueryEscape(name)),
		bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set(api.IdempotencyKeyHeader, fmt.Sprintf("console-test-%d-%d-%d", id, doc, len(data)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 {
		e.t.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
	var p api.Page
	if err := json.Unmarshal(b, &p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// TestPrecheckConsole: the file page shows the photos by document (the
// member's file name escaped), serves them safely, records "à refaire"
// with a reason (the text escaped, the member told) then "complet"; a
// stale form is refused; the queue's "photos à contrôler" lists the file
// until every photo is answered; the file opened at the counter shows the
// pre-check.
func TestPrecheckConsole(t *testing.T) {
	e := newEnv(t)
	r, tok := e.newRequest(e.acc.Member)
	docs := len(r.RequiredDocuments.FR)
	for doc := 0; doc < docs; doc++ {
		e.uploadPage(tok, r.ID, doc, xssName, attachmenttest.JPEG(attachmenttest.Picture(80, 60, uint64(doc+1)), 85))
	}
	h := e.httpClient()
	if code := h.login(e.acc.Agent.Email, e.acc.Agent.Password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	code, body, _ := h.get("/dossiers?photos=1&season=0")
	if code != 200 || !strings.Contains(body, r.Reference) {
		t.Fatalf("queue of photos to check: %d, no %s", code, r.Reference)
	}
	file := fmt.Sprintf("/dossiers/%d", r.ID)
	code, body, csrf := h.get(file)
	if code != 200 || !strings.Contains(body, `id="photos"`) || strings.Contains(body, `<img src=x onerror`) ||
		!strings.Contains(body, `&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.jpg`) {
		t.Fatalf("file page %d: photos section or escaping wrong", code)
	}
	var pageID int64
	if _, err := fmt.Sscanf(body[strings.Index(body, "/pages/")+len("/pages/"):], "%d", &pageID); err != nil {
		t.Fatal(err)
	}
	// The file page shows thumbnails, which leave the page as it was.
	thumb := fmt.Sprintf("%s/pages/%d/vignette", file, pageID)
	if !strings.Contains(body, `<img src="`+thumb+`"`) {
		t.Fatal("the file page does not show the page's thumbnail")
	}
	resp, tb := h.Raw(thumb)
	if c, err := stdjpeg.DecodeConfig(bytes.NewReader(tb)); err != nil || resp.StatusCode != 200 ||
		resp.Header.Get("Content-Type") != "image/jpeg" || resp.Header.Get("Cache-Control") != "no-store" ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline;") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "-thumb.jpg") || c.Width != 80 || c.Height != 60 {
		t.Fatalf("thumbnail: %d %v, %+v %v", resp.StatusCode, resp.Header, c, err)
	}
	if pages, _ := e.st.AgentPages(context.Background(), r.ID); pages[0].State != api.PageSent {
		t.Fatalf("state %s after the thumbnail, want sent", pages[0].State)
	}
	if code, _, _ := h.get(fmt.Sprintf("/dossiers/%d/pages/%d/vignette", r.ID+1000, pageID)); code != 404 {
		t.Fatalf("a page's thumbnail under another file: %d, want 404", code)
	}
	resp, err := h.HTTP.Get(e.console + fmt.Sprintf("%s/pages/%d", file, pageID))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || resp.Header.Get("Cache-Control") != "no-store" ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline;") {
		t.Fatalf("page bytes: %d %v", resp.StatusCode, resp.Header)
	}
	if code, body, _ := h.get(fmt.Sprintf("%s/pages/%d/voir?rot=90&zoom=2", file, pageID)); code != 200 ||
		!strings.Contains(body, `class="rot-90"`) || !strings.Contains(body, `zoom-2`) {
		t.Fatalf("viewer: %d", code)
	}

	v := e.memberView(tok, r.ID).Version
	form := url.Values{"csrf": {csrf}, "version": {fmt.Sprint(v)}, "document": {"0"}, "result": {"redo"}}
	if code, _ := h.post(file+"/precheck", form); code != http.StatusUnprocessableEntity {
		t.Fatalf("redo without a reason: %d, want 422", code)
	}
	form.Set("reason", string(api.RedoUnreadable))
	form.Set("text", xssText)
	if code, _ := h.post(file+"/precheck", form); code != http.StatusSeeOther {
		t.Fatalf("redo: %d", code)
	}
	if code, _ := h.post(file+"/precheck", url.Values{"csrf": {csrf}, "version": {fmt.Sprint(v)}, "document": {"1"}, "result": {"complete"}}); code != http.StatusConflict {
		t.Fatalf("a stale form: %d, want 409", code)
	}
	mine := e.memberView(tok, r.ID)
	if mine.Precheck == nil || mine.Precheck.Documents[0].Reason != xssText || mine.Precheck.Documents[0].ReasonCode != api.RedoUnreadable {
		t.Fatalf("the member reads %+v", mine.Precheck)
	}
	_, body, csrf = h.get(file)
	if strings.Contains(body, "<script>alert(2)") || !strings.Contains(body, "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;") {
		t.Fatal("the agent's reason is not escaped on the file page")
	}
	if e.audit.count("agent.precheck", "ok") != 1 || e.audit.count("agent.precheck", "failed") != 1 {
		t.Fatalf("audit: %d ok, %d failed", e.audit.count("agent.precheck", "ok"), e.audit.count("agent.precheck", "failed"))
	}
	// The invoice cannot be accepted before a better photo comes.
	if code, _ := h.post(file+"/precheck", url.Values{"csrf": {csrf}, "version": {fmt.Sprint(e.memberView(tok, r.ID).Version)}, "document": {"0"}, "result": {"complete"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("complete without a page to accept: %d, want 422", code)
	}
	e.uploadPage(tok, r.ID, 0, "facture-nette.jpg", attachmenttest.JPEG(attachmenttest.Picture(80, 60, 99), 85))
	for doc := 0; doc < docs; doc++ {
		v := e.memberView(tok, r.ID).Version
		if code, b := h.post(file+"/precheck", url.Values{"csrf": {csrf}, "version": {fmt.Sprint(v)}, "document": {fmt.Sprint(doc)}, "result": {"complete"}}); code != http.StatusSeeOther {
			t.Fatalf("complete %d: %d %.300s", doc, code, b)
		}
	}
	if mine := e.memberView(tok, r.ID); mine.Precheck == nil || !mine.Precheck.Complete {
		t.Fatalf("precheck %+v, want complete", mine.Precheck)
	}
	if _, body, _ := h.get("/dossiers?photos=1&season=0"); strings.Contains(body, r.Reference) {
		t.Fatal("a file whose photos are all answered is still in 'photos à contrôler'")
	}
	if _, body, _ := h.get(file + "?guichet=1"); !strings.Contains(body, `id="precheck-summary"`) || !strings.Contains(body, "check-complete") {
		t.Fatal("the file opened at the counter does not show the pre-check")
	}
}
