package portal

import (
	"fmt"
	"html/template"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/translations"
)

// isolate (the templates' "iso", with the app's text for a key) formats
// an unformatted translation with its arguments escaped and wrapped in <bdi>, so that a reference, a date or an amount reads in
// its own direction inside an Arabic sentence. The text is escaped too.
// Only %s verbs are expected in such texts.
func isolate(format string, args ...any) template.HTML {
	wrapped := make([]any, len(args))
	for i, a := range args {
		wrapped[i] = "<bdi>" + template.HTMLEscapeString(fmt.Sprint(a)) + "</bdi>"
	}
	return template.HTML(fmt.Sprintf(template.HTMLEscapeString(format), wrapped...))
}

// requestRow is one line of a list of requests.
type requestRow struct {
	api.Reimbursement
	Window, Status, When string
	Missing              bool
}

// rows turns requests into list lines in t's language: the deposit
// deadline while the originals are awaited, else the date of the last
// change (as the app's list says it).
func rows(t *translations.Translator, today api.Date, rs []api.Reimbursement) []requestRow {
	out := make([]requestRow, 0, len(rs))
	for _, r := range rs {
		when := t.T("requests.updated", t.Date(api.DateOf(r.UpdatedAt.In(api.Casablanca))))
		if r.Status == api.StatusAwaitingDocuments {
			when = t.T("instructions.deadline", t.Deadline(r.DepositDeadline, today))
		}
		out = append(out, requestRow{Reimbursement: r, Window: t.T("estivage.window." + string(r.Kind)),
			Status: t.T("status." + string(r.Status)), When: when, Missing: len(t.MissingDocuments(r)) > 0})
	}
	return out
}
