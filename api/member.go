package api

// Profile is the member's record, GET /me.
type Profile struct {
	Matricule   string `json:"matricule"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	EmailMasked string `json:"email_masked"`
	ConfirmedProfile
	Preferences
}

// Preferences are the member's choices the server keeps, GET /me and
// PATCH /me.
type Preferences struct {
	// Lang is the language of the member's mails: the app's last choice,
	// "fr" until then (one of Langs).
	Lang string `json:"lang"`
	// EmailNotices is whether a mail tells the member of each step of
	// their files and of a deposit deadline near (on by default). The
	// one-time codes and the "password changed" mail are always sent.
	EmailNotices bool `json:"email_notices"`
	// EmailOnFile is whether the foundation has an e-mail address for the
	// member at all: without one, nothing is mailed.
	EmailOnFile bool `json:"email_on_file"`
}

// PreferencesRequest is the body of PATCH /me: the fields to change, the
// others are kept. Errors: invalid_request (field lang).
type PreferencesRequest struct {
	Lang         *string `json:"lang,omitempty"`
	EmailNotices *bool   `json:"email_notices,omitempty"`
}

// Langs are the languages a member's mails can be written in.
var Langs = []string{"fr", "ar", "en"}

// ValidLang reports whether l is one of Langs.
func ValidLang(l string) bool {
	for _, v := range Langs {
		if v == l {
			return true
		}
	}
	return false
}

// ConfirmedProfile is the personal data a member confirms before asking for
// a reimbursement. The server rejects a request whose confirmed data no
// longer match its record (profile_changed).
type ConfirmedProfile struct {
	BirthDate       Date `json:"birth_date"`
	Echelle         int  `json:"echelle"`
	Echelon         int  `json:"echelon"`
	RecruitmentDate Date `json:"recruitment_date"`
	ChildrenCount   int  `json:"children_count"`
}

// Service is one entry of the Espace de gestion.
type Service struct {
	Code      string `json:"code"`
	Available bool   `json:"available"`
	// Summary is one sentence for the member: what the service offers this
	// season, or why it is not available.
	Summary *Text `json:"summary,omitempty"`
}

// Service codes. Only estivage is built today.
const (
	ServiceDashboard = "tableau_de_bord"
	ServicePret      = "pret"
	ServiceEstivage  = "estivage"
)

// ServiceList is the answer of GET /services.
type ServiceList struct {
	Services []Service `json:"services"`
}
