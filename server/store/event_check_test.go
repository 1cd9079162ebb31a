package store_test

import (
	"context"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// TestPrecheckEvent: a pre-check's event carries the answer itself
// (api.Event.Check, the agent's text as its note) on the back office's
// timeline, for each surface to word in its reader's language; events
// stored with the first, English-like note ("document 2: redo
// (unreadable): …") read back the same way, and a note that is neither
// is given as stored.
func TestPrecheckEvent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		req, agent, _, members := consoleFixture(t, db)
		me := memberOf(t, db, members[0])
		if _, _, err := db.AddPage(ctx, me, req, "key-doc1", "h1", newPage(1, "rib")); err != nil {
			t.Fatal(err)
		}
		r, _ := db.AdminReimbursement(ctx, req)
		text := "Photo floue : (coin coupé) <b>"
		if _, _, err := db.Precheck(ctx, req, store.Check{Version: r.Version, AgentID: agent, Document: 1,
			Result: api.CheckRedo, Code: api.RedoUnreadable, Reason: text}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.AddPage(ctx, me, req, "key-doc1-b", "h1b", newPage(1, "rib, net")); err != nil {
			t.Fatal(err)
		}
		r, _ = db.AdminReimbursement(ctx, req)
		if _, _, err := db.Precheck(ctx, req, store.Check{Version: r.Version, AgentID: agent, Document: 1, Result: api.CheckComplete}); err != nil {
			t.Fatal(err)
		}
		// Three rows as the first version wrote them, and one unreadable.
		for _, note := range []string{"document 1: redo (other): Il manque la page 2.\nMerci.", "document 2: complete",
			"document 3: redo (not_in_name)", "document 1: peut-être"} {
			if _, err := db.DB().Exec(`INSERT INTO events (reimbursement_id, status, at, note, actor, agent_id, kind)
				VALUES ($1, 'awaiting_documents', 1, $2, 'agent', $3, 'precheck')`, req, note, agent); err != nil {
				t.Fatal(err)
			}
		}
		r, err := db.AdminReimbursement(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var got []api.Event
		for _, e := range r.Events {
			if e.Kind == api.EventPrecheck {
				got = append(got, e)
			}
		}
		want := []struct {
			check *api.DocumentCheck
			note  string
		}{
			{&api.DocumentCheck{Document: 1, Result: api.CheckRedo, ReasonCode: api.RedoUnreadable, Reason: text}, text},
			{&api.DocumentCheck{Document: 1, Result: api.CheckComplete}, ""},
			{&api.DocumentCheck{Document: 0, Result: api.CheckRedo, ReasonCode: api.RedoOther, Reason: "Il manque la page 2.\nMerci."}, "Il manque la page 2.\nMerci."},
			{&api.DocumentCheck{Document: 1, Result: api.CheckComplete}, ""},
			{&api.DocumentCheck{Document: 2, Result: api.CheckRedo, ReasonCode: api.RedoNotInName}, ""},
			{nil, "document 1: peut-être"},
		}
		if len(got) != len(want) {
			t.Fatalf("%d precheck events, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			e := got[i]
			if e.Note != w.note {
				t.Errorf("event %d: note %q, want %q", i, e.Note, w.note)
			}
			if (e.Check == nil) != (w.check == nil) {
				t.Fatalf("event %d: check %+v, want %+v", i, e.Check, w.check)
			}
			if w.check == nil {
				continue
			}
			c := *e.Check
			if !c.At.Equal(e.At) {
				t.Errorf("event %d: check at %v, event at %v", i, c.At, e.At)
			}
			c.At = w.check.At
			if c != *w.check {
				t.Errorf("event %d: check %+v, want %+v", i, c, *w.check)
			}
		}
		mine, _ := db.Reimbursement(ctx, me, req)
		for _, e := range mine.Events {
			if e.Kind == api.EventPrecheck || e.Check != nil {
				t.Fatalf("the member's timeline shows a pre-check event: %+v", e)
			}
		}
	})
}
