package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// AgentAccount is an agent as the console's Agents page manages them.
type AgentAccount struct {
	ID         int64
	Email      string
	Name       string
	Role       string
	CreatedAt  time.Time
	DisabledAt time.Time // zero while the account is enabled
}

// Disabled reports whether the account is disabled.
func (a AgentAccount) Disabled() bool { return !a.DisabledAt.IsZero() }

// AgentAccounts lists every agent, enabled ones first, by e-mail.
func (s *Store) AgentAccounts(ctx context.Context) ([]AgentAccount, error) {
	rows, err := s.query(ctx, `SELECT id, email_lower, name, role, created_at, COALESCE(disabled_at, 0)
		FROM agents ORDER BY disabled_at IS NOT NULL, email_lower`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgentAccount
	for rows.Next() {
		var a AgentAccount
		var created, disabled int64
		if err := rows.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &created, &disabled); err != nil {
			return nil, err
		}
		a.CreatedAt = fromMS(created)
		if disabled != 0 {
			a.DisabledAt = fromMS(disabled)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AgentAccount returns one agent, enabled or not, or ErrNotFound.
func (s *Store) AgentAccount(ctx context.Context, id int64) (AgentAccount, error) {
	var a AgentAccount
	var created, disabled int64
	err := s.queryRow(ctx, `SELECT id, email_lower, name, role, created_at, COALESCE(disabled_at, 0)
		FROM agents WHERE id = $1`, id).Scan(&a.ID, &a.Email, &a.Name, &a.Role, &created, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	a.CreatedAt = fromMS(created)
	if disabled != 0 {
		a.DisabledAt = fromMS(disabled)
	}
	return a, err
}

// CreateAgent adds an agent with a role and a password hash and returns
// its id. Errors: invalid_request naming the field (email already an
// agent's, role unknown, empty name), ErrEmailInUse (a member's e-mail).
func (s *Store) CreateAgent(ctx context.Context, email, name, role, hash string) (int64, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return 0, invalidField("name", "the name is required")
	case !ValidAgentRole(role):
		return 0, invalidField("role", "role %q is not agent or supervisor", role)
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.claimAgentEmail(ctx, tx, email); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO agents (email_lower, name, password_hash, created_at, role)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, email, name, hash, ms(s.now()), role).Scan(&id)
		if isUniqueViolation(err) {
			return errAgentExists
		}
		return err
	})
	return id, err
}

var errAgentExists = func() error {
	e := api.Errorf(api.CodeInvalidRequest, "this e-mail is already an agent's")
	e.Field = "email"
	return e
}()

// SetAgentDisabled disables (and ends every session of) or enables agent
// id. Errors: ErrNotFound.
func (s *Store) SetAgentDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		var at any
		if disabled {
			at = now
		}
		res, err := tx.ExecContext(ctx, `UPDATE agents SET disabled_at = $1 WHERE id = $2`, at, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if !disabled {
			return nil
		}
		return s.revokeAgentSessions(ctx, tx, id, now)
	})
}

// SetAgentPassword replaces agent id's password hash and ends its sessions.
// Errors: ErrNotFound.
func (s *Store) SetAgentPassword(ctx context.Context, id int64, hash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE agents SET password_hash = $1 WHERE id = $2`, hash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.revokeAgentSessions(ctx, tx, id, ms(s.now()))
	})
}
