package api

import "time"

// Status is the state of a reimbursement request.
type Status string

// The statuses. Allowed moves:
//
//	awaiting_documents → documents_received (agent), cancelled (member), expired (system), rejected (agent)
//	documents_received → approved (agent), rejected (agent)
//	approved           → paid (agent)
const (
	StatusAwaitingDocuments Status = "awaiting_documents"
	StatusDocumentsReceived Status = "documents_received"
	StatusApproved          Status = "approved"
	StatusPaid              Status = "paid"
	StatusRejected          Status = "rejected"
	StatusExpired           Status = "expired"
	StatusCancelled         Status = "cancelled"
)

// Statuses lists every status, in the order of the happy path first.
var Statuses = []Status{StatusAwaitingDocuments, StatusDocumentsReceived, StatusApproved, StatusPaid, StatusRejected, StatusExpired, StatusCancelled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Final reports whether no further move is possible from s.
func (s Status) Final() bool {
	switch s {
	case StatusPaid, StatusRejected, StatusExpired, StatusCancelled:
		return true
	}
	return false
}

// Live reports whether a request in status s still blocks a new request of
// the same kind and season. Cancelled and expired ones do not.
func (s Status) Live() bool { return s != StatusCancelled && s != StatusExpired }

// Actor says who made an event.
type Actor string

// The actors.
const (
	ActorMember Actor = "member"
	ActorAgent  Actor = "agent"
	ActorSystem Actor = "system"
)

// Event is one step of a request's timeline.
type Event struct {
	Status Status    `json:"status"`
	At     time.Time `json:"at"`
	Note   string    `json:"note"`
	Actor  Actor     `json:"actor"`
	// Agent is the e-mail of the agent who made the event. Only the
	// back-office API shows it.
	Agent string `json:"agent,omitempty"`
	// Kind is empty for a change of status, EventMissingDocuments when an
	// agent recorded incomplete originals at the counter (the request
	// stays awaiting documents), EventNote for an agent's note (back
	// office only).
	Kind EventKind `json:"kind,omitempty"`
	// Check is the agent's answer of an EventPrecheck (back office only);
	// Note then holds the agent's own text, if any, as Check.Reason does.
	Check *DocumentCheck `json:"check,omitempty"`
}

// EventKind tells events that are not a change of status.
type EventKind string

// The event kinds besides a change of status.
const (
	EventMissingDocuments EventKind = "missing_documents"
	EventNote             EventKind = "note"
	// EventPrecheck is an agent's pre-check of a document's pages (back
	// office only: the member reads the answer in Reimbursement.Precheck).
	EventPrecheck EventKind = "precheck"
)

// Reimbursement is a request for the reimbursement of holiday invoices.
type Reimbursement struct {
	ID                int64     `json:"id"`
	Reference         string    `json:"reference"`
	Kind              Kind      `json:"kind"`
	Season            int       `json:"season"`
	Status            Status    `json:"status"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	DepositDeadline   Date      `json:"deposit_deadline"`
	RequiredDocuments TextList  `json:"required_documents"`
	DepositLocation   Text      `json:"deposit_location"`
	// AmountCentimes is set once approved.
	AmountCentimes *int64 `json:"amount_centimes,omitempty"`
	// Reason is set once rejected: the agent's text (may be empty when
	// ReasonCode says it all).
	Reason string `json:"reason,omitempty"`
	// ReasonCode is set once rejected with a code (always through the
	// console): why, from RejectReasons, for the app to translate.
	ReasonCode RejectReason `json:"reason_code,omitempty"`
	// MissingDocuments lists, while awaiting documents, the originals an
	// agent found missing at the counter, in both languages.
	MissingDocuments *TextList `json:"missing_documents,omitempty"`
	// Precheck is the agents' answer on the pages sent so far, once
	// there is one.
	Precheck *Precheck `json:"precheck,omitempty"`
	// Version grows with every change of the request; the console refuses
	// an action made on an older version.
	Version int64 `json:"version"`
	// Events is the timeline, oldest first. Lists leave it out.
	Events []Event `json:"events,omitempty"`
	// Member names the member. Only the back-office API shows it.
	Member *MemberSummary `json:"member,omitempty"`
	// EstimatedPaymentDate is when the request should be paid, from the
	// window's processing history; set while the request is not final.
	// Only the member's GET paths show it.
	EstimatedPaymentDate *Date `json:"estimated_payment_date,omitempty"`
	// CounterCode is the reference signed by the server, for the QR code
	// the member shows at the head office's counter. Only the member's
	// GET paths show it.
	CounterCode string `json:"counter_code,omitempty"`
}

// Current reports whether r belongs with the member's current requests
// ("Mes estivages") rather than their history, when the server's current
// season is season (0 when there is none): while it is not final, or while
// its season is the current one. The calendar plays no part: an
// off-season request stays current in January while its documents are
// awaited.
func (r Reimbursement) Current(season int) bool {
	return !r.Status.Final() || (season > 0 && r.Season >= season)
}

// CreateReimbursementRequest is the body of POST /reimbursements, sent with
// an Idempotency-Key header.
type CreateReimbursementRequest struct {
	Kind             Kind             `json:"kind"`
	ConfirmedProfile ConfirmedProfile `json:"confirmed_profile"`
}

// ReimbursementList is the answer of GET /reimbursements, newest first.
type ReimbursementList struct {
	Items []Reimbursement `json:"items"`
}

// IdempotencyKeyHeader carries the key that makes a create safe to retry.
const IdempotencyKeyHeader = "Idempotency-Key"

// AdminReimbursementList is the answer of GET /admin/reimbursements.
type AdminReimbursementList struct {
	Items []Reimbursement `json:"items"`
	// Total counts the matching requests, beyond this page.
	Total int `json:"total"`
}

// ApproveRequest is the body of POST /admin/reimbursements/{id}/approve.
type ApproveRequest struct {
	AmountCentimes int64  `json:"amount_centimes"`
	Note           string `json:"note,omitempty"`
}

// RejectRequest is the body of POST /admin/reimbursements/{id}/reject.
type RejectRequest struct {
	Reason string `json:"reason"`
	// ReasonCode, optional, says why in words the member's app translates.
	ReasonCode RejectReason `json:"reason_code,omitempty"`
}

// NoteRequest is the optional body of receive and pay.
type NoteRequest struct {
	Note string `json:"note,omitempty"`
}
