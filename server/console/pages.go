package console

import (
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
)

// The photos members send before travelling, and the agents' pre-check of
// each document from them (store/pages.go).

// photoDoc is one document of the file page's photos section.
type photoDoc struct {
	Index int
	Text  string
	Pages []api.Page
	// Check is the current answer on the document (nil: none yet).
	Check *api.DocumentCheck
}

// photosOf groups the pages by document, with each document's answer.
func photosOf(r api.Reimbursement, docs []string, pages []api.Page) []photoDoc {
	out := make([]photoDoc, len(docs))
	for i, t := range docs {
		out[i] = photoDoc{Index: i, Text: t}
		if r.Precheck != nil {
			for k := range r.Precheck.Documents {
				if r.Precheck.Documents[k].Document == i {
					out[i].Check = &r.Precheck.Documents[k]
				}
			}
		}
	}
	for _, p := range pages {
		if p.Document >= 0 && p.Document < len(out) {
			out[p.Document].Pages = append(out[p.Document].Pages, p)
		}
	}
	return out
}

// page serves a page's bytes to an agent (a page still "sent" becomes
// seen): nothing a browser could run, whatever the bytes.
func (c *Console) page(w http.ResponseWriter, r *http.Request, s *Session) {
	c.servePage(w, r, s, func(id, page int64) (store.PageData, error) {
		return c.Store.AgentPageData(r.Context(), id, page)
	})
}

// thumb serves an image page's thumbnail (made on this first request for
// a page stored without one), which the file page shows; the page stays
// as it was: only opening it makes it seen. A PDF has none.
func (c *Console) thumb(w http.ResponseWriter, r *http.Request, s *Session) {
	c.servePage(w, r, s, func(id, page int64) (store.PageData, error) {
		return c.Store.AgentPageThumb(r.Context(), id, page, attachment.ThumbnailInSlot)
	})
}

// servePage reads the ids of the path and serves what read returns, or
// the page not found.
func (c *Console) servePage(w http.ResponseWriter, r *http.Request, s *Session, read func(id, page int64) (store.PageData, error)) {
	id, okID := pathID(r)
	page, err := strconv.ParseInt(r.PathValue("page"), 10, 64)
	if !okID || err != nil || page <= 0 {
		c.notFound(w, r, s)
		return
	}
	d, err := read(id, page)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrNoThumb) {
		c.notFound(w, r, s)
		return
	}
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(d.Data)))
	h.Set("Cache-Control", "no-store")
	disposition := "inline"
	if !strings.HasPrefix(d.ContentType, "image/") {
		disposition = "attachment"
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	} else {
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": d.Name}))
	w.WriteHeader(http.StatusOK)
	w.Write(d.Data)
}

// viewerData is the full-size view of one page.
type viewerData struct {
	R      api.Reimbursement
	Page   api.Page
	Doc    string
	Rotate int // 0, 90, 180, 270
	Zoom   int // 0 (fit), 1, 2
}

// viewer shows one image page full size, with links that rotate and zoom
// it (CSS classes, no script).
func (c *Console) viewer(w http.ResponseWriter, r *http.Request, s *Session) {
	_, d, ok := c.pathFile(w, r, s)
	if !ok {
		return
	}
	page, _ := strconv.ParseInt(r.PathValue("page"), 10, 64)
	v := viewerData{R: d.R}
	found := false
	for _, doc := range d.Photos {
		for _, p := range doc.Pages {
			if p.ID == page {
				v.Page, v.Doc, found = p, doc.Text, true
			}
		}
	}
	if !found || !strings.HasPrefix(v.Page.ContentType, "image/") {
		c.notFound(w, r, s)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("rot")); err == nil && n%90 == 0 {
		v.Rotate = ((n % 360) + 360) % 360
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("zoom")); err == nil && n >= 0 && n <= 2 {
		v.Zoom = n
	}
	c.render(w, r, s, http.StatusOK, "viewer", "/dossiers", &view{
		Title: s.T("viewer.title", v.Page.Number, v.Doc) + " · " + d.R.Reference, Data: v})
}

// precheck records an agent's answer on one document, made on the version
// the page showed: a stale form is refused and the page shown again.
func (c *Console) precheck(w http.ResponseWriter, r *http.Request, s *Session, id int64, d fileData) {
	f := web.NewForm(r)
	ch := store.Check{AgentID: s.Agent.ID, Version: -1}
	if v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64); err == nil && v >= 0 {
		ch.Version = v
	}
	doc, err := strconv.Atoi(r.PostFormValue("document"))
	if err != nil || doc < 0 || doc >= len(d.Docs) {
		f.Fail("precheck", s.T("err.form"))
	}
	ch.Document = doc
	field := "precheck-" + strconv.Itoa(doc)
	switch r.PostFormValue("result") {
	case string(api.CheckComplete):
		ch.Result = api.CheckComplete
	case string(api.CheckRedo):
		ch.Result, ch.Code = api.CheckRedo, api.RedoReason(r.PostFormValue("reason"))
		if !ch.Code.Valid() {
			f.Fail(field, s.T("err.reason.required"))
		}
		ch.Reason = text(f, s, "text", ch.Code == api.RedoOther, "err.text.other")
	default:
		f.Fail(field, s.T("err.form"))
	}
	if !f.OK() {
		c.render(w, r, s, http.StatusUnprocessableEntity, "file", "/dossiers",
			&view{Title: s.T("file.title", d.R.Reference), Data: d, Form: f, Error: s.T("err.form")})
		return
	}
	detail := "document " + strconv.Itoa(doc+1) + " " + string(ch.Result) + " " + string(ch.Code)
	re, replayed, err := c.Store.Precheck(r.Context(), id, ch)
	var ae *api.Error
	switch {
	case errors.Is(err, store.ErrStale):
		c.audit(r, s, "agent.precheck", audit.Failed, d.R.Reference, "stale version")
		c.refuse(w, r, s, id, http.StatusConflict, s.T("err.stale"), true)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidTransition:
		c.audit(r, s, "agent.precheck", audit.Failed, d.R.Reference, "status "+string(ae.Status))
		c.refuse(w, r, s, id, http.StatusConflict, s.T("err.transition", s.Status(ae.Status)), false)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest:
		f.Fail(field, s.T("err.precheck.nopage"))
		c.render(w, r, s, http.StatusUnprocessableEntity, "file", "/dossiers",
			&view{Title: s.T("file.title", d.R.Reference), Data: d, Form: f, Error: s.T("err.form")})
		return
	case err != nil:
		c.internal(w, r, s, err)
		return
	}
	if !replayed {
		c.audit(r, s, "agent.precheck", audit.OK, re.Reference, detail)
	}
	dest := "/dossiers/" + strconv.FormatInt(id, 10) + "?done=precheck"
	if d.Counter {
		dest += "&guichet=1"
	}
	http.Redirect(w, r, dest+"#photos", http.StatusSeeOther)
}
