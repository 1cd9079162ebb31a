package api

import "time"

// Password policy for a new password, counted in Unicode characters.
const (
	PasswordMinLen = 12
	PasswordMaxLen = 128
)

// Recovery code policy.
const (
	RecoveryCodeDigits      = 6
	RecoveryCodeTTL         = 10 * time.Minute
	RecoveryCodeMaxAttempts = 5
)

// Role says who a token belongs to.
type Role string

// The roles.
const (
	RoleMember Role = "member"
	RoleAgent  Role = "agent"
)

// LoginRequest is the body of POST /auth/login. Identifier is a member's
// matricule (N° PPR) or e-mail, or an agent's e-mail.
type LoginRequest struct {
	Identifier string `json:"identifier"`
	Password   string `json:"password"`
}

// LoginResponse is the 200 answer of POST /auth/login (schema LoginResult
// in the spec). Exactly one of Member and Agent is set, according to Role.
type LoginResponse struct {
	AccessToken string         `json:"access_token"`
	TokenType   string         `json:"token_type"`
	ExpiresAt   time.Time      `json:"expires_at"`
	Role        Role           `json:"role"`
	Member      *MemberSummary `json:"member,omitempty"`
	Agent       *AgentSummary  `json:"agent,omitempty"`
}

// MemberSummary names a member.
type MemberSummary struct {
	Matricule string `json:"matricule"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// AgentSummary names an agent of the foundation.
type AgentSummary struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

// RecoverRequest is the body of POST /auth/recover, used for a first login
// and for a forgotten password alike.
type RecoverRequest struct {
	Identifier string `json:"identifier"`
	CIN        string `json:"cin"`
}

// RecoverResponse is the 202 answer of POST /auth/recover (schema
// RecoverResult in the spec). It is the same whether or not the account
// exists.
type RecoverResponse struct {
	Message string `json:"message"`
	// CodeTTLSeconds says how long a code, if one was sent, stays valid.
	CodeTTLSeconds int `json:"code_ttl_seconds"`
}

// RecoverConfirmRequest is the body of POST /auth/recover/confirm.
type RecoverConfirmRequest struct {
	Identifier  string `json:"identifier"`
	Code        string `json:"code"`
	NewPassword string `json:"new_password"`
}
