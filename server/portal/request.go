package portal

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"net/http"
	"strconv"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/web"
	"github.com/fos-mobile/fos/translations"
	"github.com/fos-mobile/fos/uikit/qr"
)

// requestView is the tracked request's page: status and next step first,
// then what to deposit, the counter code, the timeline.
type requestView struct {
	api.Reimbursement
	Status, Next, Heading, Deadline, Location string
	// Answer is the agents' pre-check of the photos sent from the app,
	// which the page leads with.
	Answer string
	// Documents are the originals to deposit; Missing tells that they
	// are those an agent found missing.
	Documents []string
	Missing   bool
	Amount    string
	Estimate  string
	Events    []eventView
	// QR says the counter code is shown (not once final).
	QR bool
	// Cancelled says the member just cancelled it.
	Cancelled bool
}

type eventView struct {
	When, What, Note string
}

// loadRequest reads the member's request id through the member API's
// store method and MemberView; another member's id is not found.
func (p *Portal) loadRequest(r *http.Request, s *Session) (api.Reimbursement, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return api.Reimbursement{}, store.ErrNotFound
	}
	x, err := p.Store.Reimbursement(r.Context(), s.MemberID, id)
	if err != nil {
		return x, err
	}
	one := []api.Reimbursement{x}
	if p.View != nil {
		if err := p.View(r.Context(), one); err != nil {
			return x, err
		}
	}
	return one[0], nil
}

// withRequest runs h with the request of the path, or answers 404/500.
func (p *Portal) withRequest(w http.ResponseWriter, r *http.Request, s *Session, h func(api.Reimbursement)) {
	x, err := p.loadRequest(r, s)
	if errors.Is(err, store.ErrNotFound) {
		p.notFound(w, r, s)
		return
	}
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	h(x)
}

func viewOf(t *translations.Translator, today api.Date, x api.Reimbursement) requestView {
	v := requestView{Reimbursement: x, Status: t.T("status." + string(x.Status)), Next: t.NextStep(x, today),
		Heading:  t.T("request.heading", t.T("estivage.window."+string(x.Kind)), x.Season),
		Deadline: t.Deadline(x.DepositDeadline, today), Location: t.Local(x.DepositLocation), Answer: t.PrecheckAnswer(x)}
	if x.Status == api.StatusAwaitingDocuments {
		v.Documents = t.MissingDocuments(x)
		v.Missing = len(v.Documents) > 0
		if !v.Missing {
			v.Documents = t.LocalList(x.RequiredDocuments)
		}
	}
	if x.AmountCentimes != nil {
		v.Amount = t.Money(*x.AmountCentimes)
	}
	v.QR = x.CounterCode != "" && !x.Status.Final()
	if x.EstimatedPaymentDate != nil && !x.Status.Final() {
		v.Estimate = t.Date(*x.EstimatedPaymentDate)
	}
	for _, e := range x.Events {
		v.Events = append(v.Events, eventView{When: t.DateTime(e.At), What: t.EventLine(e), Note: e.Note})
	}
	return v
}

// request is the tracked request.
func (p *Portal) request(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		d := viewOf(s.App(), p.today(), x)
		d.Cancelled = r.URL.Query().Get("fait") == "annule" && x.Status == api.StatusCancelled
		p.render(w, r, s, http.StatusOK, "request", "/estivage", &web.Page{Title: s.App().T("request.title"), Data: d})
	})
}

// deposit is the deposit instructions, shown once the request is opened:
// the reference, the deadline and its countdown, the originals, the
// address; "Fermer" leads to the tracked request.
func (p *Portal) deposit(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		d := viewOf(s.App(), p.today(), x)
		d.Documents = s.App().LocalList(x.RequiredDocuments)
		p.render(w, r, s, http.StatusOK, "deposit", "/estivage", &web.Page{Title: s.App().T("instructions.title"), Data: d})
	})
}

// cancelPage asks before cancelling, as the app's dialog does.
func (p *Portal) cancelPage(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		d := viewOf(s.App(), p.today(), x)
		p.render(w, r, s, http.StatusOK, "cancel", "/estivage", &web.Page{Title: s.App().T("request.cancel"), Data: d})
	})
}

// cancel cancels through the API's own transition (store.MoveCancel, for
// the member only), then shows the request.
func (p *Portal) cancel(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		_, err := p.Store.Transition(r.Context(), x.ID, store.MoveCancel, store.Change{MemberID: s.MemberID, Note: "cancelled by the member"})
		var ae *api.Error
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/demandes/%d?fait=annule", x.ID), http.StatusSeeOther)
		case errors.Is(err, store.ErrNotFound):
			p.notFound(w, r, s)
		case errors.As(err, &ae):
			d := viewOf(s.App(), p.today(), x)
			v := &web.Page{Title: s.App().T("request.cancel"), Data: d, Error: s.App().T("error." + string(ae.Code))}
			p.render(w, r, s, http.StatusConflict, "cancel", "/estivage", v)
		default:
			p.internal(w, r, s, err)
		}
	})
}

// qrCode is the counter code as a PNG, 6 pixels a module: what the app
// shows, for the head office's scanner.
func (p *Portal) qrCode(w http.ResponseWriter, r *http.Request, s *Session) {
	p.withRequest(w, r, s, func(x api.Reimbursement) {
		if x.CounterCode == "" || x.Status.Final() {
			p.notFound(w, r, s)
			return
		}
		img, err := qr.Image(x.CounterCode, 6)
		if err != nil {
			p.internal(w, r, s, err)
			return
		}
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			p.internal(w, r, s, err)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "private, no-store")
		w.Write(b.Bytes())
	})
}
