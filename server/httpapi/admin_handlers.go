package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
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

// adminMove handles receive, approve, reject and pay. Each one, done or
// refused, is an audit event "agent.<action>".
func (s *Server) adminMove(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	action := r.PathValue("action")
	re, err := s.move(w, r, p, action)
	if action == "receive" || action == "approve" || action == "reject" || action == "pay" {
		s.auditMove(r, p, action, re, err)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, re)
}

// auditMove records an agent's action: the request's reference and new
// status when done, the error code when refused. Never the note or the
// reason, which are free text.
func (s *Server) auditMove(r *http.Request, p auth.Principal, action string, re api.Reimbursement, err error) {
	e := audit.Event{Time: s.Store.Now(), Action: "agent." + action, Outcome: audit.OK, Role: string(p.Role), AccountID: p.ID,
		ClientIP: s.clientIP(r), Target: re.Reference, Detail: "status " + string(re.Status)}
	if err != nil {
		ae, _ := apiError(err) // the code writeError answers
		e.Outcome, e.Target, e.Detail = audit.Failed, "request "+r.PathValue("id"), string(ae.Code)
	}
	s.audit(r.Context(), e)
}

// move applies one agent action to the request of the path.
func (s *Server) move(w http.ResponseWriter, r *http.Request, p auth.Principal, action string) (api.Reimbursement, error) {
	id, err := pathID(r)
	if err != nil {
		return api.Reimbursement{}, err
	}
	ch := store.Change{AgentID: p.ID}
	var move store.Move
	switch action {
	case "receive", "pay":
		move = store.MoveReceive
		if action == "pay" {
			move = store.MovePay
		}
		var req api.NoteRequest
		if err := decodeOptional(w, r, &req); err != nil {
			return api.Reimbursement{}, err
		}
		ch.Note = req.Note
	case "approve":
		move = store.MoveApprove
		var req api.ApproveRequest
		if err := decode(w, r, &req); err != nil {
			return api.Reimbursement{}, err
		}
		if req.AmountCentimes < 1 {
			return api.Reimbursement{}, invalid("amount_centimes", "must be a positive number of centimes")
		}
		ch.AmountCentimes, ch.Note = req.AmountCentimes, req.Note
	case "reject":
		move = store.MoveReject
		var req api.RejectRequest
		if err := decode(w, r, &req); err != nil {
			return api.Reimbursement{}, err
		}
		req.Reason = strings.TrimSpace(req.Reason)
		if req.Reason == "" || utf8.RuneCountInString(req.Reason) > 500 {
			return api.Reimbursement{}, invalid("reason", "is required, at most 500 characters")
		}
		if req.ReasonCode != "" && !req.ReasonCode.Valid() {
			return api.Reimbursement{}, invalid("reason_code", "unknown reason code %q", req.ReasonCode)
		}
		ch.Reason, ch.ReasonCode = req.Reason, req.ReasonCode
	default:
		return api.Reimbursement{}, api.Errorf(api.CodeNotFound, "no such path: %s %s", r.Method, r.URL.Path)
	}
	if utf8.RuneCountInString(ch.Note) > 500 {
		return api.Reimbursement{}, invalid("note", "at most 500 characters")
	}
	return s.Store.Transition(r.Context(), id, move, ch)
}
