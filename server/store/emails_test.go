package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/store"
)

// TestAgentAndMemberNeverShareAnEmail: an agent may not take a member's
// e-mail address, nor a member an agent's, whatever its case; the refused
// change saves nothing.
func TestAgentAndMemberNeverShareAnEmail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		addMembers(t, db, newMember("1000001", "amina@finances.gov.ma", "Alaoui", "Amina"))
		if _, err := db.UpsertAgent(ctx, "nadia@fos.finances.gov.ma", "Nadia", "hash"); err != nil {
			t.Fatal(err)
		}
		t.Run("agent with a member's e-mail", func(t *testing.T) {
			_, err := db.UpsertAgent(ctx, " Amina@Finances.gov.ma ", "Amina", "hash")
			if !errors.Is(err, store.ErrEmailInUse) || !strings.Contains(err.Error(), "amina@finances.gov.ma is a member's") {
				t.Fatalf("err %v, want ErrEmailInUse naming the address", err)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM agents`); n != 1 {
				t.Fatalf("%d agents, want 1", n)
			}
		})
		t.Run("member with an agent's e-mail", func(t *testing.T) {
			_, _, err := db.UpsertMembers(ctx, []store.Member{
				newMember("1000002", "karim@finances.gov.ma", "Bennani", "Karim"),
				newMember("1000003", "NADIA@fos.finances.gov.ma", "Squalli", "Nadia"),
			})
			if !errors.Is(err, store.ErrEmailInUse) || !strings.Contains(err.Error(), "matricule 1000003") {
				t.Fatalf("err %v, want ErrEmailInUse naming the matricule", err)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM members`); n != 1 {
				t.Fatalf("%d members, want the batch refused whole", n)
			}
		})
		t.Run("older databases", func(t *testing.T) {
			if shared, err := db.SharedEmails(ctx); err != nil || len(shared) != 0 {
				t.Fatalf("shared %v, %v; want none", shared, err)
			}
			if _, err := db.DB().Exec(`INSERT INTO agents (email_lower, name, password_hash, created_at) VALUES ('amina@finances.gov.ma', 'Amina', 'h', 0)`); err != nil {
				t.Fatal(err)
			}
			if shared, err := db.SharedEmails(ctx); err != nil || len(shared) != 1 || shared[0] != "amina@finances.gov.ma" {
				t.Fatalf("shared %v, %v; want amina@finances.gov.ma", shared, err)
			}
			if _, err := db.DB().Exec(`DELETE FROM agents WHERE email_lower = 'amina@finances.gov.ma'`); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("an existing member moved to an agent's e-mail", func(t *testing.T) {
			_, _, err := db.UpsertMembers(ctx, []store.Member{newMember("1000001", "nadia@fos.finances.gov.ma", "Alaoui", "Amina")})
			if !errors.Is(err, store.ErrEmailInUse) {
				t.Fatalf("err %v, want ErrEmailInUse", err)
			}
		})
	})
}
