package console_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/audit"
	"github.com/fos-mobile/fos/server/store"
)

// supervisorPages are every supervisor page and action.
var supervisorGets = []string{"/paiements", "/paiements/lots/1", "/paiements/lots/1/csv", "/campagnes", "/agents",
	"/journal", "/journal.csv"}
var supervisorPosts = []string{"/paiements/lots", "/paiements/lots/1/payer", "/paiements/lots/1/annuler", "/campagnes",
	"/agents", "/agents/1/desactiver", "/agents/1/activer", "/agents/1/mot-de-passe"}

func TestAgentsCannotOpenSupervisorPages(t *testing.T) {
	e := newJournalEnv(t)
	e.approved(e.acc.Member, 1000)
	ag := e.httpClient()
	if code := ag.login(e.acc.Agent.Email, e.acc.Agent.Password); code != 303 {
		t.Fatalf("agent login: %d", code)
	}
	tok := ag.csrf("/dossiers")
	for _, p := range supervisorGets {
		if code, body, _ := ag.get(p); code != 403 || !strings.Contains(body, "réservée aux superviseurs") {
			t.Errorf("agent GET %s: %d, want 403", p, code)
		}
	}
	for _, p := range supervisorPosts {
		if code, _ := ag.postTo(p, url.Values{"csrf": {tok}, "email": {"x@fos.ma"}, "name": {"X"}, "role": {"supervisor"}}); code != 403 {
			t.Errorf("agent POST %s: %d, want 403", p, code)
		}
	}
	if n, _, _ := e.st.PayableSummary(context.Background()); n != 1 {
		t.Error("an agent's POST made a payment batch")
	}
	if _, err := e.st.AgentByEmail(context.Background(), "x@fos.ma"); err == nil {
		t.Error("an agent's POST added an agent")
	}
	if _, body, _ := ag.get("/"); strings.Contains(body, `href="/paiements"`) || strings.Contains(body, `href="/journal"`) {
		t.Error("the agent's menu shows supervisor pages")
	}
	anon := e.httpClient()
	for _, p := range supervisorGets {
		if code, _, _ := anon.get(p); code != 303 {
			t.Errorf("anonymous GET %s: %d, want a redirect to login", p, code)
		}
	}
}

func TestCampaignsPage(t *testing.T) {
	e := newJournalEnv(t)
	sup := e.supervisor()
	tok := sup.csrf("/campagnes")
	season := e.st.Now().In(e.st.Location()).Year()
	valid := url.Values{"csrf": {tok}, "season": {strconv.Itoa(season + 1)}, "kind": {"summer"},
		"opens": {"2027-07-01"}, "closes": {"2027-10-15"}, "invoice_from": {"2027-07-01"}, "invoice_to": {"2027-09-15"},
		"deposit_days": {"20"}, "documents_fr": {"Factures originales\r\n\r\nCopie de la CIN\r\n"},
		"documents_ar": {"الفواتير الأصلية\r\nنسخة من البطاقة الوطنية"}, "location_fr": {"Siège, Rabat"},
		"location_ar": {"المقر، الرباط"}, "ceiling": {"15 000,00"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for key, vals := range valid {
			out[key] = vals
		}
		out.Set(k, v)
		return out
	}
	for _, tc := range []struct {
		name, field, value, message string
	}{
		{"closes before it opens", "closes", "2027-06-01", "fermeture manquent ou sont inversées"},
		{"not a date", "opens", "01/07/2027", "AAAA-MM-JJ"},
		{"invoices reversed", "invoice_to", "2027-06-30", "dates de factures"},
		{"deposit days", "deposit_days", "0", "entre 1 et 365"},
		{"season", "season", "1999", "entre 2000 et 2100"},
		{"documents not paired", "documents_ar", "الفواتير الأصلية", "autant de lignes"},
		{"no Arabic location", "location_ar", " ", "en français et en arabe"},
		{"bad ceiling", "ceiling", "beaucoup", "Montant invalide"},
		{"unknown kind", "kind", "winter", "Choisissez une fenêtre"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := sup.post("/campagnes", with(tc.field, tc.value))
			if code != 422 || !strings.Contains(html.UnescapeString(body), tc.message) || !strings.Contains(body, `class="field-error"`) {
				t.Fatalf("%d, want 422 with %q next to the field:\n%s", code, tc.message, body)
			}
			if cs, _ := e.st.RecentCampaigns(context.Background()); len(cs) != 2 {
				t.Fatalf("a refused form saved a window: %d windows", len(cs))
			}
		})
	}
	code, loc := sup.postTo("/campagnes", valid)
	if code != 303 || loc != "/campagnes?fait=campagne" {
		t.Fatalf("valid window: %d → %q", code, loc)
	}
	cs, err := e.st.CurrentCampaigns(context.Background())
	if err != nil || cs[0].Season != season+1 || cs[0].DepositDays != 20 || len(cs[0].Documents.FR) != 2 || cs[0].Location.AR != "المقر، الرباط" {
		t.Fatalf("stored window: %+v, %v", cs, err)
	}
	if c, _ := e.st.WindowCeiling(context.Background(), season+1, api.KindSummer); c == nil || *c != 1_500_000 {
		t.Fatalf("ceiling = %v, want 1,500,000 centimes", c)
	}
	// The edit form starts from the stored window, ceiling included.
	_, body, _ := sup.get("/campagnes?season=" + strconv.Itoa(season+1) + "&kind=summer")
	if !strings.Contains(body, `value="15000,00"`) || !strings.Contains(body, `value="2027-10-15"`) {
		t.Fatalf("the edit form does not show the stored window:\n%s", body)
	}
	if got, _, _ := e.st.Journal(context.Background(), store.JournalFilter{Action: "supervisor.campaign_set"}); len(got) != 1 ||
		got[0].Target != strconv.Itoa(season+1)+" summer" {
		t.Fatalf("journal: %+v", got)
	}
}

var shownPassword = regexp.MustCompile(`<output id="new-password">([^<]+)</output>`)

func TestAgentsPage(t *testing.T) {
	e := newJournalEnv(t)
	ctx := context.Background()
	sup := e.supervisor()
	tok := sup.csrf("/agents")

	code, body := sup.post("/agents", url.Values{"csrf": {tok}, "name": {"Nouvel Agent"}, "email": {"Nouvel.Agent@FOS.ma"}, "role": {"agent"}})
	m := shownPassword.FindStringSubmatch(body)
	if code != 201 || m == nil {
		t.Fatalf("add: %d, password shown: %v", code, m)
	}
	password := m[1]
	a, err := e.st.AgentByEmail(ctx, "nouvel.agent@fos.ma")
	if err != nil || a.PasswordHash == password || strings.Contains(a.PasswordHash, password) || !strings.HasPrefix(a.PasswordHash, "$argon2id$") {
		t.Fatalf("stored agent %+v, %v: want an argon2id hash, never the password", a, err)
	}
	if _, again, _ := sup.get("/agents"); strings.Contains(again, password) {
		t.Fatal("the password is shown again")
	}
	newcomer := e.httpClient()
	if code := newcomer.login("nouvel.agent@fos.ma", password); code != 303 {
		t.Fatalf("login with the shown password: %d", code)
	}

	for _, tc := range []struct{ name, email, agentName, role, message string }{
		{"an agent's e-mail", "NOUVEL.agent@fos.ma", "Autre", "agent", "déjà celle d'un agent"},
		{"a member's e-mail", e.acc.Member.Email, "Autre", "agent", "déjà celle d'un agent ou d'un adhérent"},
		{"markup in the e-mail", "<b>x</b>@fos.ma", "X", "agent", "Adresse e-mail invalide"},
		{"no name", "n@fos.ma", "", "agent", "Le nom est requis"},
		{"unknown role", "r@fos.ma", "R", "root", "Choisissez le rôle"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := e.st.AgentAccounts(ctx)
			code, body := sup.post("/agents", url.Values{"csrf": {tok}, "name": {tc.agentName}, "email": {tc.email}, "role": {tc.role}})
			if code != 422 || !strings.Contains(html.UnescapeString(body), tc.message) || shownPassword.MatchString(body) {
				t.Fatalf("%d, want 422 with %q and no password", code, tc.message)
			}
			if after, _ := e.st.AgentAccounts(ctx); len(after) != len(before) {
				t.Fatal("a refused form added an agent")
			}
		})
	}

	t.Run("disable ends the sessions and the logins", func(t *testing.T) {
		path := "/agents/" + strconv.FormatInt(a.ID, 10)
		if code, loc := sup.postTo(path+"/desactiver", url.Values{"csrf": {tok}}); code != 303 || loc != "/agents?fait=desactive" {
			t.Fatalf("disable: %d → %q", code, loc)
		}
		if code, _, _ := newcomer.get("/dossiers"); code != 303 {
			t.Fatalf("a disabled agent's session still opens pages: %d", code)
		}
		if code := e.httpClient().login("nouvel.agent@fos.ma", password); code == 303 {
			t.Fatal("a disabled agent logged in")
		}
		if code, _ := sup.postTo(path+"/activer", url.Values{"csrf": {tok}}); code != 303 {
			t.Fatalf("enable: %d", code)
		}
		if code := e.httpClient().login("nouvel.agent@fos.ma", password); code != 303 {
			t.Fatalf("a re-enabled agent cannot log in: %d", code)
		}
	})

	t.Run("reset shows a new password once and ends the sessions", func(t *testing.T) {
		other := e.httpClient()
		if code := other.login("nouvel.agent@fos.ma", password); code != 303 {
			t.Fatal(code)
		}
		code, body := sup.post("/agents/"+strconv.FormatInt(a.ID, 10)+"/mot-de-passe", url.Values{"csrf": {tok}})
		m := shownPassword.FindStringSubmatch(body)
		if code != 200 || m == nil || m[1] == password {
			t.Fatalf("reset: %d, shown %v", code, m)
		}
		if code, _, _ := other.get("/dossiers"); code != 303 {
			t.Fatal("the session survived the reset")
		}
		if code := e.httpClient().login("nouvel.agent@fos.ma", password); code == 303 {
			t.Fatal("the old password still works")
		}
		if code := e.httpClient().login("nouvel.agent@fos.ma", m[1]); code != 303 {
			t.Fatalf("the new password does not work: %d", code)
		}
	})

	t.Run("a supervisor cannot disable their own account", func(t *testing.T) {
		me, _ := e.st.AgentByEmail(ctx, e.acc.Supervisor.Email)
		code, body := sup.post("/agents/"+strconv.FormatInt(me.ID, 10)+"/desactiver", url.Values{"csrf": {tok}})
		if code != 409 || !strings.Contains(body, "propre compte") {
			t.Fatalf("self-disable: %d", code)
		}
		if _, err := e.st.AgentByEmail(ctx, e.acc.Supervisor.Email); err != nil {
			t.Fatal("the supervisor disabled themselves")
		}
	})

	t.Run("journaled without the password", func(t *testing.T) {
		var all []string
		e.st.JournalEach(ctx, store.JournalFilter{}, func(j store.JournalEntry) error {
			all = append(all, strings.Join([]string{j.Action, j.Outcome, j.Target, j.Detail, j.Identifier, j.ClientIP}, " "))
			return nil
		})
		text := strings.Join(all, "\n")
		for _, want := range []string{"supervisor.agent_add ok nouvel.agent@fos.ma", "supervisor.agent_disable ok",
			"supervisor.agent_enable ok", "supervisor.agent_password_reset ok", "supervisor.agent_disable failed"} {
			if !strings.Contains(text, want) {
				t.Errorf("journal lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, password) {
			t.Fatal("a password is in the journal")
		}
		if e.audit.count("supervisor.agent_add", audit.OK) != 1 {
			t.Error("the audit sink did not get the event")
		}
	})
}
