package store

import (
	"context"

	"github.com/fos-mobile/fos/api"
)

// MemberExport gathers what the foundation holds on a member for their
// "Mes données" (GET /me/export): the whole record, every request with its
// timeline as the member's own API shows it (agents' notes stay in the
// back office, as everywhere the member reads), and their kept logins. The
// caller adds GeneratedAt and Privacy. It returns ErrNotFound.
func (s *Store) MemberExport(ctx context.Context, memberID int64) (api.DataExport, error) {
	m, err := s.MemberByID(ctx, memberID)
	if err != nil {
		return api.DataExport{}, err
	}
	out := api.DataExport{
		Profile: api.ExportProfile{Matricule: m.Matricule, CIN: m.CIN, LastName: m.LastName, FirstName: m.FirstName,
			Email: m.Email, Phone: m.Phone, ConfirmedProfile: m.ConfirmedProfile, Preferences: m.Profile().Preferences},
		Requests: []api.Reimbursement{},
		Logins:   []api.LoginRecord{},
	}
	list, err := s.Reimbursements(ctx, memberID)
	if err != nil {
		return api.DataExport{}, err
	}
	for _, r := range list {
		full, err := s.Reimbursement(ctx, memberID, r.ID)
		if err != nil {
			return api.DataExport{}, err
		}
		out.Requests = append(out.Requests, full)
	}
	logins, err := s.MemberLogins(ctx, memberID)
	if err != nil {
		return api.DataExport{}, err
	}
	for _, l := range logins {
		out.Logins = append(out.Logins, api.LoginRecord{At: l.At, ClientIP: l.ClientIP})
	}
	return out, nil
}
