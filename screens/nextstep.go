package screens

import (
	"github.com/fos-mobile/fos/api"
)

// nextStep says, in one sentence, where a request stands and what the
// member has to do next: "Déposez vos originaux avant le 4 août 2026 (dans
// 15 jours)." while the originals are awaited, the amount once approved,
// the reason once rejected.
func nextStep(env *Env, r api.Reimbursement) string {
	switch r.Status {
	case api.StatusAwaitingDocuments:
		if today(env).DaysUntil(r.DepositDeadline) < 0 {
			return env.T("next.deadline_passed", env.Tr.Date(r.DepositDeadline))
		}
		return env.T("next.awaiting_documents", env.Tr.Date(r.DepositDeadline), env.Tr.InDays(today(env).DaysUntil(r.DepositDeadline)))
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
