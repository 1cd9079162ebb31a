package portal

import (
	"bytes"
	"net/http"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/web"
)

// settingsData is the Paramètres page's.
type settingsData struct {
	// EmailOnFile is false when the foundation has no address for the
	// member: nothing is mailed, whatever the setting says.
	EmailOnFile  bool
	EmailNotices bool
	Lang         string
	Langs        []string
	// Export is whether the page offers Mes données.
	Export bool
}

// settings is the Paramètres page: the member's mails (on or off, and
// their language), the download of Mes données, and the privacy notice.
// The same preferences as the app's (PATCH /me), kept on the server.
func (p *Portal) settings(w http.ResponseWriter, r *http.Request, s *Session) {
	p.renderSettings(w, r, s, http.StatusOK, web.NewForm(nil))
}

func (p *Portal) renderSettings(w http.ResponseWriter, r *http.Request, s *Session, status int, f *web.Form) {
	m, err := p.Store.MemberByID(r.Context(), s.MemberID)
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	d := settingsData{EmailOnFile: m.Email != "", EmailNotices: m.EmailNotices, Lang: m.Lang,
		Langs: []string{string(web.FR), string(web.AR)}, Export: p.Export != nil}
	if d.Lang != string(web.AR) {
		d.Lang = string(web.FR)
	}
	v := &web.Page{Title: s.App().T("settings.title"), Data: d, Form: f}
	if r.URL.Query().Get("fait") == "1" {
		v.Flash = s.T("settings.saved")
	}
	p.render(w, r, s, status, "settings", "/parametres", v)
}

// saveSettings keeps the member's choices through the store's
// SetPreferences, the API's own path (turning mails off also drops those
// still waiting).
func (p *Portal) saveSettings(w http.ResponseWriter, r *http.Request, s *Session) {
	f := web.NewForm(r)
	lang := r.PostFormValue("lang")
	if lang != string(web.FR) && lang != string(web.AR) {
		f.Fail("lang-fr", s.T("settings.lang.required"))
		p.renderSettings(w, r, s, http.StatusUnprocessableEntity, f)
		return
	}
	notices := r.PostFormValue("email_notices") == "on"
	if _, err := p.Store.SetPreferences(r.Context(), s.MemberID, api.PreferencesRequest{Lang: &lang, EmailNotices: &notices}); err != nil {
		p.internal(w, r, s, err)
		return
	}
	http.Redirect(w, r, "/parametres?fait=1", http.StatusSeeOther)
}

// myData hands the member's data over through the API's own export (its
// budget, its audit, its file names): format=json or html, in the page's
// language. A refusal (too many downloads) is told as a page.
func (p *Portal) myData(w http.ResponseWriter, r *http.Request, s *Session) {
	if p.Export == nil {
		p.notFound(w, r, s)
		return
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format != api.ExportJSON && format != api.ExportHTML {
		p.notFound(w, r, s)
		return
	}
	q = map[string][]string{"format": {format}, "lang": {s.Lang()}}
	in := r.Clone(r.Context())
	in.URL.RawQuery = q.Encode()
	out := &captured{header: http.Header{}}
	p.Export(out, in, s.principal)
	if out.status >= 400 {
		key := "error.server"
		if out.status == http.StatusTooManyRequests {
			key = "mydata.limited"
		}
		p.message(w, r, s, out.status, "error.title", say(s.Tr, key))
		return
	}
	for k, v := range out.header {
		w.Header()[k] = v
	}
	w.WriteHeader(out.status)
	w.Write(out.body.Bytes())
}

// captured keeps an answer so that a refusal can be told as a page.
type captured struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *captured) Header() http.Header { return c.header }
func (c *captured) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}
func (c *captured) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

// privacyData is the notice's page's.
type privacyData struct {
	api.Privacy
	// Keep is how long, in words ("5 ans").
	Keep string
}

// privacy is the notice of law 09-08, public (linked from the login
// page): purpose, controller, retention, rights, the CNDP declaration; the
// app's own words, with what the operator configured (serve --cndp-ref,
// --contact-email, the address).
func (p *Portal) privacy(w http.ResponseWriter, r *http.Request) {
	if p.Privacy == nil {
		p.notFound(w, r, nil)
		return
	}
	d := privacyData{Privacy: p.Privacy()}
	var s *Session
	if ss, err := p.session(r); err == nil {
		s = ss
	}
	d.Keep = tr(r).App().Retention(d.RetentionDays)
	if s == nil {
		v := guest(r, "privacy.title")
		v.Data = d
		p.pages.Write(w, r, http.StatusOK, "privacy", v)
		return
	}
	p.render(w, r, s, http.StatusOK, "privacy", "", &web.Page{Title: s.App().T("privacy.title"), Data: d})
}
