package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// fixture is a database with an open season and an agent, that hands out
// requests in any status, each of a member of its own.
type fixture struct {
	db      *testDB
	agentID int64
	n       int
}

func newFixture(t *testing.T, db *testDB) *fixture {
	t.Helper()
	openSeason(t, db)
	ctx := context.Background()
	if _, err := db.UpsertAgent(ctx, "Agent.Rabat@FOS.ma", "Agent Rabat", "agent-hash"); err != nil {
		t.Fatal(err)
	}
	a, err := db.AgentByEmail(ctx, "agent.rabat@fos.ma")
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, agentID: a.ID}
}

// request creates a summer request for a new member and returns its id and
// the member's id.
func (f *fixture) request(t *testing.T) (id, member int64) {
	t.Helper()
	f.n++
	m := newMember(fmt.Sprintf("6%06d", f.n), fmt.Sprintf("t%d@finances.gov.ma", f.n), "Tazi", "Omar")
	member = addMembers(t, f.db, m)[0]
	c, err := f.db.CreateReimbursement(context.Background(), member, "key", request(api.KindSummer, m))
	if err != nil {
		t.Fatal(err)
	}
	return c.Reimbursement.ID, member
}

// change is what each move records in these tests.
func (f *fixture) change(move store.Move, member int64) store.Change {
	switch move.To {
	case api.StatusApproved:
		return store.Change{AgentID: f.agentID, AmountCentimes: 123450}
	case api.StatusRejected:
		return store.Change{AgentID: f.agentID, Reason: "Factures illisibles"}
	case api.StatusCancelled:
		return store.Change{MemberID: member}
	case api.StatusExpired:
		return store.Change{}
	}
	return store.Change{AgentID: f.agentID}
}

var moves = []struct {
	name string
	move store.Move
}{
	{"receive", store.MoveReceive},
	{"approve", store.MoveApprove},
	{"reject", store.MoveReject},
	{"pay", store.MovePay},
	{"cancel", store.MoveCancel},
	{"expire", store.MoveExpire},
}

// paths reach each status from awaiting_documents.
var paths = map[api.Status][]store.Move{
	api.StatusAwaitingDocuments: nil,
	api.StatusDocumentsReceived: {store.MoveReceive},
	api.StatusApproved:          {store.MoveReceive, store.MoveApprove},
	api.StatusPaid:              {store.MoveReceive, store.MoveApprove, store.MovePay},
	api.StatusRejected:          {store.MoveReject},
	api.StatusCancelled:         {store.MoveCancel},
	api.StatusExpired:           {store.MoveExpire},
}

// allowed is the contract's table of moves, written out apart from the
// store's own.
var allowed = map[string]bool{
	"receive from awaiting_documents": true,
	"reject from awaiting_documents":  true,
	"cancel from awaiting_documents":  true,
	"expire from awaiting_documents":  true,
	"approve from documents_received": true,
	"reject from documents_received":  true,
	"pay from approved":               true,
}

// inStatus returns a request moved to status.
func (f *fixture) inStatus(t *testing.T, status api.Status) (id, member int64) {
	t.Helper()
	id, member = f.request(t)
	for _, mv := range paths[status] {
		if _, err := f.db.Transition(context.Background(), id, mv, f.change(mv, member)); err != nil {
			t.Fatalf("reaching %s by %s: %v", status, mv.To, err)
		}
	}
	return id, member
}

func TestTransitionTable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		for _, from := range api.Statuses {
			for _, mv := range moves {
				name := mv.name + " from " + string(from)
				t.Run(name, func(t *testing.T) {
					id, member := f.inStatus(t, from)
					before, _ := db.AdminReimbursement(ctx, id)
					db.clock.Add(time.Minute)
					got, err := db.Transition(ctx, id, mv.move, f.change(mv.move, member))
					after, rerr := db.AdminReimbursement(ctx, id)
					if rerr != nil {
						t.Fatal(rerr)
					}
					if !allowed[name] {
						e := wantCode(t, err, api.CodeInvalidTransition)
						if e.Status != from {
							t.Errorf("invalid_transition carries status %q, want %q", e.Status, from)
						}
						if after.Status != from || len(after.Events) != len(before.Events) || !after.UpdatedAt.Equal(before.UpdatedAt) {
							t.Errorf("a refused move changed the request: %+v", after)
						}
						return
					}
					if err != nil {
						t.Fatal(err)
					}
					if got.Status != mv.move.To || after.Status != mv.move.To {
						t.Errorf("status = %q (stored %q), want %q", got.Status, after.Status, mv.move.To)
					}
					if !after.UpdatedAt.Equal(db.clock.Now()) {
						t.Errorf("updated_at = %v, want now %v", after.UpdatedAt, db.clock.Now())
					}
					if len(after.Events) != len(before.Events)+1 {
						t.Fatalf("events = %d, want %d", len(after.Events), len(before.Events)+1)
					}
					last := after.Events[len(after.Events)-1]
					if last.Status != mv.move.To || last.Actor != mv.move.Actor || !last.At.Equal(db.clock.Now()) {
						t.Errorf("new event = %+v, want %s by %s now", last, mv.move.To, mv.move.Actor)
					}
					if wantAgent := mv.move.Actor == api.ActorAgent; (last.Agent == "agent.rabat@fos.ma") != wantAgent {
						t.Errorf("event agent = %q, want the agent's e-mail only on agent moves", last.Agent)
					}
				})
			}
		}
	})
}

func TestTransitionDetails(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)

		t.Run("member cancels another member's request", func(t *testing.T) {
			id, _ := f.request(t)
			_, thief := f.request(t)
			_, err := db.Transition(ctx, id, store.MoveCancel, store.Change{MemberID: thief})
			if !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("err %v, want ErrNotFound", err)
			}
			if r, _ := db.AdminReimbursement(ctx, id); r.Status != api.StatusAwaitingDocuments || len(r.Events) != 1 {
				t.Fatalf("the request became %s with %d events, want it untouched", r.Status, len(r.Events))
			}
		})

		t.Run("missing request", func(t *testing.T) {
			if _, err := db.Transition(ctx, 1_000_000, store.MoveReceive, store.Change{AgentID: f.agentID}); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("err %v, want ErrNotFound", err)
			}
		})

		t.Run("member cancel answers the member's view", func(t *testing.T) {
			id, member := f.request(t)
			r, err := db.Transition(ctx, id, store.MoveCancel, store.Change{MemberID: member, Note: "voyage annulé"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Member != nil || r.Status != api.StatusCancelled || r.Events[1].Note != "voyage annulé" || r.Events[1].Actor != api.ActorMember {
				t.Fatalf("cancelled = %+v, want the member's view with the note", r)
			}
		})

		t.Run("agent e-mail shown to agents, hidden from members", func(t *testing.T) {
			id, member := f.request(t)
			got, err := db.Transition(ctx, id, store.MoveReceive, store.Change{AgentID: f.agentID, Note: "reçu au guichet"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Member == nil || got.Member.Matricule == "" || got.Events[1].Agent != "agent.rabat@fos.ma" {
				t.Errorf("agent move answers %+v, want the back-office view with member and agent", got)
			}
			admin, _ := db.AdminReimbursement(ctx, id)
			if e := admin.Events[1]; e.Agent != "agent.rabat@fos.ma" || e.Actor != api.ActorAgent || e.Note != "reçu au guichet" {
				t.Errorf("admin event = %+v, want the agent's e-mail and the note", e)
			}
			mine, err := db.Reimbursement(ctx, member, id)
			if err != nil {
				t.Fatal(err)
			}
			if e := mine.Events[1]; e.Agent != "" || e.Actor != api.ActorAgent || e.Note != "reçu au guichet" {
				t.Errorf("member's event = %+v, want no agent e-mail", e)
			}
			if mine.Member != nil {
				t.Errorf("member's view names the member: %+v", mine.Member)
			}
		})

		t.Run("amount stored with approve", func(t *testing.T) {
			id, member := f.inStatus(t, api.StatusApproved)
			for _, r := range []func() (api.Reimbursement, error){
				func() (api.Reimbursement, error) { return db.AdminReimbursement(ctx, id) },
				func() (api.Reimbursement, error) { return db.Reimbursement(ctx, member, id) },
			} {
				got, err := r()
				if err != nil {
					t.Fatal(err)
				}
				if got.AmountCentimes == nil || *got.AmountCentimes != 123450 || got.Reason != "" {
					t.Errorf("approved = amount %v reason %q, want 123450 and no reason", got.AmountCentimes, got.Reason)
				}
			}
			paid, err := db.Transition(ctx, id, store.MovePay, store.Change{AgentID: f.agentID})
			if err != nil {
				t.Fatal(err)
			}
			if paid.AmountCentimes == nil || *paid.AmountCentimes != 123450 {
				t.Errorf("paying lost the amount: %v", paid.AmountCentimes)
			}
		})

		for _, tc := range []struct {
			name, note, wantNote string
		}{
			{"reason stored with reject, note defaults to it", "", "Factures illisibles"},
			{"reason stored with reject, note kept", "voir courrier", "voir courrier"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id, member := f.inStatus(t, api.StatusDocumentsReceived)
				ch := f.change(store.MoveReject, member)
				ch.Note = tc.note
				if _, err := db.Transition(ctx, id, store.MoveReject, ch); err != nil {
					t.Fatal(err)
				}
				got, err := db.Reimbursement(ctx, member, id)
				if err != nil {
					t.Fatal(err)
				}
				if got.Reason != "Factures illisibles" || got.AmountCentimes != nil {
					t.Errorf("rejected = reason %q amount %v, want the reason and no amount", got.Reason, got.AmountCentimes)
				}
				if last := got.Events[len(got.Events)-1]; last.Note != tc.wantNote {
					t.Errorf("reject note = %q, want %q", last.Note, tc.wantNote)
				}
			})
		}
	})
}
