package screens

import (
	"github.com/fos-mobile/fos/api"
)

// The sentences about a request are the translations package's
// (translations/request.go), shared with the web portal; these wrappers
// give them the screen's language and today's date.

// nextStep says, in one sentence, where a request stands and what the
// member has to do next (translations.Translator.NextStep).
func nextStep(env *Env, r api.Reimbursement) string { return env.Tr.NextStep(r, today(env)) }

// missingDocuments lists the originals an agent found missing at the
// counter, while they are still awaited; nil when none were.
func missingDocuments(env *Env, r api.Reimbursement) []string { return env.Tr.MissingDocuments(r) }

// eventLine names what an event of the timeline did.
func eventLine(env *Env, e api.Event) string { return env.Tr.EventLine(e) }
