package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

func (s *Server) me(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	m, err := s.Store.MemberByID(r.Context(), p.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m.Profile())
}

// updateMe changes the member's preferences: the language of their mails
// and whether they want one at each step of their files.
func (s *Server) updateMe(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var req api.PreferencesRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.Lang == nil && req.EmailNotices == nil {
		s.writeError(w, r, api.Errorf(api.CodeInvalidRequest, "nothing to change: give lang or email_notices"))
		return
	}
	m, err := s.Store.SetPreferences(r.Context(), p.ID, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, m.Profile())
}

// services lists the Espace de gestion. Only Estivage is built; the others
// are listed so the app can show them as unavailable.
func (s *Server) services(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	writeJSON(w, http.StatusOK, api.ServiceList{Services: []api.Service{
		{Code: api.ServiceDashboard, Available: false},
		{Code: api.ServicePret, Available: false},
		{Code: api.ServiceEstivage, Available: true, Summary: &api.Text{
			FR: "Cette année, l'Estivage est le remboursement de vos factures de vacances, d'été et hors été.",
			AR: "تشمل خدمة الاصطياف خلال هذه السنة التعويض عن الاصطياف خلال فترة الصيف وبعد فترة الصيف.",
		}},
	}})
}

func (s *Server) estivage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	out, err := s.Store.Estivage(r.Context(), p.ID)
	if errors.Is(err, store.ErrNotFound) {
		s.writeError(w, r, api.Errorf(api.CodeNotFound, "no estivage season is set"))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createReimbursement(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	key := strings.TrimSpace(r.Header.Get(api.IdempotencyKeyHeader))
	if len(key) < 8 || len(key) > 128 {
		s.writeError(w, r, invalid(api.IdempotencyKeyHeader, "a header of 8 to 128 characters is required"))
		return
	}
	var req api.CreateReimbursementRequest
	if err := decode(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	if !req.Kind.Valid() {
		s.writeError(w, r, invalid("kind", "must be summer or off_season"))
		return
	}
	if err := validProfile(req.ConfirmedProfile); err != nil {
		s.writeError(w, r, err)
		return
	}
	created, err := s.Store.CreateReimbursement(r.Context(), p.ID, key, req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !created.Replayed {
		s.metrics.created.Inc()
	}
	w.Header().Set("Location", api.BasePath+"/reimbursements/"+strconv.FormatInt(created.Reimbursement.ID, 10))
	writeBytes(w, http.StatusCreated, created.Body)
}

// validProfile checks the confirmed data are complete; whether they match
// the record is the store's check (profile_changed).
func validProfile(c api.ConfirmedProfile) error {
	switch {
	case c.BirthDate.IsZero():
		return invalid("confirmed_profile.birth_date", "is required")
	case c.RecruitmentDate.IsZero():
		return invalid("confirmed_profile.recruitment_date", "is required")
	case c.Echelle < 0 || c.Echelon < 0 || c.ChildrenCount < 0:
		return invalid("confirmed_profile", "numbers cannot be negative")
	}
	return nil
}

// listReimbursements answers from the list's version: a poll whose ETag is
// still current costs that one indexed query (and 304); a list unchanged
// since this server last encoded it is sent from memory; only a changed or
// never-seen list is read and encoded.
func (s *Server) listReimbursements(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v, err := s.Store.ReimbursementsVersion(r.Context(), p.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	day := s.estimates.Today()
	etag := listETag(p.ID, v, day)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		writeCacheable(w, r, etag, nil)
		return
	}
	body, ok := s.lists.get(p.ID, v, day)
	if !ok {
		items, err := s.Store.Reimbursements(r.Context(), p.ID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		// The estimate in a kept body is the one of the version it was
		// read at: it follows the member's own request, not every payment
		// of other members (it is a "vers le …" date).
		if err := s.MemberView(r.Context(), items); err != nil {
			s.writeError(w, r, err)
			return
		}
		if body, err = json.Marshal(api.ReimbursementList{Items: items}); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.lists.put(p.ID, v, day, body)
	}
	writeCacheable(w, r, etag, body)
}

// getReimbursement answers a current ETag with 304 after one query.
func (s *Server) getReimbursement(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := s.Store.ReimbursementVersion(r.Context(), p.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	etag := requestETag(p.ID, id, version, s.estimates.Today())
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		writeCacheable(w, r, etag, nil)
		return
	}
	re, err := s.Store.Reimbursement(r.Context(), p.ID, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	one := []api.Reimbursement{re}
	if err := s.MemberView(r.Context(), one); err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := json.Marshal(one[0])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeCacheable(w, r, etag, body)
}

func (s *Server) cancelReimbursement(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	re, err := s.Store.Transition(r.Context(), id, store.MoveCancel, store.Change{MemberID: p.ID, Note: "cancelled by the member"})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, re)
}

// pathID reads {id}. A malformed id is not_found, like a missing one.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}
