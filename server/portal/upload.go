package portal

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
)

// uploadBody caps an upload's whole body (web.LargeBody): one page
// (api.MaxPageBytes) and the form's small fields.
const uploadBody = api.MaxPageBytes + web.MaxFormBody

// upload is a page form as read by readUpload.
type upload struct {
	Name string
	Data []byte
	// TooLarge says the file was over api.MaxPageBytes (it was not read
	// to its end).
	TooLarge bool
}

// readUpload reads the multipart form in its order, the small fields
// first (csrf, key, document: the template puts them before the file)
// into r.PostForm, so that the CSRF check of p.member reads them, then the
// file up to api.MaxPageBytes: a larger one is a form error (413), not a
// refused POST.
func readUpload(r *http.Request) (upload, error) {
	var up upload
	r.PostForm = url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		return up, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return up, nil
		}
		if err != nil {
			return up, err
		}
		name := part.FormName()
		if part.FileName() == "" && name != "file" {
			b, err := io.ReadAll(io.LimitReader(part, 1024))
			if err != nil {
				return up, err
			}
			r.PostForm.Add(name, string(b))
			continue
		}
		if name != "file" || up.Data != nil {
			continue
		}
		up.Name = part.FileName()
		up.Data, err = io.ReadAll(io.LimitReader(part, api.MaxPageBytes+1))
		if err != nil {
			return up, err
		}
		if len(up.Data) > api.MaxPageBytes {
			up.Data, up.TooLarge = nil, true
			return up, nil
		}
	}
}

// uploadRoute is POST /demandes/{id}/photos: its body may be a page
// (web.LargeBody), read before the session's CSRF check.
func (p *Portal) uploadRoute() http.HandlerFunc {
	return web.LargeBody(uploadBody, func(w http.ResponseWriter, r *http.Request) {
		up, err := readUpload(r)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			up, err = upload{TooLarge: true}, nil
		}
		p.member(func(w http.ResponseWriter, r *http.Request, s *Session) {
			if err != nil {
				// A cut or malformed body: nothing to store.
				p.message(w, r, s, http.StatusBadRequest, "error.title", s.App().T("error.invalid_request"))
				return
			}
			p.upload(w, r, s, up)
		})(w, r)
	})
}

// upload sends one page through the member API's own path (p.AddPage:
// the same replay, budgets, sanitising and store method), then shows the
// photos again; a refusal is the file field's error.
func (p *Portal) upload(w http.ResponseWriter, r *http.Request, s *Session, up upload) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		app := s.App()
		doc, err := strconv.Atoi(r.PostFormValue("document"))
		if err != nil || doc < 0 || doc >= len(app.LocalList(x.RequiredDocuments)) {
			p.notFound(w, r, s)
			return
		}
		key := strings.TrimSpace(r.PostFormValue("key"))
		field := fmt.Sprintf("file-%d", doc)
		var code api.Code
		switch {
		case up.TooLarge:
			code = api.CodePayloadTooLarge
		case len(up.Data) == 0:
			code = "no_file"
		case len(key) < 8 || len(key) > 128:
			code = api.CodeInvalidRequest
		default:
			_, err := p.AddPage(r.Context(), s.MemberID, x.ID, doc, up.Name, key, up.Data)
			var ae *api.Error
			switch {
			case err == nil:
				http.Redirect(w, r, fmt.Sprintf("/demandes/%d/photos?fait=envoyee", x.ID), http.StatusSeeOther)
				return
			case errors.Is(err, store.ErrNotFound):
				p.notFound(w, r, s)
				return
			case errors.As(err, &ae):
				code = ae.Code
			default:
				p.internal(w, r, s, err)
				return
			}
		}
		v := &web.Page{Title: app.T("photos.title"), Form: web.NewForm(nil)}
		status := code.HTTPStatus()
		if code == "no_file" {
			v.Form.Fail(field, s.T("photos.no_file"))
			status = http.StatusUnprocessableEntity
		} else {
			v.Form.Fail(field, app.T("error."+string(code)))
		}
		p.showPhotos(w, r, s, x, status, v)
	})
}
