package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// consoleFixture opens the season, adds two members, an agent and a
// supervisor, and opens one summer request for the first member.
func consoleFixture(t *testing.T, db *testDB) (reqID, agent, super int64, members []store.Member) {
	t.Helper()
	ctx := context.Background()
	openSeason(t, db)
	members = []store.Member{newMember("1000001", "a@x.ma", "El Amrani", "Salma"), newMember("1000002", "b@x.ma", "بنعلي", "يوسف")}
	ids := addMembers(t, db, members...)
	for _, e := range []string{"agent@fos.ma", "chef@fos.ma"} {
		if _, err := db.UpsertAgent(ctx, e, e, "hash"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetAgentRole(ctx, "chef@fos.ma", store.RoleSupervisor); err != nil {
		t.Fatal(err)
	}
	a, _ := db.AgentByEmail(ctx, "agent@fos.ma")
	s, _ := db.AgentByEmail(ctx, "chef@fos.ma")
	c, err := db.CreateReimbursement(ctx, ids[0], "key-00000001", request(api.KindSummer, members[0]))
	if err != nil {
		t.Fatal(err)
	}
	return c.Reimbursement.ID, a.ID, s.ID, members
}

func TestAgentRoles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		_, agent, super, _ := consoleFixture(t, db)
		for id, want := range map[int64]string{agent: store.RoleAgent, super: store.RoleSupervisor} {
			a, err := db.ConsoleAgentByID(ctx, id)
			if err != nil || a.Role != want {
				t.Fatalf("agent %d: %+v %v", id, a, err)
			}
		}
		if err := db.SetAgentRole(ctx, "agent@fos.ma", "admin"); err == nil {
			t.Fatal("an unknown role was accepted")
		}
		if err := db.SetAgentRole(ctx, "nobody@fos.ma", store.RoleAgent); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown agent: %v", err)
		}
	})
}

func TestActVersionsAndReplays(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id, agent, super, _ := consoleFixture(t, db)
		// A stale version is refused and writes nothing.
		if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActReceive, Version: 7, AgentID: agent}); !errors.Is(err, store.ErrStale) {
			t.Fatalf("stale: %v", err)
		}
		r, replayed, err := db.Act(ctx, id, store.Action{Kind: store.ActMissing, Version: 0, AgentID: agent, Missing: []int{1}})
		if err != nil || replayed || r.Version != 1 || r.MissingDocuments == nil || r.MissingDocuments.FR[0] != "Copie de la CIN" {
			t.Fatalf("missing: %+v %v %v", r.MissingDocuments, replayed, err)
		}
		// The same submission again: replayed, nothing written.
		if r, replayed, err = db.Act(ctx, id, store.Action{Kind: store.ActMissing, Version: 0, AgentID: agent, Missing: []int{1}}); err != nil || !replayed || r.Version != 1 {
			t.Fatalf("replay: v%d %v %v", r.Version, replayed, err)
		}
		// The same agent sending other values on the old version: stale.
		if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActMissing, Version: 0, AgentID: agent, Missing: []int{0}}); !errors.Is(err, store.ErrStale) {
			t.Fatalf("other values: %v", err)
		}
		// Another agent on the old version: stale, not a replay.
		if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActMissing, Version: 0, AgentID: super, Missing: []int{1}}); !errors.Is(err, store.ErrStale) {
			t.Fatalf("other agent: %v", err)
		}
		for _, bad := range [][]int{nil, {2}, {-1}, {0, 0}} {
			if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActMissing, Version: 1, AgentID: agent, Missing: bad}); err == nil {
				t.Fatalf("missing %v accepted", bad)
			}
		}
		r, _, err = db.Act(ctx, id, store.Action{Kind: store.ActReceive, Version: 1, AgentID: agent})
		if err != nil || r.Status != api.StatusDocumentsReceived || r.MissingDocuments != nil {
			t.Fatalf("receive: %s %+v %v", r.Status, r.MissingDocuments, err)
		}
		if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActPay, Version: 2, AgentID: agent}); !errors.Is(err, &api.Error{Code: api.CodeInvalidTransition}) {
			t.Fatalf("pay before approval: %v", err)
		}
		if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActApprove, Version: 2, AgentID: agent}); err == nil {
			t.Fatal("approved without an amount")
		}
		r, _, err = db.Act(ctx, id, store.Action{Kind: store.ActNote, Version: 2, AgentID: agent, Note: "vu"})
		if err != nil || r.Version != 3 || r.Events[len(r.Events)-1].Kind != api.EventNote {
			t.Fatalf("note: %+v %v", r.Events, err)
		}
		r, _, err = db.Act(ctx, id, store.Action{Kind: store.ActReject, Version: 3, AgentID: agent, Reason: api.ReasonDuplicate, Note: "déjà payé"})
		if err != nil || r.Status != api.StatusRejected || r.ReasonCode != api.ReasonDuplicate || r.Reason != "déjà payé" {
			t.Fatalf("reject: %+v %v", r, err)
		}
		// The member's view hides the note and shows the rest.
		var memberID int64
		db.DB().QueryRow(`SELECT member_id FROM reimbursements WHERE id = $1`, id).Scan(&memberID)
		mv, err := db.Reimbursement(ctx, memberID, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range mv.Events {
			if e.Kind == api.EventNote || e.Agent != "" {
				t.Fatalf("member sees %+v", e)
			}
		}
		if len(mv.Events) != 4 || mv.Version != 4 || mv.ReasonCode != api.ReasonDuplicate {
			t.Fatalf("member view: %d events, v%d, %q", len(mv.Events), mv.Version, mv.ReasonCode)
		}
	})
}

// TestActConcurrent: two agents act at once on the same version; exactly
// one wins.
func TestActConcurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id, agent, super, _ := consoleFixture(t, db)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, a := range []int64{agent, super} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = db.Act(ctx, id, store.Action{Kind: store.ActReceive, Version: 0, AgentID: a})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrStale):
				t.Fatalf("unexpected: %v", err)
			}
		}
		if ok != 1 || count(t, db, `SELECT COUNT(*) FROM events WHERE reimbursement_id = $1`, id) != 2 {
			t.Fatalf("%d winners: %v", ok, errs)
		}
	})
}

func TestTransitionBumpsVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id, _, _, _ := consoleFixture(t, db)
		var memberID int64
		db.DB().QueryRow(`SELECT member_id FROM reimbursements WHERE id = $1`, id).Scan(&memberID)
		r, err := db.Transition(ctx, id, store.MoveCancel, store.Change{MemberID: memberID})
		if err != nil || r.Version != 1 {
			t.Fatalf("cancel: v%d %v", r.Version, err)
		}
	})
}

func TestFileProfilesSnapshot(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id, _, _, ms := consoleFixture(t, db)
		ms[0].Echelon, ms[0].LastName = 9, "El Amrani Idrissi"
		if _, _, err := db.UpsertMembers(ctx, ms[:1]); err != nil {
			t.Fatal(err)
		}
		then, now, err := db.FileProfiles(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if then.Echelon != 5 || then.LastName != "El Amrani" || now.Echelon != 9 || now.LastName != "El Amrani Idrissi" || now.CIN != "AB1000001" {
			t.Fatalf("then %+v, now %+v", then, now)
		}
		if _, _, err := db.FileProfiles(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing file: %v", err)
		}
	})
}

func TestQueueAndDashboard(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id, agent, _, ms := consoleFixture(t, db)
		m2, _ := db.MemberByIdentifier(ctx, ms[1].Matricule)
		c, err := db.CreateReimbursement(ctx, m2.ID, "key-00000002", request(api.KindOffSeason, ms[1]))
		if err != nil {
			t.Fatal(err)
		}
		ref := c.Reimbursement.Reference
		for _, tc := range []struct {
			name string
			f    store.QueueFilter
			want int
		}{
			{"season", store.QueueFilter{Season: 2026}, 2},
			{"other season", store.QueueFilter{Season: 2025}, 0},
			{"window", store.QueueFilter{Season: 2026, Kind: api.KindSummer}, 1},
			{"status", store.QueueFilter{Status: api.StatusDocumentsReceived}, 0},
			{"reference in lower case", store.QueueFilter{Query: " " + ref[:4] + "x"}, 0},
			{"reference", store.QueueFilter{Query: "est" + ref[3:]}, 1},
			{"matricule", store.QueueFilter{Query: "1000001"}, 1},
			{"cin", store.QueueFilter{Query: "ab1000002"}, 1},
			{"arabic name", store.QueueFilter{Query: "بنعلي"}, 1},
			{"latin name, any case", store.QueueFilter{Query: "salma el"}, 1},
			{"name, both orders", store.QueueFilter{Query: "el amrani sal"}, 1},
			{"a percent sign is literal", store.QueueFilter{Query: "%"}, 0},
			{"an underscore is literal", store.QueueFilter{Query: "S_lma"}, 0},
			{"search with every filter", store.QueueFilter{Season: 2026, Kind: api.KindOffSeason, Status: api.StatusAwaitingDocuments, Query: "يوسف"}, 1},
			{"identifier with every filter", store.QueueFilter{Season: 2026, Kind: api.KindSummer, Status: api.StatusAwaitingDocuments, Query: "1000001"}, 1},
			{"reference with a filter that excludes it", store.QueueFilter{Season: 2026, Kind: api.KindSummer, Query: ref}, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.f.Limit = 10
				rows, total, err := db.Queue(ctx, tc.f)
				if err != nil || total != tc.want || len(rows) != tc.want {
					t.Fatalf("%d rows, total %d, %v", len(rows), total, err)
				}
			})
		}
		// Sorted by deadline: the 15-day summer request comes first.
		rows, _, _ := db.Queue(ctx, store.QueueFilter{Season: 2026, Limit: 10})
		if rows[0].ID != id || rows[1].CIN != "AB1000002" || rows[1].Member.LastName != "بنعلي" {
			t.Fatalf("order: %+v", rows)
		}
		if got, err := db.IDByReference(ctx, " "+ref+" "); err != nil || got != c.Reimbursement.ID {
			t.Fatalf("by reference: %d %v", got, err)
		}
		if _, _, err := db.Act(ctx, id, store.Action{Kind: store.ActReceive, Version: 0, AgentID: agent}); err != nil {
			t.Fatal(err)
		}
		today, err := db.Dashboard(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(today.Recent) != 1 || today.Recent[0].Agent != "agent@fos.ma" || today.Recent[0].ID != id ||
			today.Recent[0].Status != api.StatusDocumentsReceived || today.TodayByAgents != 1 || today.Today[api.StatusAwaitingDocuments] != 2 {
			t.Fatalf("today: %+v", today)
		}
		db.clock.Add(20 * 24 * time.Hour) // the off-season request's deadline (30 days) is not passed yet
		db.clock.Add(15 * 24 * time.Hour)
		d, err := db.Dashboard(ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if d.Counts[api.KindSummer][api.StatusDocumentsReceived] != 1 || d.Counts[api.KindOffSeason][api.StatusAwaitingDocuments] != 1 {
			t.Fatalf("counts %+v", d.Counts)
		}
		if d.Overdue != 1 || len(d.OverdueList) != 1 || d.OverdueList[0].Reference != ref {
			t.Fatalf("overdue %d %+v", d.Overdue, d.OverdueList)
		}
		if d.TodayByAgents != 0 || len(d.Recent) != 0 {
			t.Fatalf("today, 35 days later: %d", d.TodayByAgents)
		}
	})
}

func TestWindowCeiling(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		openSeason(t, db)
		if c, err := db.WindowCeiling(ctx, 2026, api.KindSummer); err != nil || c != nil {
			t.Fatalf("no ceiling: %v %v", c, err)
		}
		v := int64(300000)
		if err := db.SetWindowCeiling(ctx, 2026, api.KindSummer, &v); err != nil {
			t.Fatal(err)
		}
		if c, err := db.WindowCeiling(ctx, 2026, api.KindSummer); err != nil || c == nil || *c != v {
			t.Fatalf("ceiling: %v %v", c, err)
		}
		if err := db.SetWindowCeiling(ctx, 2030, api.KindSummer, &v); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing window: %v", err)
		}
		// A failed read is an error, not "no ceiling" (an approve would
		// then pass unchecked).
		db.Close()
		if c, err := db.WindowCeiling(ctx, 2026, api.KindSummer); err == nil {
			t.Fatalf("closed database: ceiling %v, no error", c)
		}
	})
}
