package portal

import (
	"errors"
	"net/http"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
	"github.com/fos-mobile/fos/translations"
)

// services is the Espace de gestion: the services open to the member.
func (p *Portal) services(w http.ResponseWriter, r *http.Request, s *Session) {
	m, err := p.Store.MemberByID(r.Context(), s.MemberID)
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	p.render(w, r, s, http.StatusOK, "services", "/services", &web.Page{Title: s.App().T("services.title"), Data: m.FirstName + " " + m.LastName})
}

// listData is a list page's: its lines, and the empty list's sentence.
type listData struct {
	Rows []requestRow
	// Back is the page the list belongs to ("" for none).
	Back string
}

// dashboard is the Tableau de bord: every request of the member and its
// status at a glance, newest first.
func (p *Portal) dashboard(w http.ResponseWriter, r *http.Request, s *Session) {
	p.list(w, r, s, "/tableau-de-bord", s.T("dashboard.title"), "", func(api.Reimbursement, int) bool { return true })
}

// mine is "Mes estivages": the current requests (api.Reimbursement.Current).
func (p *Portal) mine(w http.ResponseWriter, r *http.Request, s *Session) {
	p.list(w, r, s, "/estivage", s.App().T("estivage.mine"), "/estivage", func(x api.Reimbursement, season int) bool { return x.Current(season) })
}

// history is "Historique des estivages": the others.
func (p *Portal) history(w http.ResponseWriter, r *http.Request, s *Session) {
	p.list(w, r, s, "/estivage", s.App().T("estivage.history"), "/estivage", func(x api.Reimbursement, season int) bool { return !x.Current(season) })
}

func (p *Portal) list(w http.ResponseWriter, r *http.Request, s *Session, active, title, back string, keep func(api.Reimbursement, int) bool) {
	all, err := p.Store.Reimbursements(r.Context(), s.MemberID)
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	season, err := p.season(r)
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	var kept []api.Reimbursement
	for _, x := range all {
		if keep(x, season) {
			kept = append(kept, x)
		}
	}
	d := listData{Rows: rows(s.App(), p.today(), kept), Back: back}
	p.render(w, r, s, http.StatusOK, "list", active, &web.Page{Title: title, Data: d})
}

// season is the server's current season, 0 when none is set.
func (p *Portal) season(r *http.Request) (int, error) {
	cs, err := p.Store.CurrentCampaigns(r.Context())
	if errors.Is(err, store.ErrNotFound) || (err == nil && len(cs) == 0) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return cs[0].Season, nil
}

// windowView is one reimbursement window of the Estivage page.
type windowView struct {
	api.Window
	Title, Invoice string
	// State is "open", "soon" or "closed"; When says until or since when.
	State, When string
	Mine        *requestRow
}

// estivage is the Estivage menu: Mes estivages, Estivages disponibles,
// Historique des estivages, and the season's two windows with their dates,
// whether each is open, and "Demander" or "Suivre ma demande": what GET
// /estivage answers (store.Estivage).
func (p *Portal) estivage(w http.ResponseWriter, r *http.Request, s *Session) {
	v := &web.Page{Title: s.App().T("service.estivage")}
	est, err := p.Store.Estivage(r.Context(), s.MemberID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		p.internal(w, r, s, err)
		return
	}
	var windows []windowView
	now := p.Store.Now()
	for _, win := range est.Windows {
		windows = append(windows, windowOf(s.App(), p.today(), win, now))
	}
	v.Data = windows
	p.render(w, r, s, http.StatusOK, "estivage", "/estivage", v)
}

func windowOf(t *translations.Translator, today api.Date, w api.Window, now time.Time) windowView {
	out := windowView{Window: w, Title: t.T("estivage.window." + string(w.Kind)),
		Invoice: t.T("estivage.invoice_dates", t.Date(w.InvoiceFrom), t.Date(w.InvoiceTo))}
	switch {
	case w.Open:
		out.State, out.When = "open", t.T("estivage.open_until", t.Closing(w.ClosesAt))
	case now.Before(w.OpensAt):
		out.State, out.When = "soon", t.T("estivage.opens", t.Opening(w.OpensAt))
	default:
		out.State = "closed"
		if d, ok := translations.LastDay(w.ClosesAt); ok {
			out.When = t.T("estivage.closed_after", t.Date(d))
		} else {
			out.When = t.T("estivage.closed", t.DateTime(w.ClosesAt))
		}
	}
	if w.MyRequest != nil {
		row := rows(t, today, []api.Reimbursement{*w.MyRequest})[0]
		out.Mine = &row
	}
	return out
}
