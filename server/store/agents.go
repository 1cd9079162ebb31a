package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/fos-mobile/fos/api"
)

// Agent is a member of the foundation's staff who works the back office.
type Agent struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
}

// Summary names the agent.
func (a Agent) Summary() *api.AgentSummary { return &api.AgentSummary{Email: a.Email, Name: a.Name} }

// AgentByEmail returns an enabled agent or ErrNotFound.
func (s *Store) AgentByEmail(ctx context.Context, email string) (Agent, error) {
	return s.agentWhere(ctx, `email_lower = $1`, strings.ToLower(strings.TrimSpace(email)))
}

// AgentByID returns an enabled agent or ErrNotFound.
func (s *Store) AgentByID(ctx context.Context, id int64) (Agent, error) {
	return s.agentWhere(ctx, `id = $1`, id)
}

// agentWhere finds an enabled agent: a disabled one is ErrNotFound, so it
// cannot log in.
func (s *Store) agentWhere(ctx context.Context, where string, arg any) (Agent, error) {
	var a Agent
	err := s.db.QueryRowContext(ctx, `SELECT id, email_lower, name, password_hash FROM agents
		WHERE disabled_at IS NULL AND `+where, arg).
		Scan(&a.ID, &a.Email, &a.Name, &a.PasswordHash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// UpsertAgent creates an agent or, for an existing e-mail, replaces the
// name and password and revokes the agent's sessions.
func (s *Store) UpsertAgent(ctx context.Context, email, name, hash string) (created bool, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now().UnixMilli()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM agents WHERE email_lower = $1`, email).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			created = true
			_, err = tx.ExecContext(ctx, `INSERT INTO agents (email_lower, name, password_hash, created_at) VALUES ($1, $2, $3, $4)`,
				email, name, hash, now)
			return err
		case err != nil:
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agents SET name = $1, password_hash = $2 WHERE id = $3`, name, hash, id); err != nil {
			return err
		}
		return s.revokeAgentSessions(ctx, tx, id, now)
	})
	return created, err
}

// revokeAgentSessions ends every live session of agent id (disable,
// password reset, CLI upsert).
func (s *Store) revokeAgentSessions(ctx context.Context, tx *sql.Tx, id, now int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE role = $2 AND subject_id = $3 AND revoked_at IS NULL`,
		now, string(api.RoleAgent), id)
	return err
}
