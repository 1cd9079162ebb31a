package httpapi

import (
	"errors"
	"net/http"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// The thumbnails of image pages (store/thumbs.go), which the lists show
// instead of the pages: GET …/pages/{page}/thumbnail for the member and
// for agents, with the pages' authorisation and headers.

func (s *Server) getThumb(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, page, err := pageIDs(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.Store.PageThumb(r.Context(), p.ID, id, page, attachment.ThumbnailInSlot)
	s.serveThumb(w, r, d, err)
}

// adminThumb serves a page's thumbnail to an agent; the page stays as it
// was (a thumbnail is not the agent looking at the page).
func (s *Server) adminThumb(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, page, err := pageIDs(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.Store.AgentPageThumb(r.Context(), id, page, attachment.ThumbnailInSlot)
	s.serveThumb(w, r, d, err)
}

// serveThumb sends a thumbnail as a page is sent; a PDF's, which does not
// exist, is not_found with a message that says why.
func (s *Server) serveThumb(w http.ResponseWriter, r *http.Request, d store.PageData, err error) {
	if errors.Is(err, store.ErrNoThumb) {
		err = api.Errorf(api.CodeNotFound, "this page is not an image: it has no thumbnail")
	}
	s.servePage(w, r, d, err)
}
