package api

import "time"

// Privacy is the answer of GET /privacy (public): what the app's privacy
// notice and its "Ces informations sont inexactes" answer need from the
// server's configuration (law 09-08).
type Privacy struct {
	// Controller is the data controller: the foundation.
	Controller Text `json:"controller"`
	// Address is where a member has their record corrected, and exercises
	// their rights in person.
	Address Text `json:"address"`
	// ContactEmail is the address that takes the same requests by mail;
	// empty when none is configured.
	ContactEmail string `json:"contact_email,omitempty"`
	// CNDPRef is the number of the foundation's declaration to the CNDP;
	// empty when none is configured.
	CNDPRef string `json:"cndp_ref,omitempty"`
	// RetentionDays is how long a closed file, and a member who left, is
	// kept before it is purged.
	RetentionDays int `json:"retention_days"`
}

// ExportProfile is the member's whole record, as the foundation holds it
// (GET /me/export): unlike Profile, nothing is masked.
type ExportProfile struct {
	Matricule string `json:"matricule"`
	CIN       string `json:"cin"`
	LastName  string `json:"last_name"`
	FirstName string `json:"first_name"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	ConfirmedProfile
	Preferences
}

// LoginRecord is one of the member's logins. ClientIP is kept a month, and
// is empty after.
type LoginRecord struct {
	At       time.Time `json:"at"`
	ClientIP string    `json:"client_ip,omitempty"`
}

// DataExport is the answer of GET /me/export: everything the foundation
// holds on the member (their right of access, law 09-08 article 7).
type DataExport struct {
	GeneratedAt time.Time     `json:"generated_at"`
	Profile     ExportProfile `json:"profile"`
	// Requests are every request, newest first, each with its timeline
	// (Events) and, when rejected, its reasons.
	Requests []Reimbursement `json:"requests"`
	// Logins are the member's logins of the last year, newest first.
	Logins  []LoginRecord `json:"logins"`
	Privacy Privacy       `json:"privacy"`
}

// ExportFormats are the formats of GET /me/export: JSON, or a readable
// HTML page in the language asked for.
const (
	ExportJSON = "json"
	ExportHTML = "html"
)
