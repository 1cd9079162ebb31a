package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/csvexport"
	"github.com/fos-mobile/fos/server/store"
)

// The Journal page (supervisors): every agent action and console login
// recorded by store.JournalSink, filtered by agent, action, outcome and
// dates, paged, and exported as CSV with the same filters. It holds no
// secret: identifiers typed at a failed login appear only as keyed hashes.

// journalPage is the number of entries per page.
const journalPage = 50

// journalOutcomes are the outcomes one can filter on.
var journalOutcomes = []string{audit.OK, audit.Failed, audit.Limited, audit.Locked}

// journalData is the page's.
type journalData struct {
	Entries  []store.JournalEntry
	Agents   []store.AgentAccount
	Actions  []string
	Outcomes []string
	Export   string
}

// journalFilter reads the filter from the query; a bad value fails on its
// field of f.
func journalFilter(q url.Values, f *web.Form, s *Session) store.JournalFilter {
	var jf store.JournalFilter
	if v := q.Get("agent"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 1 {
			f.Fail("agent", s.T("journal.err.agent"))
		}
		jf.AccountID = id
	}
	jf.Action = strings.TrimSpace(q.Get("action"))
	if len(jf.Action) > 100 {
		f.Fail("action", s.T("journal.err.action"))
	}
	if o := q.Get("outcome"); o != "" {
		ok := false
		for _, known := range journalOutcomes {
			ok = ok || o == known
		}
		if !ok {
			f.Fail("outcome", s.T("journal.err.outcome"))
		}
		jf.Outcome = o
	}
	for _, d := range []struct {
		field string
		dst   *api.Date
	}{{"from", &jf.From}, {"to", &jf.To}} {
		if v := strings.TrimSpace(q.Get(d.field)); v != "" {
			var err error
			if *d.dst, err = api.ParseDate(v); err != nil {
				f.Fail(d.field, s.T("camp.err.date"))
			}
		}
	}
	if !jf.From.IsZero() && !jf.To.IsZero() && jf.To.Before(jf.From) {
		f.Fail("to", s.T("journal.err.range"))
	}
	return jf
}

// journalQuery is the filter's part of the page's query, for links.
func journalQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"agent", "action", "outcome", "from", "to"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

func (c *Console) journal(w http.ResponseWriter, r *http.Request, s *Session) {
	q := r.URL.Query()
	f := web.NewForm(nil)
	f.Values = journalQuery(q)
	jf := journalFilter(q, f, s)
	page := web.PageParam(r)
	d := journalData{Outcomes: journalOutcomes}
	var err error
	if d.Agents, err = c.Store.AgentAccounts(r.Context()); err != nil {
		c.internal(w, r, s, err)
		return
	}
	if d.Actions, err = c.Store.JournalActions(r.Context()); err != nil {
		c.internal(w, r, s, err)
		return
	}
	status := http.StatusOK
	var pg *web.Pager
	if f.OK() {
		jf.Limit, jf.Offset = journalPage, (page-1)*journalPage
		var more bool
		if d.Entries, more, err = c.Store.Journal(r.Context(), jf); err != nil {
			c.internal(w, r, s, err)
			return
		}
		pg = web.NewPager("/journal", journalQuery(q), page, 0, more)
		d.Export = "/journal.csv?" + journalQuery(q).Encode()
	} else {
		status = http.StatusUnprocessableEntity
	}
	c.render(w, r, s, status, "journal", "/journal", &view{Title: s.T("journal.title"), Data: d, Form: f, Pager: pg})
}

// journalCSV exports every entry of the filter, newest first.
func (c *Console) journalCSV(w http.ResponseWriter, r *http.Request, s *Session) {
	f := web.NewForm(nil)
	jf := journalFilter(r.URL.Query(), f, s)
	if !f.OK() {
		c.journal(w, r, s)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="journal.csv"`)
	h.Set("Cache-Control", "no-store")
	loc := c.Store.Location()
	cw := csvexport.New(w)
	err := cw.Write("Date", "Agent", "E-mail", "Rôle", "Action", "Résultat", "Adresse IP", "Cible", "Détail",
		"Empreinte de l'identifiant")
	if err == nil {
		err = c.Store.JournalEach(r.Context(), jf, func(e store.JournalEntry) error {
			return cw.Write(csvexport.DateTime(e.Time, loc), e.AgentName, e.AgentEmail, e.Role, e.Action, e.Outcome,
				e.ClientIP, e.Target, e.Detail, e.Identifier)
		})
	}
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		c.Log.Error("console: journal export", "err", err)
		return
	}
	c.audit(r, s, "supervisor.journal_export", audit.OK, "", journalQuery(r.URL.Query()).Encode())
}
