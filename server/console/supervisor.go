package console

import "net/http"

// The supervisors' pages: Paiements (payments.go, payments_csv.go),
// Campagnes (campaigns.go), Agents (agents.go) and Journal (journal.go).
// Their texts live in i18n/supervisor_fr.json and supervisor_ar.json,
// read into the console's catalogs with its own (i18n.go).

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
