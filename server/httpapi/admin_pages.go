package httpapi

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

func (s *Server) adminPages(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	items, err := s.Store.AgentPages(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, api.PageList{Items: items})
}

// adminPage serves a page's bytes to an agent, which marks it seen.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, page, err := pageIDs(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.Store.AgentPageData(r.Context(), id, page)
	s.servePage(w, r, d, err)
}

// adminPrecheck records an agent's answer on one document, made on the
// request's version: a stale one is version_conflict. Done or refused, it
// is the audit event "agent.precheck" (the journal), without the text.
func (s *Server) adminPrecheck(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	var req api.PrecheckRequest
	id, err := pathID(r)
	if err == nil {
		err = decode(w, r, &req)
	}
	var re api.Reimbursement
	if err == nil {
		re, _, err = s.Store.Precheck(r.Context(), id, store.Check{Version: req.Version, AgentID: p.ID, Document: req.Document,
			Result: req.Result, Code: req.ReasonCode, Reason: req.Reason})
	}
	if errors.Is(err, store.ErrStale) {
		err = api.Errorf(api.CodeVersionConflict, "the request changed since version %d; read it again", req.Version)
	}
	e := audit.Event{Time: s.Store.Now(), Action: "agent.precheck", Outcome: audit.OK, Role: string(p.Role), AccountID: p.ID,
		ClientIP: s.clientIP(r), Target: re.Reference, Detail: fmt.Sprintf("document %d %s %s", req.Document+1, req.Result, req.ReasonCode)}
	if err != nil {
		ae, _ := apiError(err)
		e.Outcome, e.Target, e.Detail = audit.Failed, "request "+r.PathValue("id"), string(ae.Code)
	}
	s.audit(r.Context(), e)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, re)
}
