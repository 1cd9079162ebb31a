package translations

import "github.com/fos-mobile/fos/api"

// The sentences about a member's request, shared by the app's screens and
// the web portal (server/portal), so that both channels say the same thing
// in the same words. today is the current date in Casablanca.

// Local is the text of t in the current language (French when the Arabic
// is missing).
func (t *Translator) Local(x api.Text) string {
	if t.Lang() == AR && x.AR != "" {
		return x.AR
	}
	return x.FR
}

// LocalList is the list of x in the current language.
func (t *Translator) LocalList(x api.TextList) []string {
	if t.Lang() == AR && len(x.AR) > 0 {
		return x.AR
	}
	return x.FR
}

// Deadline says "15 septembre 2026 (dans 12 jours)", or that it passed.
func (t *Translator) Deadline(d, today api.Date) string {
	n := today.DaysUntil(d)
	if n < 0 {
		return t.T("deadline.past", t.Date(d))
	}
	return t.T("deadline.with_days", t.Date(d), t.InDays(n))
}

// NextStep says, in one sentence, where a request stands and what the
// member has to do next: "Déposez vos originaux avant le 4 août 2026 (dans
// 15 jours)." while the originals are awaited ("Documents incomplets : …"
// once an agent found some missing at the counter), the amount once
// approved, the reason once rejected.
func (t *Translator) NextStep(r api.Reimbursement, today api.Date) string {
	switch r.Status {
	case api.StatusAwaitingDocuments:
		n := today.DaysUntil(r.DepositDeadline)
		if n < 0 {
			return t.T("next.deadline_passed", t.Date(r.DepositDeadline))
		}
		key := "next.awaiting_documents"
		if len(t.MissingDocuments(r)) > 0 {
			key = "next.missing_documents"
		}
		return t.T(key, t.Date(r.DepositDeadline), t.InDays(n))
	case api.StatusApproved, api.StatusPaid:
		if r.AmountCentimes != nil {
			return t.T("next."+string(r.Status), t.Money(*r.AmountCentimes))
		}
	case api.StatusRejected:
		return t.T("next.rejected", t.RejectReason(r))
	}
	if s := t.T("next." + string(r.Status)); s != "next."+string(r.Status) {
		return s
	}
	return ""
}

// MissingDocuments lists, in the current language, the originals an agent
// found missing at the counter ("Documents incomplets" in the console),
// while they are still awaited; nil when none were found missing.
func (t *Translator) MissingDocuments(r api.Reimbursement) []string {
	if r.Status != api.StatusAwaitingDocuments || r.MissingDocuments == nil {
		return nil
	}
	return t.LocalList(*r.MissingDocuments)
}

// EventLine names what an event of the timeline did: its kind when it is
// not a change of status ("Documents incomplets"), else the status it led
// to. A kind this version does not know yet reads as its status.
func (t *Translator) EventLine(e api.Event) string {
	if e.Kind != "" {
		key := "event." + string(e.Kind)
		if s := t.T(key); s != key {
			return s
		}
	}
	return t.T("status." + string(e.Status))
}

// RejectReason is why a request was rejected, in the current language:
// the contract's reason code translated, then the agent's own words, if
// any, quoted. A server older than reason codes sends only the words.
func (t *Translator) RejectReason(r api.Reimbursement) string {
	key := "reason." + string(r.ReasonCode)
	reason := t.T(key)
	if !r.ReasonCode.Valid() || reason == key {
		reason = ""
	}
	switch {
	case reason != "" && r.Reason != "":
		return t.T("reason.with_text", reason, r.Reason)
	case reason != "":
		return reason
	case r.Reason != "":
		return t.T("request.note", r.Reason)
	}
	return t.T("reason.other")
}
