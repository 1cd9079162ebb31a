package portal

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
	"github.com/fos-mobile/fos/translations"
)

// photosView is "Photos de vos justificatifs": for each original of the
// request's list, its pages and the agent's answer, and a form that sends
// one more page while documents are awaited.
type photosView struct {
	ID        int64
	Reference string
	Heading   string
	Docs      []docView
	// Open says pages can be sent (documents awaited, room left);
	// Removable that pages can be removed (documents awaited).
	Open, Removable bool
}

type docView struct {
	Index        int
	Name, Answer string
	Pages        []pageView
	// Key is the form's idempotency key, made when the page is shown: a
	// double submit or a reload sends it again and makes one page.
	Key string
}

type pageView struct {
	api.Page
	Line, Reason, Alt string
	Image, Removable  bool
	// ThumbW and ThumbH fit the image in thumbSide pixels; its thumbnail
	// (attachment.ThumbSide, 240 px) is sharp up to a screen density of 2.5.
	ThumbW, ThumbH int
}

const thumbSide = 96

func photosOf(t *translations.Translator, x api.Reimbursement, pages []api.Page) photosView {
	v := photosView{ID: x.ID, Reference: x.Reference, Removable: x.Status == api.StatusAwaitingDocuments,
		Heading: t.T("request.heading", t.T("estivage.window."+string(x.Kind)), x.Season)}
	v.Open = v.Removable && len(pages) < api.MaxPagesPerRequest
	for i, name := range t.LocalList(x.RequiredDocuments) {
		d := docView{Index: i, Name: name, Key: newKey()}
		if x.Precheck != nil {
			for _, c := range x.Precheck.Documents {
				if c.Document == i {
					d.Answer = t.DocumentAnswer(c)
				}
			}
		}
		for _, pg := range pages {
			if pg.Document != i {
				continue
			}
			pv := pageView{Page: pg, Line: t.T("photos.page", pg.Number, t.T("page."+string(pg.State))),
				Image:     strings.HasPrefix(pg.ContentType, "image/"),
				Removable: v.Removable && (pg.State == api.PageSent || pg.State == api.PageRedo)}
			if pg.State == api.PageRedo {
				pv.Reason = t.RedoReason(pg.ReasonCode, pg.Reason)
			}
			pv.ThumbW, pv.ThumbH = fit(pg.Width, pg.Height)
			d.Pages = append(d.Pages, pv)
		}
		v.Docs = append(v.Docs, d)
	}
	return v
}

// fit scales w×h to fit in thumbSide pixels.
func fit(w, h int) (int, int) {
	if w <= 0 || h <= 0 {
		return thumbSide, thumbSide
	}
	if w >= h {
		return thumbSide, max(1, h*thumbSide/w)
	}
	return max(1, w*thumbSide/h), thumbSide
}

// photos shows the request's pages and the upload forms.
func (p *Portal) photos(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		v := &web.Page{Title: s.App().T("photos.title")}
		switch r.URL.Query().Get("fait") {
		case "envoyee":
			v.Flash = s.App().T("photos.sent")
		case "retiree":
			v.Flash = s.App().T("photos.removed")
		}
		p.showPhotos(w, r, s, x, http.StatusOK, v)
	})
}

func (p *Portal) showPhotos(w http.ResponseWriter, r *http.Request, s *Session, x api.Reimbursement, status int, v *web.Page) {
	pages, err := p.Store.Pages(r.Context(), s.MemberID, x.ID)
	if errors.Is(err, store.ErrNotFound) {
		p.notFound(w, r, s)
		return
	}
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	v.Data = photosOf(s.App(), x, pages)
	p.render(w, r, s, status, "photos", "/estivage", v)
}

// pageImage streams one of the member's pages as the API does
// (attachment.Serve): images inline, anything else a sandboxed download.
func (p *Portal) pageImage(w http.ResponseWriter, r *http.Request, s *Session) {
	p.servePage(w, r, s, func(id, page int64) (store.PageData, error) {
		return p.Store.PageData(r.Context(), s.MemberID, id, page)
	})
}

// pageThumb streams the thumbnail of one of the member's image pages (made
// on this first request for a page stored without one); a PDF has none.
func (p *Portal) pageThumb(w http.ResponseWriter, r *http.Request, s *Session) {
	p.servePage(w, r, s, func(id, page int64) (store.PageData, error) {
		return p.Store.PageThumb(r.Context(), s.MemberID, id, page, attachment.ThumbnailInSlot)
	})
}

// servePage reads the ids of the path, then serves what read returns, or
// the page not found.
func (p *Portal) servePage(w http.ResponseWriter, r *http.Request, s *Session, read func(id, page int64) (store.PageData, error)) {
	id, err1 := strconv.ParseInt(r.PathValue("id"), 10, 64)
	page, err2 := strconv.ParseInt(r.PathValue("page"), 10, 64)
	if err1 != nil || err2 != nil {
		p.notFound(w, r, s)
		return
	}
	d, err := read(id, page)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrNoThumb) {
		p.notFound(w, r, s)
		return
	}
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	attachment.Serve(w, r, d.ContentType, d.Name, d.Data)
}

// removePage removes a page through the API's store method (only while
// it is sent or to be redone), then shows the photos again.
func (p *Portal) removePage(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		page, err := strconv.ParseInt(r.PathValue("page"), 10, 64)
		if err != nil {
			p.notFound(w, r, s)
			return
		}
		err = p.Store.DeletePage(r.Context(), s.MemberID, x.ID, page)
		var ae *api.Error
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/demandes/%d/photos?fait=retiree", x.ID), http.StatusSeeOther)
		case errors.Is(err, store.ErrNotFound):
			p.notFound(w, r, s)
		case errors.As(err, &ae):
			v := &web.Page{Title: s.App().T("photos.title"), Error: s.App().T("error." + string(ae.Code))}
			p.showPhotos(w, r, s, x, ae.Code.HTTPStatus(), v)
		default:
			p.internal(w, r, s, err)
		}
	})
}
