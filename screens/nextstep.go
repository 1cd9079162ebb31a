package screens

import (
	"github.com/fos-mobile/fos/api"
)

// nextStep says, in one sentence, where a request stands and what the
// member has to do next. The sentence is translations.NextStep's, which
// the server's mails say too.
func nextStep(env *Env, r api.Reimbursement) string { return env.Tr.NextStep(r, today(env)) }

// missingDocuments lists, in the member's language, the originals an agent
// found missing at the counter, while they are still awaited; nil when
// none were found missing.
func missingDocuments(env *Env, r api.Reimbursement) []string { return env.Tr.MissingDocuments(r) }

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

// rejectReason is why a request was rejected, in the member's language.
func rejectReason(env *Env, r api.Reimbursement) string { return env.Tr.RejectReason(r) }
