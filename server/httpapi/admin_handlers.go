package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

func (s *Server) adminList(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	q := r.URL.Query()
	f := store.AdminFilter{Status: api.Status(q.Get("status")), Query: q.Get("q"), Limit: 50}
	if f.Status != "" && !f.Status.Valid() {
		s.writeError(w, r, invalid("status", "unknown status %q", f.Status))
		return
	}
	var err error
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > 200 {
			s.writeError(w, r, invalid("limit", "must be a whole number from 1 to 200"))
			return
		}
	}
	if v := q.Get("offset"); v != "" {
		if f.Offset, err = strconv.Atoi(v); err != nil || f.Offset < 0 {
			s.writeError(w, r, invalid("offset", "must be a whole number, 0 or more"))
			return
		}
	}
	items, total, err := s.Store.AdminReimbursements(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, api.AdminReimbursementList{Items: items, Total: total})
}

func (s *Server) adminGet(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	re, err := s.Store.AdminReimbursement(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, re)
}

// adminMove handles receive, approve, reject and pay.
func (s *Server) adminMove(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ch := store.Change{AgentID: p.ID}
	var move store.Move
	switch r.PathValue("action") {
	case "receive", "pay":
		move = store.MoveReceive
		if r.PathValue("action") == "pay" {
			move = store.MovePay
		}
		var req api.NoteRequest
		if err := decodeOptional(w, r, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
		ch.Note = req.Note
	case "approve":
		move = store.MoveApprove
		var req api.ApproveRequest
		if err := decode(w, r, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
		if req.AmountCentimes < 1 {
			s.writeError(w, r, invalid("amount_centimes", "must be a positive number of centimes"))
			return
		}
		ch.AmountCentimes, ch.Note = req.AmountCentimes, req.Note
	case "reject":
		move = store.MoveReject
		var req api.RejectRequest
		if err := decode(w, r, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
		req.Reason = strings.TrimSpace(req.Reason)
		if req.Reason == "" || utf8.RuneCountInString(req.Reason) > 500 {
			s.writeError(w, r, invalid("reason", "is required, at most 500 characters"))
			return
		}
		if req.ReasonCode != "" && !req.ReasonCode.Valid() {
			s.writeError(w, r, invalid("reason_code", "unknown reason code %q", req.ReasonCode))
			return
		}
		ch.Reason, ch.ReasonCode = req.Reason, req.ReasonCode
	default:
		s.notFound(w, r)
		return
	}
	if utf8.RuneCountInString(ch.Note) > 500 {
		s.writeError(w, r, invalid("note", "at most 500 characters"))
		return
	}
	re, err := s.Store.Transition(r.Context(), id, move, ch)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, re)
}
