package httpapi

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/translations"
)

// The foundation, as the privacy notice names it when the operator has
// configured nothing else (serve --address-fr/--address-ar).
var (
	defaultController = api.Text{
		FR: "Fondation des Œuvres Sociales du Ministère de l'Économie et des Finances",
		AR: "مؤسسة الأعمال الاجتماعية لموظفي وزارة الاقتصاد والمالية",
	}
	defaultAddress = api.Text{
		FR: "Siège de la Fondation des Œuvres Sociales du Ministère de l'Économie et des Finances, Rabat",
		AR: "مقر مؤسسة الأعمال الاجتماعية لموظفي وزارة الاقتصاد والمالية، الرباط",
	}
)

// exportRule is the export's budget per member: ten downloads an hour (the
// app fetches the file and the page), then an hour's wait. Each one reads
// every request of the member, so it is bounded like any costly call.
func exportRule(memberID int64) store.ThrottleRule {
	return store.ThrottleRule{Key: "export:acct:member:" + strconv.FormatInt(memberID, 10),
		Limit: 10, Forget: time.Hour, Base: time.Hour, Max: time.Hour}
}

// privacyInfo is the configured Privacy with its defaults filled in.
func (s *Server) privacyInfo() api.Privacy {
	p := s.Privacy
	if p.Controller.FR == "" {
		p.Controller = defaultController
	}
	if p.Address.FR == "" {
		p.Address = defaultAddress
	}
	if p.RetentionDays == 0 {
		p.RetentionDays = int(store.DefaultRetention / (24 * time.Hour))
	}
	return p
}

// privacy serves GET /privacy, public: the app shows it before login.
func (s *Server) privacy(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeJSON(w, http.StatusOK, s.privacyInfo())
}

// export serves GET /me/export: the member's data as JSON, or as a
// readable page (format=html) in their language (lang=fr|ar). Errors:
// invalid_request (format, lang), rate_limited.
func (s *Server) export(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	q := r.URL.Query()
	format, lang := q.Get("format"), translations.Lang(q.Get("lang"))
	if format == "" {
		format = api.ExportJSON
	}
	if format != api.ExportJSON && format != api.ExportHTML {
		s.writeError(w, r, invalid("format", "must be json or html"))
		return
	}
	if lang == "" {
		lang = translations.FR
	}
	if lang != translations.FR && lang != translations.AR && lang != translations.EN {
		s.writeError(w, r, invalid("lang", "must be fr, ar or en"))
		return
	}
	ev := audit.Event{Action: "member.export", Role: string(api.RoleMember), AccountID: p.ID, ClientIP: s.clientIP(r), Detail: format}
	res, err := s.Store.ThrottleCharge(r.Context(), exportRule(p.ID))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !res.Allowed {
		ev.Outcome = audit.Limited
		s.audit(r.Context(), ev)
		e := api.Errorf(api.CodeRateLimited, "too many exports; try again later")
		e.RetryAfterSeconds = 1
		if d := res.RetryAt.Sub(s.Store.Now()); d > 0 {
			e.RetryAfterSeconds = max(1, int(d.Seconds()+0.999))
		}
		s.writeError(w, r, e)
		return
	}
	data, err := s.Store.MemberExport(r.Context(), p.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data.GeneratedAt = s.Store.Now().UTC().Truncate(time.Second)
	data.Privacy = s.privacyInfo()
	ev.Outcome = audit.OK
	s.audit(r.Context(), ev)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	name := "mes-donnees-fos-" + data.GeneratedAt.In(api.Casablanca).Format("2006-01-02")
	if format == api.ExportJSON {
		h.Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		writeJSON(w, http.StatusOK, data)
		return
	}
	var buf bytes.Buffer
	if err := renderExport(&buf, data, translations.New(lang)); err != nil {
		s.writeError(w, r, fmt.Errorf("export page: %w", err))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`.html"`)
	// Nothing but the page's own style: no script, image, font or request.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}
