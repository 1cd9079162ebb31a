package api

import "time"

// A page is one photo or scan of an original document that the member
// sends before travelling, so that an agent can pre-check it. The
// originals are still deposited at the counter: a page is never a
// substitute.

// PageState is where a page stands.
type PageState string

// The states. A page can be removed by its member while it is sent or to
// be redone (a page an agent found good, or is looking at, stays).
const (
	PageSent     PageState = "sent"     // envoyée
	PageSeen     PageState = "seen"     // vue par un agent
	PageAccepted PageState = "accepted" // acceptée
	PageRedo     PageState = "redo"     // à refaire, with a reason
)

// Upload limits.
const (
	// MaxPageBytes caps one uploaded file.
	MaxPageBytes = 8 << 20
	// MaxPagesPerRequest caps the pages a request holds at once.
	MaxPagesPerRequest = 20
	// MaxPagesPerDay caps the pages a member uploads in a day (in the
	// foundation's time zone), removed ones included.
	MaxPagesPerDay = 60
)

// Page is one uploaded page, without its bytes (GET …/pages/{page}).
type Page struct {
	ID int64 `json:"id"`
	// Document is the index of the document in the request's
	// required_documents; Number the page's rank in it, from 1.
	Document    int       `json:"document"`
	Number      int       `json:"number"`
	ContentType string    `json:"content_type"`
	Name        string    `json:"name"`
	Size        int       `json:"size"`
	Width       int       `json:"width,omitempty"`
	Height      int       `json:"height,omitempty"`
	State       PageState `json:"state"`
	// ReasonCode and Reason say why a page is to be redone.
	ReasonCode RedoReason `json:"reason_code,omitempty"`
	Reason     string     `json:"reason,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// PageList is the answer of GET …/pages, by document then page number.
type PageList struct {
	Items []Page `json:"items"`
}

// CheckResult is an agent's answer on one document.
type CheckResult string

// The answers.
const (
	CheckComplete CheckResult = "complete"
	CheckRedo     CheckResult = "redo"
)

// RedoReason is why a document must be sent again, from a fixed list the
// app and the console translate ("redo.<code>"); the agent's text travels
// beside it.
type RedoReason string

// The reasons an agent can pick.
const (
	RedoUnreadable    RedoReason = "unreadable"     // blurred, dark, cut
	RedoIncomplete    RedoReason = "incomplete"     // a page or part is missing
	RedoWrongDocument RedoReason = "wrong_document" // not the document asked for
	RedoNotInName     RedoReason = "not_in_name"    // not in the member's name
	RedoOutOfPeriod   RedoReason = "out_of_period"  // dates outside the window
	RedoOther         RedoReason = "other"          // see the agent's text
)

// RedoReasons lists every reason, in the order a form offers them.
var RedoReasons = []RedoReason{RedoUnreadable, RedoIncomplete, RedoWrongDocument, RedoNotInName, RedoOutOfPeriod, RedoOther}

// Valid reports whether r is a known reason.
func (r RedoReason) Valid() bool {
	for _, v := range RedoReasons {
		if v == r {
			return true
		}
	}
	return false
}

// DocumentCheck is an agent's latest answer on one document.
type DocumentCheck struct {
	Document   int         `json:"document"`
	Result     CheckResult `json:"result"`
	ReasonCode RedoReason  `json:"reason_code,omitempty"`
	Reason     string      `json:"reason,omitempty"`
	At         time.Time   `json:"at"`
}

// Precheck is the agents' answer on a request's pages so far.
type Precheck struct {
	// Documents holds one answer per document answered, by document.
	Documents []DocumentCheck `json:"documents"`
	// Complete is true when every required document is answered complete:
	// the member may travel and deposit the originals.
	Complete bool `json:"complete"`
}

// PrecheckRequest is the body of POST /admin/reimbursements/{id}/precheck:
// an answer on one document, made on Version of the request.
type PrecheckRequest struct {
	Version    int64       `json:"version"`
	Document   int         `json:"document"`
	Result     CheckResult `json:"result"`
	ReasonCode RedoReason  `json:"reason_code,omitempty"`
	Reason     string      `json:"reason,omitempty"`
}
