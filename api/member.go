package api

// Profile is the member's record, GET /me.
type Profile struct {
	Matricule   string `json:"matricule"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	EmailMasked string `json:"email_masked"`
	ConfirmedProfile
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
