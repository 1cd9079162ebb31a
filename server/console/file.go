package console

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// fileData is the file page's.
type fileData struct {
	R        api.Reimbursement
	CIN      string
	Docs     []docLine
	Missing  []string
	Profile  []profileRow
	Changed  bool
	Timeline []eventLine
	// Can says which actions the status allows.
	CanReceive, CanApprove, CanReject, CanPay bool
	// Counter is set when the file was opened at the counter: a receipt
	// leads back to the counter for the next file. "Documents reçus" is
	// deliberately not focused: a scanner that ends its text with CR LF
	// would press it before anyone looked at the originals.
	Counter bool
	// Stale is set on a refusal because the file changed since its page
	// was loaded: the page offers to load it again.
	Stale bool
	// Ceiling is the window's ceiling on approved amounts (nil: none), read
	// only when the file can be approved.
	Ceiling *int64
	Reasons []api.RejectReason
	// Unmailed is set when the member is not told by e-mail (no address,
	// or the member turned the mails off): the agent then knows the app
	// is the only way the member learns of a step.
	Unmailed string
	// Photos are the pages the member sent, by document, with the
	// agents' answer on each; ToCheck counts the pages not answered yet.
	Photos      []photoDoc
	HasPages    bool
	ToCheck     int
	CanPrecheck bool
	RedoReasons []api.RedoReason
}

type docLine struct {
	Index   int
	Text    string
	Checked bool
}

type profileRow struct {
	Label, Then, Now string
	Changed          bool
}

type eventLine struct {
	At, Title, By, Note, Class string
	// Answer is a pre-check's answer in the agent's language; Note is
	// then the agent's own text.
	Answer string
}

// checkLine words a pre-check's answer: the document as the request's
// list names it in the agent's language, complete or to redo and why.
func checkLine(s *Session, docs []string, c api.DocumentCheck) string {
	doc := s.T("file.timeline.check.document", c.Document+1)
	if c.Document >= 0 && c.Document < len(docs) {
		doc = docs[c.Document]
	}
	if c.Result == api.CheckComplete {
		return s.T("file.timeline.check.complete", doc)
	}
	return s.T("file.timeline.check.redo", doc, s.App().RedoReason(c.ReasonCode, ""))
}

// loadFile gathers what the file page shows. Errors: store.ErrNotFound.
func (c *Console) loadFile(r *http.Request, s *Session, id int64) (fileData, error) {
	re, err := c.Store.AdminReimbursement(r.Context(), id)
	if err != nil {
		return fileData{}, err
	}
	then, now, err := c.Store.FileProfiles(r.Context(), id)
	if err != nil {
		return fileData{}, err
	}
	d := fileData{R: re, CIN: now.CIN, Reasons: api.RejectReasons, Unmailed: now.Unmailed}
	docs, missing := re.RequiredDocuments.FR, []string(nil)
	if re.MissingDocuments != nil {
		missing = re.MissingDocuments.FR
	}
	if s.L() == web.AR {
		docs = re.RequiredDocuments.AR
		if re.MissingDocuments != nil {
			missing = re.MissingDocuments.AR
		}
	}
	for i, t := range docs {
		d.Docs = append(d.Docs, docLine{Index: i, Text: t, Checked: true})
	}
	d.Missing = missing
	d.Profile = []profileRow{
		{Label: s.T("field.last_name"), Then: then.LastName, Now: now.LastName},
		{Label: s.T("field.first_name"), Then: then.FirstName, Now: now.FirstName},
		{Label: s.T("field.birth_date"), Then: s.Date(then.BirthDate), Now: s.Date(now.BirthDate)},
		{Label: s.T("field.echelle"), Then: strconv.Itoa(then.Echelle), Now: strconv.Itoa(now.Echelle)},
		{Label: s.T("field.echelon"), Then: strconv.Itoa(then.Echelon), Now: strconv.Itoa(now.Echelon)},
		{Label: s.T("field.recruitment_date"), Then: s.Date(then.RecruitmentDate), Now: s.Date(now.RecruitmentDate)},
		{Label: s.T("field.children_count"), Then: strconv.Itoa(then.ChildrenCount), Now: strconv.Itoa(now.ChildrenCount)},
	}
	for i := range d.Profile {
		if d.Profile[i].Then != d.Profile[i].Now {
			d.Profile[i].Changed, d.Changed = true, true
		}
	}
	for _, e := range re.Events {
		l := eventLine{At: s.DateTime(e.At), Title: s.Status(e.Status), Note: e.Note}
		switch e.Kind {
		case api.EventMissingDocuments:
			l.Title, l.Class = s.T("file.timeline.missing"), "missing"
		case api.EventNote:
			l.Title, l.Class = s.T("file.timeline.note"), "note"
		case api.EventPrecheck:
			l.Title, l.Class = s.T("file.timeline.precheck"), "note"
			if e.Check != nil {
				l.Answer = checkLine(s, docs, *e.Check)
			}
		}
		switch e.Actor {
		case api.ActorMember:
			l.By = s.T("file.timeline.by_member")
		case api.ActorSystem:
			l.By = s.T("file.timeline.by_system")
		default:
			l.By = s.T("file.timeline.by_agent", e.Agent)
		}
		d.Timeline = append(d.Timeline, l)
	}
	st := re.Status
	d.CanReceive = st == api.StatusAwaitingDocuments
	d.CanApprove = st == api.StatusDocumentsReceived
	d.CanReject = st == api.StatusAwaitingDocuments || st == api.StatusDocumentsReceived
	d.CanPay = st == api.StatusApproved
	if d.CanApprove {
		if d.Ceiling, err = c.Store.WindowCeiling(r.Context(), re.Season, re.Kind); err != nil {
			return fileData{}, err
		}
	}
	d.Counter = r.URL.Query().Get("guichet") != "" || r.PostFormValue("guichet") != ""
	pages, err := c.Store.AgentPages(r.Context(), id)
	if err != nil {
		return fileData{}, err
	}
	d.Photos, d.RedoReasons = photosOf(re, docs, pages), api.RedoReasons
	for _, p := range pages {
		if p.State == api.PageSent || p.State == api.PageSeen {
			d.ToCheck++
		}
	}
	d.HasPages = len(pages) > 0
	d.CanPrecheck = st == api.StatusAwaitingDocuments && d.HasPages
	return d, nil
}

// pathFile loads the file named by the path, or answers 404 (no such id or
// file) or an internal error itself and reports false.
func (c *Console) pathFile(w http.ResponseWriter, r *http.Request, s *Session) (int64, fileData, bool) {
	id, ok := pathID(r)
	if !ok {
		c.notFound(w, r, s)
		return 0, fileData{}, false
	}
	d, err := c.loadFile(r, s, id)
	if errors.Is(err, store.ErrNotFound) {
		c.notFound(w, r, s)
		return 0, fileData{}, false
	}
	if err != nil {
		c.internal(w, r, s, err)
		return 0, fileData{}, false
	}
	return id, d, true
}

// pathID is the path's {id} (a file's, a batch's or an account's) when it
// is a positive number.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (c *Console) file(w http.ResponseWriter, r *http.Request, s *Session) {
	_, d, ok := c.pathFile(w, r, s)
	if !ok {
		return
	}
	c.render(w, r, s, http.StatusOK, "file", "/dossiers", &view{Title: s.T("file.title", d.R.Reference), Data: d,
		Flash: notice(s, r, "done")})
}
