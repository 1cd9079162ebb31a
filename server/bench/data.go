package bench

import (
	"fmt"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// The seeded data are a pure function of the member or request number, so
// the load generator can rebuild a member's identifier and profile without
// asking the database.

// Password is the benchmark members' password. Public by design: it only
// ever protects a throwaway database.
const Password = "Bench-Estivage-2026!"

var (
	lastNames  = []string{"El Amrani", "Benali", "Tazi", "العلوي", "Berrada", "بنعلي", "Alaoui", "Chraibi", "الإدريسي", "Fassi"}
	firstNames = []string{"Salma", "Youssef", "Karim", "فاطمة", "Nadia", "محمد", "Omar", "Khadija", "سعيد", "Imane"}
)

// matricule is member i's N° PPR (i from 1): digits only, as the
// server lowercases identifiers before looking a matricule up.
func matricule(i int) string { return fmt.Sprintf("8%07d", i) }

// memberProfile is member i's record, which a create must confirm.
func memberProfile(i int) api.ConfirmedProfile {
	born := api.Date{Year: 1960, Month: time.January, Day: 1}.AddDays(i % 14000)
	recruited := api.Date{Year: 1985, Month: time.September, Day: 1}.AddDays(i % 12000)
	return api.ConfirmedProfile{BirthDate: born, Echelle: 5 + i%7, Echelon: 1 + i%10,
		RecruitmentDate: recruited, ChildrenCount: i % 5}
}

// memberRow is member i's members row, in memberCols order.
func memberRow(i int, passwordHash any, now int64) []any {
	p := memberProfile(i)
	email := fmt.Sprintf("bench.%07d@finances.gov.ma", i)
	return []any{i, matricule(i), fmt.Sprintf("BE%06d", i), lastNames[i%len(lastNames)], firstNames[(i/10)%len(firstNames)],
		email, email, fmt.Sprintf("06%08d", i), p.BirthDate.String(), p.Echelle, p.Echelon, p.RecruitmentDate.String(),
		p.ChildrenCount, passwordHash, now, now}
}

var memberCols = []string{"id", "matricule", "cin", "last_name", "first_name", "email", "email_lower", "phone",
	"birth_date", "echelle", "echelon", "recruitment_date", "children_count", "password_hash", "created_at", "updated_at"}

var requestCols = []string{"id", "reference", "member_id", "kind", "season", "status", "created_at", "updated_at",
	"deposit_deadline", "documents_fr", "documents_ar", "location_fr", "location_ar", "amount_centimes", "reason"}

var eventCols = []string{"reimbursement_id", "status", "at", "note", "actor", "agent_id"}

// plan places the seeded requests. The first listMembers members, who log
// in and list, get perListed requests each (two closed ones of past seasons
// and one awaiting its documents this season); every other request is a
// closed one of a past season, spread over the other members one each
// before any gets a second. Closed requests cannot be expired by the
// server's job and leave the current season free for the create phase.
type plan struct {
	members, listMembers int
	season               int // the current season
	today                api.Date
	now                  time.Time
	agentID              int64
	docsFR, docsAR       string
	locFR, locAR         string
}

const perListed = 3

// request is request j's (j from 1) reimbursements row and its events.
func (p plan) request(j int) (row []any, events [][]any) {
	var member, season, nth int
	var kind api.Kind
	var status api.Status
	listed := p.listMembers * perListed
	if j <= listed {
		member, nth = (j-1)/perListed+1, (j-1)%perListed
		season, kind = p.season-perListed+1+nth, api.KindSummer
		status = []api.Status{api.StatusPaid, api.StatusRejected, api.StatusAwaitingDocuments}[nth]
		if nth == 1 {
			kind = api.KindOffSeason
		}
	} else {
		others := max(1, p.members-p.listMembers)
		q := j - listed - 1
		member, nth = p.listMembers+1+q%others, q/others
		season, kind = p.season-1-nth/2, api.KindSummer
		if nth%2 == 1 {
			kind = api.KindOffSeason
		}
		status = []api.Status{api.StatusPaid, api.StatusRejected, api.StatusExpired, api.StatusCancelled}[q%4]
	}
	created := time.Date(season, time.July, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(j%86400) * time.Minute)
	if season == p.season {
		created = p.now.Add(-time.Duration(j%600) * time.Second)
	}
	deadline := api.DateOf(created).AddDays(15)
	closed := created.Add(20 * 24 * time.Hour)
	var amount, reason any
	var last []any
	switch status {
	case api.StatusPaid:
		amount = int64(150000 + 100*(j%5000))
		last = []any{j, string(status), closed.UnixMilli(), "", string(api.ActorAgent), p.agentID}
	case api.StatusRejected:
		reason = "Facture hors période de remboursement"
		last = []any{j, string(status), closed.UnixMilli(), reason, string(api.ActorAgent), p.agentID}
	case api.StatusExpired:
		last = []any{j, string(status), closed.UnixMilli(), "", string(api.ActorSystem), nil}
	case api.StatusCancelled:
		last = []any{j, string(status), created.Add(time.Hour).UnixMilli(), "cancelled by the member", string(api.ActorMember), nil}
	}
	updated := created
	if last != nil {
		updated = time.UnixMilli(last[2].(int64))
	}
	row = []any{j, store.Reference(season, int64(j)), member, string(kind), season, string(status),
		created.UnixMilli(), updated.UnixMilli(), deadline.String(), p.docsFR, p.docsAR, p.locFR, p.locAR, amount, reason}
	events = [][]any{{j, string(api.StatusAwaitingDocuments), created.UnixMilli(), "", string(api.ActorMember), nil}}
	if last != nil {
		events = append(events, last)
	}
	return row, events
}
