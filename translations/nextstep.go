package translations

import "github.com/fos-mobile/fos/api"

// NextStep says, in one sentence, where request r stands on day today and
// what the member has to do next: "Déposez vos originaux avant le 4 août
// 2026 (dans 15 jours)." while the originals are awaited ("Documents
// incomplets : …" once an agent found some missing at the counter), the
// amount once approved, the reason once rejected. The app's request
// screens and the server's mails both say it (one source); "" when there
// is nothing to say.
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

// List picks the member's language from a bilingual list: Arabic when the
// translator speaks it and the list has it, French otherwise.
func (t *Translator) List(l api.TextList) []string {
	if t.Lang() == AR && len(l.AR) > 0 {
		return l.AR
	}
	return l.FR
}

// Text picks the member's language from a bilingual text, as List does.
func (t *Translator) Text(x api.Text) string {
	if t.Lang() == AR && x.AR != "" {
		return x.AR
	}
	return x.FR
}

// MissingDocuments lists, in the member's language, the originals an agent
// found missing at the counter ("Documents incomplets" in the console),
// while they are still awaited; nil when none were found missing.
func (t *Translator) MissingDocuments(r api.Reimbursement) []string {
	if r.Status != api.StatusAwaitingDocuments || r.MissingDocuments == nil {
		return nil
	}
	return t.List(*r.MissingDocuments)
}

// RejectReason is why a request was rejected, in the member's language:
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
