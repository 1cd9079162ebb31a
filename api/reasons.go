package api

// RejectReason is why an agent rejected a request, from a fixed list so
// that the member reads it in their own language (the app translates the
// code as "reason.<code>"); the agent's optional free text travels beside it.
type RejectReason string

// The reasons an agent can pick.
const (
	ReasonDocumentsMissing   RejectReason = "documents_missing"     // originals missing or incomplete
	ReasonInvoiceInvalid     RejectReason = "invoice_invalid"       // not an original, not in the member's name, unreadable
	ReasonInvoiceOutOfPeriod RejectReason = "invoice_out_of_period" // invoices outside the window's dates
	ReasonDeadlinePassed     RejectReason = "deadline_passed"       // originals deposited after the deadline
	ReasonNotEligible        RejectReason = "not_eligible"          // the member does not meet the conditions
	ReasonDuplicate          RejectReason = "duplicate"             // already reimbursed for this season
	ReasonOther              RejectReason = "other"                 // see the agent's text
)

// RejectReasons lists every reason, in the order a form offers them.
var RejectReasons = []RejectReason{ReasonDocumentsMissing, ReasonInvoiceInvalid, ReasonInvoiceOutOfPeriod,
	ReasonDeadlinePassed, ReasonNotEligible, ReasonDuplicate, ReasonOther}

// Valid reports whether r is a known reason.
func (r RejectReason) Valid() bool {
	for _, v := range RejectReasons {
		if v == r {
			return true
		}
	}
	return false
}
