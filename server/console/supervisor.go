package console

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
)

// The supervisors' pages: Paiements (payments.go, payments_csv.go),
// Campagnes (campaigns.go), Agents (agents.go) and Journal (journal.go).
// Their texts live in i18n/supervisor_fr.json and supervisor_ar.json,
// merged into the console's catalogs when the package starts.

//go:embed i18n/supervisor_fr.json i18n/supervisor_ar.json
var supervisorI18n embed.FS

func init() { mergeCatalogs(catalogs, supervisorI18n, "i18n/supervisor_") }

// mergeCatalogs adds the files prefix+"<lang>.json" of files to into,
// refusing (at start, so any test fails) a key defined twice.
func mergeCatalogs(into map[lang]map[string]string, files embed.FS, prefix string) {
	for l, cat := range into {
		b, err := files.ReadFile(prefix + string(l) + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("console: %s%s.json: %v", prefix, l, err))
		}
		for k, v := range m {
			if _, dup := cat[k]; dup {
				panic(fmt.Sprintf("console: %s%s.json redefines %q", prefix, l, k))
			}
			cat[k] = v
		}
	}
}

// supervisorRoutes registers the supervisors' pages, each behind
// c.supervisor (agents get 403).
func (c *Console) supervisorRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /paiements", c.supervisor(c.payments))
	mux.HandleFunc("POST /paiements/lots", c.supervisor(c.createBatch))
	mux.HandleFunc("GET /paiements/lots/{id}", c.supervisor(c.batch))
	mux.HandleFunc("GET /paiements/lots/{id}/csv", c.supervisor(c.batchCSV))
	mux.HandleFunc("POST /paiements/lots/{id}/payer", c.supervisor(c.payBatch))
	mux.HandleFunc("POST /paiements/lots/{id}/annuler", c.supervisor(c.cancelBatch))
	mux.HandleFunc("GET /campagnes", c.supervisor(c.campaigns))
	mux.HandleFunc("POST /campagnes", c.supervisor(c.setCampaign))
	mux.HandleFunc("GET /agents", c.supervisor(c.agents))
	mux.HandleFunc("POST /agents", c.supervisor(c.addAgent))
	mux.HandleFunc("POST /agents/{id}/mot-de-passe", c.supervisor(c.resetPassword))
	mux.HandleFunc("POST /agents/{id}/desactiver", c.supervisor(c.setDisabled(true)))
	mux.HandleFunc("POST /agents/{id}/activer", c.supervisor(c.setDisabled(false)))
	mux.HandleFunc("GET /journal", c.supervisor(c.journal))
	mux.HandleFunc("GET /journal.csv", c.supervisor(c.journalCSV))
}

// notice is the success message a redirect after an action asked for, from
// a fixed list (never text from the URL).
func notice(s *Session, r *http.Request) string {
	switch r.URL.Query().Get("fait") {
	case "cree":
		return s.T("pay.created")
	case "paye":
		return s.T("pay.paid")
	case "deja":
		return s.T("pay.already")
	case "annule":
		return s.T("pay.cancelled")
	case "campagne":
		return s.T("camp.saved")
	case "active":
		return s.T("agents.enabled")
	case "desactive":
		return s.T("agents.disabled")
	}
	return ""
}
