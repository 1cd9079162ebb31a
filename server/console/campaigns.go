package console

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fos-mobile/fos/server/web"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
)

// The Campagnes page (supervisors): the windows of the recent seasons, and
// one form that sets a window exactly as `fos-server campaign set` does
// (store.Campaign.Validate is the one validation), with the optional
// ceiling of the amounts agents may approve in it.

// campaignsData is the page's.
type campaignsData struct {
	Windows []store.Campaign
	Kinds   []api.Kind
}

func (c *Console) campaigns(w http.ResponseWriter, r *http.Request, s *Session) {
	f := web.NewForm(r)
	q := r.URL.Query()
	// The form starts from the window picked for editing, or from the
	// CLI's defaults for a new one.
	f.Values = campaignValues(store.Campaign{Season: c.Store.Now().In(c.Store.Location()).Year(), Kind: api.KindSummer,
		DepositDays: 15, Documents: demo.DefaultDocuments, Location: demo.DefaultLocation})
	rows, err := c.Store.RecentCampaigns(r.Context())
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	for _, row := range rows {
		if strconv.Itoa(row.Season) == q.Get("season") && string(row.Kind) == q.Get("kind") {
			f.Values = campaignValues(row)
		}
	}
	c.renderCampaigns(w, r, s, http.StatusOK, f, rows)
}

func (c *Console) renderCampaigns(w http.ResponseWriter, r *http.Request, s *Session, status int, f *web.Form, rows []store.Campaign) {
	d := campaignsData{Windows: rows, Kinds: api.Kinds}
	v := &view{Title: s.T("camp.title"), Data: d, Form: f, Flash: notice(s, r, "fait")}
	if !f.OK() {
		v.Error = s.T("err.form")
	}
	c.render(w, r, s, status, "campaigns", "/campagnes", v)
}

// setCampaign saves the form's window, or shows each error next to its
// field and saves nothing.
func (c *Console) setCampaign(w http.ResponseWriter, r *http.Request, s *Session) {
	f := web.NewForm(r)
	cp, ceiling := parseCampaign(f, s)
	if f.OK() {
		if err := cp.Validate(); err != nil {
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Field == "" {
				c.internal(w, r, s, err)
				return
			}
			f.Fail(campaignField[ae.Field], s.T("camp.err."+ae.Field))
		}
	}
	if !f.OK() {
		rows, err := c.Store.RecentCampaigns(r.Context())
		if err != nil {
			c.internal(w, r, s, err)
			return
		}
		c.renderCampaigns(w, r, s, http.StatusUnprocessableEntity, f, rows)
		return
	}
	if err := c.Store.SetCampaign(r.Context(), cp); err != nil {
		c.internal(w, r, s, err)
		return
	}
	if err := c.Store.SetWindowCeiling(r.Context(), cp.Season, cp.Kind, ceiling); err != nil {
		c.internal(w, r, s, err)
		return
	}
	detail := fmt.Sprintf("open %s to %s, invoices %s to %s, %d days", cp.OpensOn, cp.ClosesOn, cp.InvoiceFrom, cp.InvoiceTo, cp.DepositDays)
	if ceiling != nil {
		detail += fmt.Sprintf(", ceiling %d centimes", *ceiling)
	}
	c.audit(r, s, "supervisor.campaign_set", audit.OK, fmt.Sprintf("%d %s", cp.Season, cp.Kind), detail)
	http.Redirect(w, r, "/campagnes?fait=campagne", http.StatusSeeOther)
}

// campaignField is the form field next to which each of Validate's fields
// is reported.
var campaignField = map[string]string{"season": "season", "kind": "kind", "invoice": "invoice_to", "window": "closes",
	"deposit_days": "deposit_days", "documents": "documents_fr", "location": "location_fr"}

// parseCampaign reads the form; what does not even parse (a date, a
// number, an amount) fails on its own field.
func parseCampaign(f *web.Form, s *Session) (store.Campaign, *int64) {
	var cp store.Campaign
	var err error
	if cp.Season, err = strconv.Atoi(strings.TrimSpace(f.Get("season"))); err != nil {
		f.Fail("season", s.T("camp.err.season"))
	}
	cp.Kind = api.Kind(f.Get("kind"))
	for _, d := range []struct {
		field string
		dst   *api.Date
	}{{"invoice_from", &cp.InvoiceFrom}, {"invoice_to", &cp.InvoiceTo}, {"opens", &cp.OpensOn}, {"closes", &cp.ClosesOn}} {
		v := strings.TrimSpace(f.Get(d.field))
		if v == "" {
			f.Fail(d.field, s.T("camp.err.date.required"))
		} else if *d.dst, err = api.ParseDate(v); err != nil {
			f.Fail(d.field, s.T("camp.err.date"))
		}
	}
	if cp.DepositDays, err = strconv.Atoi(strings.TrimSpace(f.Get("deposit_days"))); err != nil {
		f.Fail("deposit_days", s.T("camp.err.deposit_days"))
	}
	cp.Documents.FR, cp.Documents.AR = lines(f.Get("documents_fr")), lines(f.Get("documents_ar"))
	cp.Location.FR, cp.Location.AR = strings.TrimSpace(f.Get("location_fr")), strings.TrimSpace(f.Get("location_ar"))
	var ceiling *int64
	if v := strings.TrimSpace(f.Get("ceiling")); v != "" {
		n, key := parseAmount(v)
		switch {
		case key == "err.amount.max":
			f.Fail("ceiling", s.T(key, s.Money(maxAmount)))
		case key != "":
			f.Fail("ceiling", s.T(key))
		}
		ceiling = &n
	}
	return cp, ceiling
}

// lines splits a textarea into its non-empty trimmed lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// campaignValues fills the form from a stored window, its ceiling included.
func campaignValues(cp store.Campaign) map[string][]string {
	v := map[string][]string{
		"season": {strconv.Itoa(cp.Season)}, "kind": {string(cp.Kind)},
		"invoice_from": {cp.InvoiceFrom.String()}, "invoice_to": {cp.InvoiceTo.String()},
		"opens": {cp.OpensOn.String()}, "closes": {cp.ClosesOn.String()},
		"deposit_days": {strconv.Itoa(cp.DepositDays)},
		"documents_fr": {strings.Join(cp.Documents.FR, "\n")}, "documents_ar": {strings.Join(cp.Documents.AR, "\n")},
		"location_fr": {cp.Location.FR}, "location_ar": {cp.Location.AR},
	}
	if c := cp.CeilingCentimes; c != nil {
		v["ceiling"] = []string{fmt.Sprintf("%d,%02d", *c/100, *c%100)}
	}
	return v
}
