package console

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// maxText bounds notes and reasons' texts, as the API does.
const maxText = 500

// act handles every action form of the file page: documents (receive or
// missing), approve, reject, pay and note. The form is validated first and
// nothing is saved on an error; the store then applies it only if the file
// is still at the version the page showed.
func (c *Console) act(w http.ResponseWriter, r *http.Request, s *Session) {
	id, d, ok := c.pathFile(w, r, s)
	if !ok {
		return
	}
	f := web.NewForm(r)
	a := store.Action{AgentID: s.Agent.ID}
	// A missing or garbled version can only be stale.
	a.Version = -1
	if v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64); err == nil && v >= 0 {
		a.Version = v
	}
	detail := ""
	switch r.PathValue("action") {
	case "documents":
		ticked := map[int]bool{}
		for _, v := range r.PostForm["doc"] {
			if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(d.Docs) {
				ticked[i] = true
			}
		}
		var missing []int
		for i := range d.Docs {
			if !ticked[i] {
				missing = append(missing, i)
			}
		}
		switch r.PostFormValue("do") {
		case "receive":
			a.Kind = store.ActReceive
			if len(missing) > 0 {
				f.Fail("docs", s.T("err.checklist.incomplete"))
			}
		case "missing":
			a.Kind, a.Missing = store.ActMissing, missing
			if len(missing) == 0 {
				f.Fail("docs", s.T("err.missing.none"))
			}
			detail = fmt.Sprint(missing)
		default:
			f.Fail("docs", s.T("err.form"))
		}
	case "approve":
		a.Kind = store.ActApprove
		amount, key := parseAmount(r.PostFormValue("amount"))
		switch {
		case key == "err.amount.max":
			f.Fail("amount", s.T(key, s.Money(maxAmount)))
		case key != "":
			f.Fail("amount", s.T(key))
		}
		// d.Ceiling is nil on a file that can no longer be approved: the
		// store refuses the action below, as stale or not allowed.
		if key == "" && d.Ceiling != nil && amount > *d.Ceiling {
			f.Fail("amount", s.T("err.amount.ceiling", s.Money(*d.Ceiling)))
		}
		a.AmountCentimes = amount
		detail = strconv.FormatInt(amount, 10)
	case "reject":
		a.Kind = store.ActReject
		a.Reason = api.RejectReason(r.PostFormValue("reason"))
		if !a.Reason.Valid() {
			f.Fail("reason", s.T("err.reason.required"))
		}
		a.Note = text(f, s, "text", a.Reason == api.ReasonOther, "err.text.other")
		detail = string(a.Reason)
	case "pay":
		a.Kind = store.ActPay
	case "note":
		a.Kind, a.Note = store.ActNote, text(f, s, "note", true, "err.note.required")
	case "precheck":
		c.precheck(w, r, s, id, d) // pages.go
		return
	default:
		c.notFound(w, r, s)
		return
	}
	if !f.OK() {
		c.render(w, r, s, http.StatusUnprocessableEntity, "file", "/dossiers",
			&view{Title: s.T("file.title", d.R.Reference), Data: d, Form: f, Error: s.T("err.form")})
		return
	}
	re, replayed, err := c.Store.Act(r.Context(), id, a)
	var ae *api.Error
	switch {
	case errors.Is(err, store.ErrStale):
		c.audit(r, s, "agent."+string(a.Kind), audit.Failed, d.R.Reference, "stale version")
		c.refuse(w, r, s, id, http.StatusConflict, s.T("err.stale"), true)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidTransition:
		c.audit(r, s, "agent."+string(a.Kind), audit.Failed, d.R.Reference, "status "+string(ae.Status))
		c.refuse(w, r, s, id, http.StatusConflict, s.T("err.transition", s.Status(ae.Status)), false)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeInvalidRequest:
		f.Fail(ae.Field, s.T("err.form"))
		c.render(w, r, s, http.StatusUnprocessableEntity, "file", "/dossiers",
			&view{Title: s.T("file.title", d.R.Reference), Data: d, Form: f, Error: s.T("err.form")})
		return
	case err != nil:
		c.internal(w, r, s, err)
		return
	}
	if !replayed {
		c.audit(r, s, "agent."+string(a.Kind), audit.OK, re.Reference, detail)
	}
	if a.Kind == store.ActReceive && d.Counter {
		http.Redirect(w, r, "/guichet?done="+re.Reference, http.StatusSeeOther)
		return
	}
	dest := "/dossiers/" + strconv.FormatInt(id, 10) + "?done=" + string(a.Kind)
	if d.Counter {
		dest += "&guichet=1"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// refuse shows the file as it is now with an error for the whole page and
// none of the refused form's values, so nothing is sent again by mistake;
// stale when the file changed since the form was shown.
func (c *Console) refuse(w http.ResponseWriter, r *http.Request, s *Session, id int64, status int, msg string, stale bool) {
	d, err := c.loadFile(r, s, id)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	d.Stale = stale
	c.render(w, r, s, status, "file", "/dossiers", &view{Title: s.T("file.title", d.R.Reference), Data: d, Error: msg})
}

// text reads a free-text field: trimmed, at most maxText characters, and
// when required, refused empty with the message of missingKey.
func text(f *web.Form, s *Session, field string, required bool, missingKey string) string {
	v := strings.TrimSpace(f.Get(field))
	switch {
	case utf8.RuneCountInString(v) > maxText:
		f.Fail(field, s.T("err.text.long"))
	case v == "" && required:
		f.Fail(field, s.T(missingKey))
	case !utf8.ValidString(v):
		f.Fail(field, s.T("err.form"))
	}
	return v
}
