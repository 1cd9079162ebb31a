package screens

import (
	"github.com/fos-mobile/fos/api"
)

// nextStep says, in one sentence, where a request stands and what the
// member has to do next: "Déposez vos originaux avant le 4 août 2026 (dans
// 15 jours)." while the originals are awaited ("Documents incomplets : …"
// once an agent found some missing at the counter), the amount once
// approved, the reason once rejected.
func nextStep(env *Env, r api.Reimbursement) string {
	switch r.Status {
	case api.StatusAwaitingDocuments:
		n := today(env).DaysUntil(r.DepositDeadline)
		if n < 0 {
			return env.T("next.deadline_passed", env.Tr.Date(r.DepositDeadline))
		}
		key := "next.awaiting_documents"
		if len(missingDocuments(env, r)) > 0 {
			key = "next.missing_documents"
		}
		return env.T(key, env.Tr.Date(r.DepositDeadline), env.Tr.InDays(n))
	case api.StatusApproved, api.StatusPaid:
		if r.AmountCentimes != nil {
			return env.T("next."+string(r.Status), env.Tr.Money(*r.AmountCentimes))
		}
	case api.StatusRejected:
		return env.T("next.rejected", rejectReason(env, r))
	}
	if s := env.T("next." + string(r.Status)); s != "next."+string(r.Status) {
		return s
	}
	return ""
}

// missingDocuments lists, in the member's language, the originals an agent
// found missing at the counter ("Documents incomplets" in the console),
// while they are still awaited; nil when none were found missing.
func missingDocuments(env *Env, r api.Reimbursement) []string {
	if r.Status != api.StatusAwaitingDocuments || r.MissingDocuments == nil {
		return nil
	}
	return localizedList(env, *r.MissingDocuments)
}

// eventLine names what an event of the timeline did: its kind when it is
// not a change of status ("Documents incomplets"), else the status it led
// to. A kind this app does not know yet reads as its status.
func eventLine(env *Env, e api.Event) string {
	if e.Kind != "" {
		key := "event." + string(e.Kind)
		if s := env.T(key); s != key {
			return s
		}
	}
	return env.T("status." + string(e.Status))
}

// rejectReason is why a request was rejected, in the member's language:
// the contract's reason code translated, then the agent's own words, if
// any, quoted. A server older than reason codes sends only the words.
func rejectReason(env *Env, r api.Reimbursement) string {
	key := "reason." + string(r.ReasonCode)
	reason := env.T(key)
	if !r.ReasonCode.Valid() || reason == key {
		reason = ""
	}
	switch {
	case reason != "" && r.Reason != "":
		return env.T("reason.with_text", reason, r.Reason)
	case reason != "":
		return reason
	case r.Reason != "":
		return env.T("request.note", r.Reason)
	}
	return env.T("reason.other")
}
