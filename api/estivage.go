package api

import "time"

// Kind is a kind of reimbursement window.
type Kind string

// The kinds: invoices of 1 July – 15 September, and of 16 September –
// 30 November.
const (
	KindSummer    Kind = "summer"
	KindOffSeason Kind = "off_season"
)

// Kinds lists every kind, in the order of the season (summer first).
var Kinds = []Kind{KindSummer, KindOffSeason}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if v == k {
			return true
		}
	}
	return false
}

// Text is a sentence in both languages of the service.
type Text struct {
	FR string `json:"fr"`
	AR string `json:"ar"`
}

// TextList is a list of sentences in both languages.
type TextList struct {
	FR []string `json:"fr"`
	AR []string `json:"ar"`
}

// Window is one reimbursement window of a season.
type Window struct {
	Kind              Kind      `json:"kind"`
	InvoiceFrom       Date      `json:"invoice_from"`
	InvoiceTo         Date      `json:"invoice_to"`
	OpensAt           time.Time `json:"opens_at"`
	ClosesAt          time.Time `json:"closes_at"`
	Open              bool      `json:"open"`
	DepositDays       int       `json:"deposit_days"`
	RequiredDocuments TextList  `json:"required_documents"`
	DepositLocation   Text      `json:"deposit_location"`
	// MyRequest is the member's live request of this kind this season (not
	// cancelled nor expired), or null.
	MyRequest *Reimbursement `json:"my_request"`
}

// Estivage is the answer of GET /estivage: the current season.
type Estivage struct {
	Season  int      `json:"season"`
	Windows []Window `json:"windows"`
}
