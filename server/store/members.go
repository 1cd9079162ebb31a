package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
)

// Member is a member's record as the foundation's files hold it.
type Member struct {
	ID        int64
	Matricule string
	CIN       string
	LastName  string
	FirstName string
	Email     string
	Phone     string
	api.ConfirmedProfile
	// PasswordHash is empty until the member has set a password through
	// recovery or set-password.
	PasswordHash string
	// Lang is the language of the member's mails, the app's last choice
	// ("fr" until the app says otherwise).
	Lang string
	// EmailNotices is whether the member wants a mail at each step of
	// their files (on by default).
	EmailNotices bool
}

// ErrNotFound is returned by lookups that found nothing.
var ErrNotFound = errors.New("not found")

const memberColumns = `id, matricule, cin, last_name, first_name, email, phone, birth_date, echelle, echelon,
	recruitment_date, children_count, COALESCE(password_hash, ''), lang, email_notices`

func scanMember(row interface{ Scan(...any) error }) (Member, error) {
	var m Member
	var birth, recruit string
	var notices int
	err := row.Scan(&m.ID, &m.Matricule, &m.CIN, &m.LastName, &m.FirstName, &m.Email, &m.Phone,
		&birth, &m.Echelle, &m.Echelon, &recruit, &m.ChildrenCount, &m.PasswordHash, &m.Lang, &notices)
	m.EmailNotices = notices != 0
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, err
	}
	if m.BirthDate, err = api.ParseDate(birth); err != nil {
		return m, fmt.Errorf("member %d birth_date: %w", m.ID, err)
	}
	if m.RecruitmentDate, err = api.ParseDate(recruit); err != nil {
		return m, fmt.Errorf("member %d recruitment_date: %w", m.ID, err)
	}
	return m, nil
}

// CanonicalMatricule is the form a matricule is stored and looked up in:
// trimmed and upper-case, so that "ab12" and "AB12" are one member.
func CanonicalMatricule(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// MemberByIdentifier finds a member by matricule or, when identifier holds
// an @, by e-mail, both case-insensitive. A member who left (LeaveMember)
// is not found: they can neither log in nor recover. It returns ErrNotFound.
func (s *Store) MemberByIdentifier(ctx context.Context, identifier string) (Member, error) {
	id := CanonicalMatricule(identifier)
	q := `SELECT ` + memberColumns + ` FROM members WHERE matricule = $1 AND left_at IS NULL`
	if strings.Contains(id, "@") {
		q = `SELECT ` + memberColumns + ` FROM members WHERE email_lower = $1 AND left_at IS NULL`
		id = strings.ToLower(id)
	}
	return scanMember(s.queryRow(ctx, q, id))
}

// MemberByID returns a member or ErrNotFound.
func (s *Store) MemberByID(ctx context.Context, id int64) (Member, error) {
	return scanMember(s.queryRow(ctx, `SELECT `+memberColumns+` FROM members WHERE id = $1`, id))
}

// UpsertMembers inserts or updates members by matricule, all in one
// transaction: either every row lands or none does. It keeps existing
// password hashes; a member who had left and is imported again is back. Errors name the matricule: ErrEmailInUse (an agent has
// that e-mail), or another member has it.
func (s *Store) UpsertMembers(ctx context.Context, ms []Member) (inserted, updated int, err error) {
	now := s.now().UnixMilli()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockEmails(ctx, tx); err != nil {
			return err
		}
		agents, err := agentEmails(ctx, tx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			m.Matricule = CanonicalMatricule(m.Matricule)
			if agents[strings.ToLower(m.Email)] {
				return fmt.Errorf("matricule %s: %w: %s is an agent's e-mail", m.Matricule, ErrEmailInUse, m.Email)
			}
			var existed bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM members WHERE matricule = $1)`, m.Matricule).Scan(&existed); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO members (matricule, cin, last_name, first_name, email, email_lower, phone,
				birth_date, echelle, echelon, recruitment_date, children_count, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
				ON CONFLICT (matricule) DO UPDATE SET cin = excluded.cin, last_name = excluded.last_name,
					first_name = excluded.first_name, email = excluded.email, email_lower = excluded.email_lower,
					phone = excluded.phone, birth_date = excluded.birth_date, echelle = excluded.echelle,
					echelon = excluded.echelon, recruitment_date = excluded.recruitment_date,
					children_count = excluded.children_count, updated_at = excluded.updated_at, left_at = NULL`,
				m.Matricule, m.CIN, m.LastName, m.FirstName, m.Email, strings.ToLower(m.Email), m.Phone,
				m.BirthDate.String(), m.Echelle, m.Echelon, m.RecruitmentDate.String(), m.ChildrenCount, now)
			if err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("matricule %s: e-mail %s belongs to another member", m.Matricule, m.Email)
				}
				return fmt.Errorf("matricule %s: %w", m.Matricule, err)
			}
			if existed {
				updated++
			} else {
				inserted++
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return inserted, updated, nil
}

// agentEmails is the set of the agents' e-mail addresses (a few dozen).
func agentEmails(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT email_lower FROM agents`)
	if err != nil {
		return nil, err
	}
	emails, err := scanColumn[string](rows)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, len(emails))
	for _, e := range emails {
		set[e] = true
	}
	return set, nil
}

// SetMemberPassword stores a new password hash and revokes every session of
// the member, so a reset logs out a thief too, and queues notices (the
// "password changed" mail) in the same transaction. It returns ErrNotFound.
func (s *Store) SetMemberPassword(ctx context.Context, memberID int64, hash string, notices ...Mail) error {
	now := s.now()
	return s.tx(ctx, func(tx *sql.Tx) error {
		return s.setMemberPassword(ctx, tx, now, memberID, hash, notices)
	})
}

// setMemberPassword is what a password change means, however it was made
// (SetMemberPassword, UseRecoveryCode): the new hash, every session of the
// member ended, the cached ones included, and notices queued, all in tx.
// The cached sessions are forgotten before the revoking write, so that a
// read racing it cannot cache them again (sessioncache.go). It returns
// ErrNotFound.
func (s *Store) setMemberPassword(ctx context.Context, tx *sql.Tx, now time.Time, memberID int64, hash string, notices []Mail) error {
	s.forgetSessionsOf(api.RoleMember, memberID)
	res, err := tx.ExecContext(ctx, `UPDATE members SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, ms(now), memberID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE role = $2 AND subject_id = $3 AND revoked_at IS NULL`,
		ms(now), string(api.RoleMember), memberID); err != nil {
		return err
	}
	for _, m := range notices {
		if err := enqueueMail(ctx, tx, now, m); err != nil {
			return err
		}
	}
	return nil
}

// MaskEmail shows enough of an address for its owner to recognise it:
// "a***@finances.gov.ma".
func MaskEmail(email string) string {
	at := strings.LastIndex(email, "@")
	if at <= 0 {
		return "***"
	}
	r := []rune(email[:at])
	return string(r[0]) + "***" + email[at:]
}

// Profile is the member's record as GET /me shows it.
func (m Member) Profile() api.Profile {
	return api.Profile{
		Matricule:        m.Matricule,
		FirstName:        m.FirstName,
		LastName:         m.LastName,
		EmailMasked:      MaskEmail(m.Email),
		ConfirmedProfile: m.ConfirmedProfile,
		Preferences:      api.Preferences{Lang: m.Lang, EmailNotices: m.EmailNotices, EmailOnFile: m.Email != ""},
	}
}

// Summary names the member.
func (m Member) Summary() *api.MemberSummary {
	return &api.MemberSummary{Matricule: m.Matricule, FirstName: m.FirstName, LastName: m.LastName}
}
