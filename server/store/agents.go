package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	err := s.queryRow(ctx, `SELECT id, email_lower, name, password_hash FROM agents
		WHERE disabled_at IS NULL AND `+where, arg).
		Scan(&a.ID, &a.Email, &a.Name, &a.PasswordHash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	return a, err
}

// ErrEmailInUse: an agent and a member may not share an e-mail address.
// They would share its login and its rate limits (an agent's lock would lock
// the member out, and the member's tries would count against the agent),
// and the member could never log in with it, since agents are looked up
// first.
var ErrEmailInUse = errors.New("e-mail address in use")

// lockEmails serialises, on PostgreSQL, the transactions that give an
// agent or a member an e-mail address, so that two of them cannot both
// check an address free and then both take it. SQLite's write transactions
// already run one at a time.
func (s *Store) lockEmails(ctx context.Context, tx *sql.Tx) error {
	if s.engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7265313)`)
	return err
}

// claimAgentEmail takes the e-mail lock and refuses an address that a
// member has (ErrEmailInUse), in every transaction that gives an agent an
// address (UpsertAgent, CreateAgent).
func (s *Store) claimAgentEmail(ctx context.Context, tx *sql.Tx, email string) error {
	if err := s.lockEmails(ctx, tx); err != nil {
		return err
	}
	var member bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM members WHERE email_lower = $1)`, email).Scan(&member); err != nil {
		return err
	}
	if member {
		return fmt.Errorf("%w: %s is a member's e-mail; an agent needs an address of their own", ErrEmailInUse, email)
	}
	return nil
}

// UpsertAgent creates an agent or, for an existing e-mail, replaces the
// name and password and revokes the agent's sessions. Errors:
// ErrEmailInUse (a member has that e-mail).
func (s *Store) UpsertAgent(ctx context.Context, email, name, hash string) (created bool, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := s.now().UnixMilli()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.claimAgentEmail(ctx, tx, email); err != nil {
			return err
		}
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
// password reset, CLI upsert), the cached ones included.
func (s *Store) revokeAgentSessions(ctx context.Context, tx *sql.Tx, id, now int64) error {
	s.forgetSessionsOf(api.RoleAgent, id)
	_, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE role = $2 AND subject_id = $3 AND revoked_at IS NULL`,
		now, string(api.RoleAgent), id)
	return err
}

// SharedEmails lists the e-mail addresses that an agent and a member both
// have, left by a database made before ErrEmailInUse: the member cannot log
// in with such an address, and their tries count against the agent.
func (s *Store) SharedEmails(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, `SELECT a.email_lower FROM agents a JOIN members m ON m.email_lower = a.email_lower ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	return scanColumn[string](rows)
}
