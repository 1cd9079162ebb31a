package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// The pages members send for the agents' pre-check (store/pages.go). An
// upload is the file itself as the body (its Content-Type is ignored: the
// type is sniffed from the bytes), with ?document= and ?name=.

// uploadPage stores one page. The order keeps the work of a refused upload
// small: the key's replay and the budgets are read before the file is
// decoded, and decoding takes one of the process's decode slots
// (attachment.InSlot), so a burst of uploads queues instead of taking all
// the memory.
func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	key := strings.TrimSpace(r.Header.Get(api.IdempotencyKeyHeader))
	if len(key) < 8 || len(key) > 128 {
		s.writeError(w, r, invalid(api.IdempotencyKeyHeader, "a header of 8 to 128 characters is required"))
		return
	}
	doc, err := strconv.Atoi(r.URL.Query().Get("document"))
	if err != nil || doc < 0 || doc > 99 {
		s.writeError(w, r, invalid("document", "the index of a document of the request's list is required"))
		return
	}
	if r.ContentLength > api.MaxPageBytes {
		s.writeError(w, r, tooLarge())
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, api.MaxPageBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.writeError(w, r, tooLarge())
		return
	}
	if err != nil {
		s.writeError(w, r, invalid("body", "the upload was cut: %v", err))
		return
	}
	page, err := s.AddPage(r.Context(), p.ID, id, doc, r.URL.Query().Get("name"), key, body)
	s.writePage(w, r, page, err)
}

// AddPage stores body as a page of document doc of the member's request
// under the idempotency key, as POST …/pages does: the key's replay and
// the budgets first, then the sanitising in a decoding slot, then
// store.AddPage. The web portal sends its pages through it. Errors: those
// of the store (not_found, quota_exceeded, idempotency_mismatch,
// invalid_transition), payload_too_large and unsupported_media_type.
func (s *Server) AddPage(ctx context.Context, memberID, requestID int64, doc int, name, key string, body []byte) (api.Page, error) {
	if len(body) > api.MaxPageBytes {
		return api.Page{}, tooLarge()
	}
	hash := uploadHash(requestID, doc, body)
	if page, found, err := s.Store.ReplayedPage(ctx, memberID, key, hash); err != nil || found {
		return page, err
	}
	if err := s.Store.PageQuota(ctx, memberID, requestID); err != nil {
		return api.Page{}, err
	}
	clean, err := s.sanitize(ctx, body)
	if err != nil {
		return api.Page{}, err
	}
	w, h := clean.Upright() // as the page and its thumbnail are shown
	page, replayed, err := s.Store.AddPage(ctx, memberID, requestID, key, hash, store.NewPage{
		Document: doc, Name: store.CleanName(name), ContentType: clean.ContentType,
		Width: w, Height: h, Data: clean.Data, Thumb: clean.Thumb,
	})
	if err == nil && !replayed {
		s.metrics.pages.Inc()
	}
	return page, err
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, page api.Page, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", r.URL.Path+"/"+strconv.FormatInt(page.ID, 10))
	writeJSON(w, http.StatusCreated, page)
}

func tooLarge() error {
	return api.Errorf(api.CodePayloadTooLarge, "a page is at most %d MB", api.MaxPageBytes>>20)
}

// uploadHash identifies an upload for its idempotency key: the request,
// the document and the bytes as sent.
func uploadHash(id int64, doc int, body []byte) string {
	h := sha256.New()
	var b [16]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	binary.BigEndian.PutUint64(b[8:], uint64(doc))
	h.Write(b[:])
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// sanitize cleans body in one of the decoding slots; its refusals are
// payload_too_large and unsupported_media_type.
func (s *Server) sanitize(ctx context.Context, body []byte) (attachment.Clean, error) {
	var clean attachment.Clean
	var err error
	if serr := attachment.InSlot(ctx, func() {
		clean, err = attachment.Sanitize(body, attachment.Limits{MaxBytes: api.MaxPageBytes})
	}); serr != nil {
		return clean, serr
	}
	switch {
	case errors.Is(err, attachment.ErrTooLarge):
		return clean, tooLarge()
	case errors.Is(err, attachment.ErrUnsupported):
		return clean, api.Errorf(api.CodeUnsupportedMedia, "%s", strings.TrimPrefix(err.Error(), attachment.ErrUnsupported.Error()+": "))
	}
	return clean, err
}

func (s *Server) listPages(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	items, err := s.Store.Pages(r.Context(), p.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, api.PageList{Items: items})
}

func (s *Server) getPage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, page, err := pageIDs(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.Store.PageData(r.Context(), p.ID, id, page)
	s.servePage(w, r, d, err)
}

func (s *Server) deletePage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, page, err := pageIDs(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.DeletePage(r.Context(), p.ID, id, page); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// servePage sends a page's bytes so that a browser can never run them:
// nosniff (instrument), no-store (authed), a file name, and a sandbox for
// anything that is not an image, which is also only ever a download.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, d store.PageData, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	attachment.Serve(w, r, d.ContentType, d.Name, d.Data)
}

// pageIDs reads {id} and {page}; a malformed one is not_found.
func pageIDs(r *http.Request) (id, page int64, err error) {
	if id, err = pathID(r); err != nil {
		return 0, 0, err
	}
	page, err = strconv.ParseInt(r.PathValue("page"), 10, 64)
	if err != nil || page <= 0 {
		return 0, 0, store.ErrNotFound
	}
	return id, page, nil
}
