package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestAgentAccounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		sup, err := db.CreateAgent(ctx, " Chef@FOS.ma ", "Chef Rabat", store.RoleSupervisor, "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		agent, err := db.CreateAgent(ctx, "guichet@fos.ma", "Guichet 1", store.RoleAgent, "hash-2")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name, email, agentName, role, field string
		}{
			{"e-mail already an agent's", "CHEF@fos.ma", "Autre", store.RoleAgent, "email"},
			{"unknown role", "x@fos.ma", "X", "admin", "role"},
			{"no name", "y@fos.ma", "  ", store.RoleAgent, "name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, `SELECT COUNT(*) FROM agents`)
				_, err := db.CreateAgent(ctx, tc.email, tc.agentName, tc.role, "h")
				if e := wantCode(t, err, api.CodeInvalidRequest); e.Field != tc.field {
					t.Fatalf("field = %q, want %q", e.Field, tc.field)
				}
				if got := count(t, db, `SELECT COUNT(*) FROM agents`); got != before {
					t.Fatal("a refused agent was stored")
				}
			})
		}
		t.Run("a member's e-mail", func(t *testing.T) {
			addMembers(t, db, newMember("1000001", "Amina@Finances.gov.ma", "Alaoui", "Amina"))
			_, err := db.CreateAgent(ctx, "amina@finances.gov.ma", "Amina", store.RoleAgent, "h")
			if !errors.Is(err, store.ErrEmailInUse) {
				t.Fatalf("err %v, want ErrEmailInUse", err)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM agents`); n != 2 {
				t.Fatalf("%d agents, want 2", n)
			}
		})
		list, err := db.AgentAccounts(ctx)
		if err != nil || len(list) != 2 || list[0].Email != "chef@fos.ma" || list[0].Role != store.RoleSupervisor ||
			list[1].Name != "Guichet 1" || list[1].Disabled() {
			t.Fatalf("accounts = %+v, %v", list, err)
		}

		token := []byte("agent-session-hash")
		if err := db.CreateSession(ctx, token, api.RoleAgent, agent, db.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		db.clock.Add(time.Minute)
		if err := db.SetAgentDisabled(ctx, agent, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AgentByEmail(ctx, "guichet@fos.ma"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a disabled agent is still found for login: %v", err)
		}
		if _, err := db.SessionByHash(ctx, token); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a disabled agent's session lives on: %v", err)
		}
		a, err := db.AgentAccount(ctx, agent)
		if err != nil || !a.Disabled() || !a.DisabledAt.Equal(db.clock.Now()) {
			t.Fatalf("disabled account = %+v, %v", a, err)
		}
		if list, _ := db.AgentAccounts(ctx); list[len(list)-1].ID != agent {
			t.Errorf("disabled accounts should come last: %+v", list)
		}
		if err := db.SetAgentDisabled(ctx, agent, false); err != nil {
			t.Fatal(err)
		}
		if got, err := db.AgentByEmail(ctx, "guichet@fos.ma"); err != nil || got.ID != agent {
			t.Fatalf("re-enabled agent: %+v, %v", got, err)
		}

		if err := db.CreateSession(ctx, []byte("second"), api.RoleAgent, sup, db.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAgentPassword(ctx, sup, "new-hash"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.AgentByEmail(ctx, "chef@fos.ma"); got.PasswordHash != "new-hash" {
			t.Fatalf("hash after reset = %q", got.PasswordHash)
		}
		if _, err := db.SessionByHash(ctx, []byte("second")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a reset left the session alive: %v", err)
		}
		for name, err := range map[string]error{
			"disable":  db.SetAgentDisabled(ctx, 999, true),
			"password": db.SetAgentPassword(ctx, 999, "h"),
		} {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s of an unknown agent: %v", name, err)
			}
		}
	})
}
