package portal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/web"
)

// confirmData is the Confirmer page's: the personal data to confirm and
// the attempt's idempotency key.
type confirmData struct {
	Kind    api.Kind
	Profile api.ConfirmedProfile
	// Key is the Idempotency-Key of this attempt, made when the page is
	// shown and sent with the form: a double submit, or a reload that
	// posts again, replays the same file instead of opening a second.
	Key string
	// TrackID is the live request of the same kind, when one exists.
	TrackID int64
}

func newKey() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func kindParam(r *http.Request) (api.Kind, bool) {
	k := api.Kind(r.PathValue("kind"))
	return k, k.Valid()
}

// confirmPage shows the member's personal data, read-only, then "Retour"
// or "Confirmer", as the app's Confirmer screen.
func (p *Portal) confirmPage(w http.ResponseWriter, r *http.Request, s *Session) {
	kind, ok := kindParam(r)
	if !ok {
		p.notFound(w, r, s)
		return
	}
	m, err := p.Store.MemberByID(r.Context(), s.MemberID)
	if err != nil {
		p.internal(w, r, s, err)
		return
	}
	d := confirmData{Kind: kind, Profile: m.ConfirmedProfile, Key: newKey()}
	p.render(w, r, s, http.StatusOK, "confirm", "/estivage", &web.Page{Title: s.App().T("estivage.window." + string(kind)), Data: d})
}

// confirm opens the request through the API's one create path
// (store.CreateReimbursement, with the form's idempotency key), then leads
// to its deposit instructions. Data that changed since the page was shown
// are told as the API tells them (profile_changed), with the new data to
// confirm under a new key.
func (p *Portal) confirm(w http.ResponseWriter, r *http.Request, s *Session) {
	kind, ok := kindParam(r)
	if !ok {
		p.notFound(w, r, s)
		return
	}
	app := s.App()
	v := &web.Page{Title: app.T("estivage.window." + string(kind))}
	// The profile shown again after a refusal is the record's (the
	// store's refusal carries it when it changed).
	d := confirmData{Kind: kind, Key: newKey()}
	key := strings.TrimSpace(r.PostFormValue("key"))
	confirmed, err := postedProfile(r)
	if err != nil || len(key) < 8 || len(key) > 128 {
		if m, err := p.Store.MemberByID(r.Context(), s.MemberID); err == nil {
			d.Profile = m.ConfirmedProfile
		}
		v.Error, v.Data = app.T("error.invalid_request"), d
		p.render(w, r, s, http.StatusUnprocessableEntity, "confirm", "/estivage", v)
		return
	}
	created, err := p.Store.CreateReimbursement(r.Context(), s.MemberID, key, api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: confirmed})
	var ae *api.Error
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/demandes/%d/depot", created.Reimbursement.ID), http.StatusSeeOther)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeProfileChanged && ae.CurrentProfile != nil:
		d.Profile = *ae.CurrentProfile
		v.Error = app.T("error.profile_changed")
		v.Data = d
		p.render(w, r, s, http.StatusConflict, "confirm", "/estivage", v)
		return
	case errors.As(err, &ae) && ae.Code == api.CodeAlreadyRequested:
		d.TrackID, d.Profile = ae.RequestID, confirmed
	case errors.As(err, &ae) && (ae.Code == api.CodeWindowClosed || ae.Code == api.CodeIdempotencyMismatch):
		d.Profile = confirmed
	default:
		p.internal(w, r, s, err)
		return
	}
	v.Error, v.Data = app.T("error."+string(ae.Code)), d
	p.render(w, r, s, http.StatusConflict, "confirm", "/estivage", v)
}

// postedProfile reads the confirmed data the form carried back; whether
// they match the record is the store's check, as for the API.
func postedProfile(r *http.Request) (api.ConfirmedProfile, error) {
	var c api.ConfirmedProfile
	var err error
	if c.BirthDate, err = api.ParseDate(r.PostFormValue("birth_date")); err != nil {
		return c, err
	}
	if c.RecruitmentDate, err = api.ParseDate(r.PostFormValue("recruitment_date")); err != nil {
		return c, err
	}
	for name, dst := range map[string]*int{"echelle": &c.Echelle, "echelon": &c.Echelon, "children_count": &c.ChildrenCount} {
		n, err := strconv.Atoi(r.PostFormValue(name))
		if err != nil || n < 0 {
			return c, fmt.Errorf("%s: not a count", name)
		}
		*dst = n
	}
	return c, nil
}
