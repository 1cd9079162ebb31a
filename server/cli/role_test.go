package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/store"
)

// TestAgentsAddRole: --role sets the console's role; without it a new
// agent is an agent and an existing one keeps theirs.
func TestAgentsAddRole(t *testing.T) {
	url := db(t)
	role := func(email string) string {
		t.Helper()
		s := open(t, url)
		a, err := s.AgentByEmail(context.Background(), email)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.ConsoleAgentByID(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c.Role
	}
	steps := []struct {
		name  string
		args  []string
		code  int
		msg   string
		email string
		want  string
	}{
		{"new supervisor", []string{"--role", "supervisor", "chef@fos.finances.gov.ma"}, 0, "", "chef@fos.finances.gov.ma", store.RoleSupervisor},
		{"password reset keeps the role", []string{"chef@fos.finances.gov.ma"}, 0, "", "chef@fos.finances.gov.ma", store.RoleSupervisor},
		{"new agent by default", []string{"omar@fos.finances.gov.ma"}, 0, "", "omar@fos.finances.gov.ma", store.RoleAgent},
		{"demoted", []string{"--role", "agent", "chef@fos.finances.gov.ma"}, 0, "", "chef@fos.finances.gov.ma", store.RoleAgent},
		{"unknown role", []string{"--role", "admin", "x@fos.finances.gov.ma"}, 1, "want agent or supervisor", "", ""},
	}
	for _, tc := range steps {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "Mot de passe agent 1\n", append([]string{"agents", "add", "--db", url}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if tc.email != "" {
				if got := role(tc.email); got != tc.want {
					t.Fatalf("role %q, want %q", got, tc.want)
				}
			}
		})
	}
}
