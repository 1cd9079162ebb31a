package console_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

func TestJournalPage(t *testing.T) {
	e := newJournalEnv(t)
	ctx := context.Background()
	wrong := "Pas-le-bon-mot-de-passe-42"
	intruder := "intrus.inconnu@exemple.ma"
	if code := e.httpClient().login(e.acc.Supervisor.Email, wrong); code == 303 {
		t.Fatal("a wrong password logged in")
	}
	if code := e.httpClient().login(intruder, wrong); code == 303 {
		t.Fatal("an unknown e-mail logged in")
	}
	ag := e.httpClient()
	if code := ag.login(e.acc.Agent.Email, e.acc.Agent.Password); code != 303 {
		t.Fatal(code)
	}
	sup := e.supervisor()
	tok := sup.csrf("/journal")

	code, body, _ := sup.get("/journal")
	if code != 200 {
		t.Fatalf("journal: %d", code)
	}
	for _, want := range []string{"Connexion", "Refusé", "Réussi", e.acc.Agent.Email, e.acc.Supervisor.Email, "127.0.0.1"} {
		if !strings.Contains(body, want) {
			t.Errorf("the journal page lacks %q", want)
		}
	}
	agent, _ := e.st.AgentByEmail(ctx, e.acc.Agent.Email)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  int // entries listed
	}{
		{"failures", url.Values{"outcome": {audit.Failed}}, 2},
		{"one agent", url.Values{"agent": {strconv.FormatInt(agent.ID, 10)}}, 1},
		{"logins today", url.Values{"action": {"console.login"}, "from": {e.st.Now().In(e.st.Location()).Format("2006-01-02")}}, 4},
		{"another day", url.Values{"to": {"2020-01-01"}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, body, _ := sup.get("/journal?" + tc.query.Encode())
			if got := strings.Count(body, "<tr>") - 1; got != tc.want && !(tc.want == 0 && strings.Contains(body, `id="journal-empty"`)) {
				t.Fatalf("%d entries listed, want %d:\n%s", got, tc.want, body)
			}
		})
	}
	for _, bad := range []url.Values{{"from": {"hier"}}, {"outcome": {"maybe"}}, {"agent": {"x"}},
		{"from": {"2026-07-10"}, "to": {"2026-07-01"}}} {
		if code, body, _ := sup.get("/journal?" + bad.Encode()); code != 422 || !strings.Contains(body, `class="field-error"`) {
			t.Errorf("filter %v: %d, want 422 with the error next to the field", bad, code)
		}
	}

	resp, csvBody := sup.raw("/journal.csv?outcome=failed")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Disposition") != `attachment; filename="journal.csv"` {
		t.Fatalf("export: %d %v", resp.StatusCode, resp.Header)
	}
	rows := readCSV(t, csvBody)
	if len(rows) != 3 || rows[0][0] != "Date" || rows[1][4] != "console.login" || rows[1][5] != audit.Failed || rows[1][9] == "" {
		t.Fatalf("export rows = %q", rows)
	}

	t.Run("no secret anywhere", func(t *testing.T) {
		var stored []string
		e.st.JournalEach(ctx, store.JournalFilter{}, func(j store.JournalEntry) error {
			stored = append(stored, strings.Join([]string{j.Action, j.Outcome, j.Role, j.Identifier, j.ClientIP, j.Target, j.Detail}, "|"))
			return nil
		})
		_, page, _ := sup.get("/journal")
		_, all := sup.raw("/journal.csv")
		secrets := []string{wrong, e.acc.Supervisor.Password, e.acc.Agent.Password, tok, intruder}
		u, _ := url.Parse(e.console)
		for _, h := range []*httpAgent{sup, ag} {
			for _, c := range h.HTTP.Jar.Cookies(u) {
				if len(c.Value) > 8 {
					secrets = append(secrets, c.Value)
				}
			}
		}
		if len(secrets) < 7 {
			t.Fatalf("only %d secrets to look for: the session cookies are missing", len(secrets))
		}
		for where, text := range map[string]string{"table": strings.Join(stored, "\n"), "page": page, "export": string(all)} {
			for _, s := range secrets {
				if where == "page" && s == tok {
					continue // the page's own forms carry the session's CSRF token
				}
				if strings.Contains(text, s) {
					t.Errorf("the journal's %s holds a secret (%.6s…)", where, s)
				}
			}
		}
	})
}
