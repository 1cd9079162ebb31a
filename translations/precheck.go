package translations

import (
	"strings"

	"github.com/fos-mobile/fos/api"
)

// The agents' pre-check of a request's photos, as the app, the portal and
// the mails say it.

// PrecheckAnswer is the agents' answer a request leads with: "Vos
// justificatifs sont complets : déposez les originaux avant le …" once
// every document is complete, "Justificatif à refaire : …" while one is to
// be redone; "" before any answer, once the originals are no longer
// awaited, or while the answers are only partial.
func (t *Translator) PrecheckAnswer(r api.Reimbursement) string {
	if r.Precheck == nil || r.Status != api.StatusAwaitingDocuments {
		return ""
	}
	if r.Precheck.Complete {
		return t.T("precheck.complete", t.Date(r.DepositDeadline))
	}
	docs := t.LocalList(r.RequiredDocuments)
	var redo []string
	for _, c := range r.Precheck.Documents {
		if c.Result == api.CheckRedo && c.Document < len(docs) {
			redo = append(redo, docs[c.Document]+" — "+t.RedoReason(c.ReasonCode, c.Reason))
		}
	}
	if len(redo) == 0 {
		return ""
	}
	return t.T("precheck.redo", strings.Join(redo, " ; "))
}

// DocumentAnswer is the answer on one document: complete, or to redo and
// why.
func (t *Translator) DocumentAnswer(c api.DocumentCheck) string {
	if c.Result == api.CheckComplete {
		return t.T("photos.doc_complete")
	}
	return t.T("photos.doc_redo", t.RedoReason(c.ReasonCode, c.Reason))
}

// RedoReason is why a document is to be redone: the reason translated,
// then the agent's words quoted.
func (t *Translator) RedoReason(code api.RedoReason, text string) string {
	key := "redo." + string(code)
	reason := t.T(key)
	if !code.Valid() || reason == key {
		reason = t.T("redo.other")
	}
	if text != "" {
		return t.T("reason.with_text", reason, text)
	}
	return reason
}
