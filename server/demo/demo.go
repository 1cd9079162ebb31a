// Package demo seeds a database with a few members, an agent, a supervisor and a season
// whose two windows are open today, for `fos-server demo`, for the app's
// tests and for testers. Its passwords are public: never use it on a
// database that holds real members.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/store"
)

// Credentials are a demo account's.
type Credentials struct {
	Identifier string // matricule, or e-mail for the agent
	Password   string
	CIN        string
	Email      string
	Name       string
}

// Accounts are the seeded accounts.
type Accounts struct {
	Member      Credentials // has a password
	OtherMember Credentials // has a password
	FirstLogin  Credentials // has none yet: takes "Récupérer mot de passe"
	Agent       Credentials
	Supervisor  Credentials // an agent with the supervisor's role in the console
}

// members are the demo members; names in French and Arabic, as the
// foundation's files hold both.
var members = []store.Member{
	{Matricule: "1234567", CIN: "AB123456", LastName: "El Amrani", FirstName: "Salma", Email: "salma.elamrani@finances.gov.ma",
		Phone: "0612345678", ConfirmedProfile: profile("1985-03-14", 11, 5, "2010-09-01", 2)},
	{Matricule: "7654321", CIN: "CD654321", LastName: "بنعلي", FirstName: "يوسف", Email: "youssef.benali@finances.gov.ma",
		Phone: "0698765432", ConfirmedProfile: profile("1979-11-02", 10, 8, "2004-01-15", 3)},
	{Matricule: "1112223", CIN: "EF111222", LastName: "Tazi", FirstName: "Karim", Email: "karim.tazi@finances.gov.ma",
		Phone: "0611122233", ConfirmedProfile: profile("1990-06-30", 9, 3, "2016-05-02", 0)},
}

func profile(birth string, echelle, echelon int, recruited string, children int) api.ConfirmedProfile {
	b, _ := api.ParseDate(birth)
	r, _ := api.ParseDate(recruited)
	return api.ConfirmedProfile{BirthDate: b, Echelle: echelle, Echelon: echelon, RecruitmentDate: r, ChildrenCount: children}
}

// The demo passwords. Public by design.
const (
	memberPassword = "Estivage-2026!"
	agentPassword  = "Agent-FOS-2026!"
	superPassword  = "Superviseur-FOS-2026!"
)

// Seed fills s and returns the accounts. The season is the current year,
// with both windows open from yesterday for thirty days.
func Seed(ctx context.Context, s *store.Store, h *auth.Hasher) (Accounts, error) {
	if _, _, err := s.UpsertMembers(ctx, members); err != nil {
		return Accounts{}, err
	}
	var acc Accounts
	for i, c := range []*Credentials{&acc.Member, &acc.OtherMember, &acc.FirstLogin} {
		m := members[i]
		*c = Credentials{Identifier: m.Matricule, CIN: m.CIN, Email: m.Email, Name: m.FirstName + " " + m.LastName}
		if c == &acc.FirstLogin {
			continue
		}
		c.Password = memberPassword
		hash, err := h.Hash(memberPassword)
		if err != nil {
			return Accounts{}, err
		}
		got, err := s.MemberByIdentifier(ctx, m.Matricule)
		if err != nil {
			return Accounts{}, err
		}
		if err := s.SetMemberPassword(ctx, got.ID, hash); err != nil {
			return Accounts{}, err
		}
	}
	acc.Agent = Credentials{Identifier: "agent@fos.finances.gov.ma", Password: agentPassword, Email: "agent@fos.finances.gov.ma", Name: "Agent FOS"}
	acc.Supervisor = Credentials{Identifier: "superviseur@fos.finances.gov.ma", Password: superPassword,
		Email: "superviseur@fos.finances.gov.ma", Name: "Superviseure FOS"}
	for _, a := range []struct {
		c    Credentials
		role string
	}{{acc.Agent, store.RoleAgent}, {acc.Supervisor, store.RoleSupervisor}} {
		hash, err := h.Hash(a.c.Password)
		if err != nil {
			return Accounts{}, err
		}
		if _, err := s.UpsertAgent(ctx, a.c.Email, a.c.Name, hash); err != nil {
			return Accounts{}, err
		}
		if err := s.SetAgentRole(ctx, a.c.Email, a.role); err != nil {
			return Accounts{}, err
		}
	}
	today := api.DateOf(s.Now().In(s.Location()))
	for _, c := range Campaigns(today.Year) {
		c.OpensOn, c.ClosesOn = today.AddDays(-1), today.AddDays(30)
		if err := s.SetCampaign(ctx, c); err != nil {
			return Accounts{}, fmt.Errorf("demo campaign: %w", err)
		}
	}
	return acc, nil
}

// Campaigns are a season's two windows with the foundation's invoice
// periods, documents and location; opening days are left for the caller.
func Campaigns(season int) []store.Campaign {
	d := func(m time.Month, day int) api.Date { return api.Date{Year: season, Month: m, Day: day} }
	return []store.Campaign{
		{Season: season, Kind: api.KindSummer, InvoiceFrom: d(time.July, 1), InvoiceTo: d(time.September, 15),
			DepositDays: 15, Documents: DefaultDocuments, Location: DefaultLocation},
		{Season: season, Kind: api.KindOffSeason, InvoiceFrom: d(time.September, 16), InvoiceTo: d(time.November, 30),
			DepositDays: 15, Documents: DefaultDocuments, Location: DefaultLocation},
	}
}

// DefaultDocuments are the originals a member deposits.
var DefaultDocuments = api.TextList{
	FR: []string{
		"Original de la facture d'hébergement au nom de l'adhérent(e), datée de la période du remboursement",
		"Original du justificatif de paiement (reçu, relevé ou ordre de virement)",
		"Copie de la carte nationale d'identité électronique (CNIE) de l'adhérent(e)",
		"Relevé d'identité bancaire (RIB) de l'adhérent(e)",
	},
	AR: []string{
		"أصل فاتورة الإقامة باسم المنخرط(ة)، مؤرخة في فترة التعويض",
		"أصل الوثيقة التي تثبت الأداء (وصل أو كشف أو أمر بالتحويل)",
		"نسخة من البطاقة الوطنية للتعريف الإلكترونية للمنخرط(ة)",
		"شهادة التعريف البنكي (RIB) للمنخرط(ة)",
	},
}

// DefaultLocation is where originals are deposited.
var DefaultLocation = api.Text{
	FR: "Siège de la Fondation des Œuvres Sociales du Ministère de l'Économie et des Finances, Rabat",
	AR: "مقر مؤسسة الأعمال الاجتماعية لموظفي وزارة الاقتصاد والمالية، الرباط",
}
