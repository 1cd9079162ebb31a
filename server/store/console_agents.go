package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// The agents' roles. A supervisor also manages campaigns, agent accounts
// and payment exports in the console.
const (
	RoleAgent      = "agent"
	RoleSupervisor = "supervisor"
)

// ValidAgentRole reports whether role is one of the agents' roles.
func ValidAgentRole(role string) bool { return role == RoleAgent || role == RoleSupervisor }

// ConsoleAgent is an agent as the console shows and checks them.
type ConsoleAgent struct {
	ID    int64
	Email string
	Name  string
	Role  string
}

// Supervisor reports whether the agent has the supervisor's role.
func (a ConsoleAgent) Supervisor() bool { return a.Role == RoleSupervisor }

// ConsoleAgentByID returns an agent with their role, or ErrNotFound.
func (s *Store) ConsoleAgentByID(ctx context.Context, id int64) (ConsoleAgent, error) {
	var a ConsoleAgent
	err := s.queryRow(ctx, `SELECT id, email_lower, name, role FROM agents WHERE id = $1`, id).
		Scan(&a.ID, &a.Email, &a.Name, &a.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// SetAgentRole gives the agent with email a role. Errors: ErrNotFound,
// invalid_request for an unknown role.
func (s *Store) SetAgentRole(ctx context.Context, email, role string) error {
	if !ValidAgentRole(role) {
		return invalidField("role", "role %q is not agent or supervisor", role)
	}
	res, err := s.exec(ctx, `UPDATE agents SET role = $1 WHERE email_lower = $2`, role, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
