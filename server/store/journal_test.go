package store_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

func TestJournalFiltersAndPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		// 9 July 23:30 and 10 July 00:30 in Casablanca, either side of midnight.
		events := []audit.Event{
			{Time: local(2026, time.July, 9, 23, 30), Action: "console.login", Outcome: audit.OK, Role: "agent", AccountID: f.agentID, ClientIP: "192.0.2.1"},
			{Time: local(2026, time.July, 10, 0, 30), Action: "console.login", Outcome: audit.Failed, Identifier: "ab12cd", ClientIP: "192.0.2.9"},
			{Time: local(2026, time.July, 10, 9, 0), Action: "agent.receive", Outcome: audit.OK, Role: "agent", AccountID: f.agentID, Target: "EST-2026-000001"},
			{Time: local(2026, time.July, 11, 9, 0), Action: "agent.approve", Outcome: audit.OK, Role: "agent", AccountID: f.agentID, Target: "EST-2026-000001", Detail: "123450"},
		}
		for _, e := range events {
			if err := db.AddJournal(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name    string
			filter  store.JournalFilter
			targets []string // actions of the entries, newest first
		}{
			{"everything", store.JournalFilter{}, []string{"agent.approve", "agent.receive", "console.login", "console.login"}},
			{"one agent", store.JournalFilter{AccountID: f.agentID}, []string{"agent.approve", "agent.receive", "console.login"}},
			{"one action", store.JournalFilter{Action: "console.login"}, []string{"console.login", "console.login"}},
			{"failures", store.JournalFilter{Outcome: audit.Failed}, []string{"console.login"}},
			{"one Casablanca day", store.JournalFilter{From: date("2026-07-10"), To: date("2026-07-10")}, []string{"agent.receive", "console.login"}},
			{"from a day on", store.JournalFilter{From: date("2026-07-11")}, []string{"agent.approve"}},
			{"up to a day", store.JournalFilter{To: date("2026-07-09")}, []string{"console.login"}},
			{"nothing matches", store.JournalFilter{Action: "agent.pay"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, more, err := db.Journal(ctx, tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				var actions []string
				for _, e := range got {
					actions = append(actions, e.Action)
				}
				if strings.Join(actions, ",") != strings.Join(tc.targets, ",") || more {
					t.Fatalf("actions = %v (more %v), want %v", actions, more, tc.targets)
				}
			})
		}
		t.Run("entries name their agent", func(t *testing.T) {
			got, _, _ := db.Journal(ctx, store.JournalFilter{Action: "agent.approve"})
			e := got[0]
			if e.AgentEmail != "agent.rabat@fos.ma" || e.AgentName != "Agent Rabat" || e.Target != "EST-2026-000001" ||
				e.Detail != "123450" || !e.Time.Equal(events[3].Time) {
				t.Fatalf("entry = %+v", e)
			}
			failed, _, _ := db.Journal(ctx, store.JournalFilter{Outcome: audit.Failed})
			if failed[0].AgentEmail != "" || failed[0].Identifier != "ab12cd" || failed[0].ClientIP != "192.0.2.9" {
				t.Fatalf("failed login entry = %+v", failed[0])
			}
		})
		t.Run("pages", func(t *testing.T) {
			first, more, _ := db.Journal(ctx, store.JournalFilter{Limit: 3})
			second, more2, _ := db.Journal(ctx, store.JournalFilter{Limit: 3, Offset: 3})
			if len(first) != 3 || !more || len(second) != 1 || more2 || second[0].ID >= first[2].ID {
				t.Fatalf("pages: %d (more %v), %d (more %v)", len(first), more, len(second), more2)
			}
		})
		t.Run("export walks every match", func(t *testing.T) {
			var n int
			err := db.JournalEach(ctx, store.JournalFilter{AccountID: f.agentID, Limit: 1}, func(store.JournalEntry) error { n++; return nil })
			if err != nil || n != 3 {
				t.Fatalf("each: %d entries, %v; want 3", n, err)
			}
		})
		actions, err := db.JournalActions(ctx)
		if err != nil || strings.Join(actions, ",") != "agent.approve,agent.receive,console.login" {
			t.Fatalf("actions = %v, %v", actions, err)
		}
	})
}

func TestJournalSink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		var logs bytes.Buffer
		sink := audit.Multi{
			audit.Log{Logger: slog.New(slog.NewJSONHandler(&logs, nil))},
			store.JournalSink{Store: db.Store},
		}
		long := strings.Repeat("é", 300)
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		sink.Record(ctx, audit.Event{Action: "auth.login", Outcome: audit.OK, Role: "member", AccountID: 7})
		sink.Record(ctx, audit.Event{Action: "console.login", Outcome: audit.Locked, Identifier: "ffee", ClientIP: "192.0.2.1"})
		sink.Record(cancelled, audit.Event{Action: "agent.note", Outcome: audit.OK, Role: "agent", AccountID: 1, Detail: long})
		got, _, err := db.Journal(ctx, store.JournalFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Action != "agent.note" || got[1].Action != "console.login" {
			t.Fatalf("journal = %+v; want the agent's note and the console lockout, not the member's login", got)
		}
		if got[1].Time.IsZero() || !got[1].Time.Equal(db.clock.Now()) {
			t.Errorf("entry time = %v, want the store's now %v", got[1].Time, db.clock.Now())
		}
		if d := got[0].Detail; len(d) > 200 || !strings.HasPrefix(long, d) || len(d) == 0 {
			t.Errorf("long detail stored as %d bytes, want a clean cut at most 200", len(d))
		}
		if n := strings.Count(logs.String(), `"msg":"audit"`); n != 3 {
			t.Errorf("log has %d audit records, want all 3:\n%s", n, logs.String())
		}
	})
}

func TestAgentEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    audit.Event
		want bool
	}{
		{"agent action", audit.Event{Action: "agent.receive", Role: "agent"}, true},
		{"supervisor action", audit.Event{Action: "payments.pay", Role: "supervisor"}, true},
		{"console login of an unknown e-mail", audit.Event{Action: "console.login"}, true},
		{"member login", audit.Event{Action: "auth.login", Role: "member"}, false},
		{"login of no known account", audit.Event{Action: "auth.login"}, false},
		{"refused login on an agent's e-mail", audit.Event{Action: "auth.login", Role: "agent", Outcome: audit.Limited}, false},
		{"refused console login", audit.Event{Action: "console.login", Outcome: audit.Limited}, false},
		{"an agent's account locked", audit.Event{Action: "auth.login", Role: "agent", Outcome: audit.Locked}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.AgentEvents(tc.e); got != tc.want {
				t.Fatalf("AgentEvents = %v, want %v", got, tc.want)
			}
		})
	}
}
