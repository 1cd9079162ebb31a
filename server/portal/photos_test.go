package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	stdjpeg "image/jpeg"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
	"github.com/fos-mobile/fos/server/demo"
)

var keyField = regexp.MustCompile(`name="key" value="([^"]+)"`)

// upload posts the photos page's form for document doc as a browser does
// (the fields first, then the file), with header pairs.
func (h *client) upload(id int64, fields map[string]string, name string, data []byte, header ...string) (int, string, string) {
	h.e.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, k := range []string{"csrf", "key", "document"} {
		if v, ok := fields[k]; ok {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/demandes/%d/photos", h.e.url, id), &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, body := h.Do(req)
	return resp.StatusCode, string(body), resp.Header.Get("Location")
}

func (e *env) pages(member string, id int64) []api.Page {
	e.t.Helper()
	m, err := e.sd.Store.MemberByIdentifier(context.Background(), member)
	if err != nil {
		e.t.Fatal(err)
	}
	ps, err := e.sd.Store.Pages(context.Background(), m.ID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return ps
}

// TestPortalPhotos: a member sends a JPEG through the portal's form with
// a plain HTTP client; it is listed with its thumbnail, served as the API
// serves it; the same key twice makes one page; a text file named .jpg,
// a file over 8 MB and no file are the field's error and store nothing;
// removing works; another member's request or page is 404; a POST without
// the token or from another origin is 403.
func TestPortalPhotos(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	h := e.client()
	h.login(e.acc.Member)
	path := fmt.Sprintf("/demandes/%d/photos", r.ID)

	_, reqPage, _ := h.get(fmt.Sprintf("/demandes/%d", r.ID))
	if !strings.Contains(reqPage, `href="`+path+`"`) || !strings.Contains(reqPage, "Ajouter des photos de vos justificatifs") {
		t.Fatal("the request page has no link to the photos")
	}
	code, body, tok := h.get(path)
	km := keyField.FindStringSubmatch(body)
	if code != 200 || tok == "" || km == nil || !strings.Contains(body, `enctype="multipart/form-data"`) ||
		!strings.Contains(body, `accept="image/jpeg,image/png,image/webp,application/pdf"`) || !strings.Contains(body, `<label for="file-0">`) {
		t.Fatalf("photos page %d: no upload form", code)
	}
	jpeg := attachmenttest.JPEG(attachmenttest.Picture(400, 300, 7), 85)
	fields := map[string]string{"csrf": tok, "key": km[1], "document": "0"}

	// Refusals first: each is the field's error, and nothing is stored.
	for name, c := range map[string]struct {
		file   string
		data   []byte
		status int
		msg    string
	}{
		"text named .jpg": {"facture.jpg", []byte("ceci n'est pas une photo\n"), 415, "n&#39;est pas une photo ou un PDF lisible"},
		"no file":         {"", nil, 422, "Choisissez la photo ou le PDF"},
		"over 8 MB":       {"grande.jpg", bytes.Repeat([]byte{0xff}, api.MaxPageBytes+10), 413, "trop volumineuses"},
	} {
		code, body, _ := h.upload(r.ID, fields, c.file, c.data)
		if code != c.status || !strings.Contains(body, c.msg) || !strings.Contains(body, `href="#file-0"`) ||
			!strings.Contains(body, `id="file-0-error"`) {
			t.Errorf("%s: %d, want %d with the message next to the field and in the summary", name, code, c.status)
		}
		if n := len(e.pages(e.acc.Member.Identifier, r.ID)); n != 0 {
			t.Fatalf("%s: %d pages stored", name, n)
		}
	}

	// A forged POST: no token, another origin.
	if code, _, _ := h.upload(r.ID, map[string]string{"key": km[1], "document": "0"}, "a.jpg", jpeg); code != 403 {
		t.Errorf("upload without the token: %d, want 403", code)
	}
	if code, _, _ := h.upload(r.ID, fields, "a.jpg", jpeg, "Origin", "http://evil.example"); code != 403 {
		t.Errorf("upload from another origin: %d, want 403", code)
	}
	if n := len(e.pages(e.acc.Member.Identifier, r.ID)); n != 0 {
		t.Fatalf("a forged POST stored %d pages", n)
	}

	// The upload, twice with the key of the page as shown: one page.
	for i := 0; i < 2; i++ {
		code, _, loc := h.upload(r.ID, fields, "facture.jpg", jpeg)
		if code != http.StatusSeeOther || loc != path+"?fait=envoyee" {
			t.Fatalf("upload %d: %d %q", i, code, loc)
		}
	}
	ps := e.pages(e.acc.Member.Identifier, r.ID)
	if len(ps) != 1 || ps[0].ContentType != "image/jpeg" || ps[0].State != api.PageSent {
		t.Fatalf("after two submits of one form: %+v", ps)
	}
	pg := ps[0]
	_, body, _ = h.get(path + "?fait=envoyee")
	img := fmt.Sprintf(`<a class="thumb-link" href="%s/%d"><img class="thumb" loading="lazy" src="%s/%d/vignette" width="96" height="72"`,
		path, pg.ID, path, pg.ID)
	if !strings.Contains(body, img) || !strings.Contains(body, "Page 1 : envoyée") || !strings.Contains(body, "Page envoyée") {
		t.Fatal("the page is not listed with its thumbnail, linking to the page, and its state")
	}
	resp, served := h.Raw(fmt.Sprintf("%s/%d", path, pg.ID))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
		resp.Header.Get("Content-Security-Policy") != "default-src 'none'" || len(served) != pg.Size {
		t.Fatalf("page: %d %v (%d bytes)", resp.StatusCode, resp.Header, len(served))
	}
	resp, thumb := h.Raw(fmt.Sprintf("%s/%d/vignette", path, pg.ID))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
		resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Disposition") != "inline; filename=facture-thumb.jpg" ||
		resp.Header.Get("Content-Security-Policy") != "default-src 'none'" || len(thumb) >= pg.Size {
		t.Fatalf("thumbnail: %d %v (%d bytes, page %d)", resp.StatusCode, resp.Header, len(thumb), pg.Size)
	}
	if c, err := stdjpeg.DecodeConfig(bytes.NewReader(thumb)); err != nil || c.Width != 240 || c.Height != 180 {
		t.Fatalf("thumbnail %+v %v, want 240×180", c, err)
	}
	pdf := e.apiPage(e.acc.Member, r.ID, 1, attachmenttest.PDF())
	if resp, _ := h.Raw(fmt.Sprintf("%s/%d/vignette", path, pdf.ID)); resp.StatusCode != 404 {
		t.Errorf("a PDF's thumbnail: %d, want 404", resp.StatusCode)
	}

	// Another member: the request, the page and its removal are 404.
	o := e.client()
	o.login(e.acc.OtherMember)
	_, _, otok := o.get("/services")
	for _, p := range []string{path, fmt.Sprintf("%s/%d", path, pg.ID), fmt.Sprintf("%s/%d/vignette", path, pg.ID)} {
		if code, _, _ := o.get(p); code != 404 {
			t.Errorf("another member's %s: %d, want 404", p, code)
		}
	}
	if code, _, _ := o.post(fmt.Sprintf("%s/%d/retirer", path, pg.ID), map[string][]string{"csrf": {otok}}); code != 404 {
		t.Errorf("another member's removal: %d, want 404", code)
	}
	if code, _, _ := o.upload(r.ID, map[string]string{"csrf": otok, "key": "other-member-key", "document": "0"}, "a.jpg", jpeg); code != 404 {
		t.Errorf("an upload to another member's request: %d, want 404", code)
	}
	if code, _, _ := h.get(fmt.Sprintf("%s/%d", path, pg.ID+1000)); code != 404 {
		t.Errorf("an unknown page: %d, want 404", code)
	}

	// Remove: without the token 403, with it the page is gone.
	rm := fmt.Sprintf("%s/%d/retirer", path, pg.ID)
	if !strings.Contains(body, `action="`+rm+`"`) {
		t.Fatal("no remove button")
	}
	if code, _, _ := h.post(rm, nil); code != 403 {
		t.Errorf("removal without the token: %d, want 403", code)
	}
	if code, _, loc := h.post(rm, map[string][]string{"csrf": {tok}}); code != http.StatusSeeOther || loc != path+"?fait=retiree" {
		t.Fatalf("removal: %d %q", code, loc)
	}
	if n := len(e.pages(e.acc.Member.Identifier, r.ID)); n != 1 {
		t.Fatalf("after the removal: %d pages, want the PDF", n)
	}
	if code, _, _ := h.get(fmt.Sprintf("%s/%d/vignette", path, pg.ID)); code != 404 {
		t.Errorf("a removed page's thumbnail: %d, want 404", code)
	}
	if _, body, _ := h.get(path + "?fait=retiree"); !strings.Contains(body, "Page retirée.") || strings.Contains(body, img) {
		t.Fatal("the removal is not shown")
	}
}

// apiPage sends data as a page of document doc through the member API, as
// the app does.
func (e *env) apiPage(c demo.Credentials, id int64, doc int, data []byte) api.Page {
	e.t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s%s/reimbursements/%d/pages?document=%d", e.url, api.BasePath, id, doc), bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+e.memberToken(c))
	req.Header.Set(api.IdempotencyKeyHeader, fmt.Sprintf("portal-test-%d-%d-%d", id, doc, len(data)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var p api.Page
	if resp.StatusCode != 201 || json.NewDecoder(resp.Body).Decode(&p) != nil {
		e.t.Fatalf("API upload: %d", resp.StatusCode)
	}
	return p
}
