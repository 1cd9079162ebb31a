package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

var hidden = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// confirmForm reads the Confirmer page's form fields.
func (h *client) confirmForm(kind api.Kind) url.Values {
	h.e.t.Helper()
	code, body, _ := h.get("/estivage/demander/" + string(kind))
	if code != http.StatusOK {
		h.e.t.Fatalf("Confirmer: %d", code)
	}
	v := url.Values{}
	for _, m := range hidden.FindAllStringSubmatch(body, -1) {
		v.Set(m[1], m[2])
	}
	return v
}

// TestDoubleSubmit: the same Confirmer form posted twice (a double click,
// a reload that posts again) makes one file and leads both times to its
// deposit instructions; a second form for the same window is told the
// request exists, with a link to it.
func TestDoubleSubmit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	h.login(e.acc.Member)
	form := h.confirmForm(api.KindSummer)
	if form.Get("key") == "" || form.Get("csrf") == "" || form.Get("echelle") == "" {
		t.Fatalf("form: %v", form)
	}
	_, _, first := h.post("/estivage/demander/summer", form)
	code, _, again := h.post("/estivage/demander/summer", form)
	if code != http.StatusSeeOther || first != again || !strings.HasSuffix(first, "/depot") {
		t.Fatalf("twice: %q then %d %q", first, code, again)
	}
	if n := len(e.requests(e.acc.Member)); n != 1 {
		t.Fatalf("%d files for one form", n)
	}
	other := h.confirmForm(api.KindSummer)
	code, body, _ := h.post("/estivage/demander/summer", other)
	if code != http.StatusConflict || !strings.Contains(body, "déjà une demande") || !strings.Contains(body, `id="track"`) {
		t.Fatalf("a second form: %d\n%s", code, body)
	}
}

// TestStaleProfile: data changed since the page was shown are refused as
// the API refuses them (profile_changed), the new data shown to confirm;
// confirming those opens the file.
func TestStaleProfile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	h.login(e.acc.Member)
	form := h.confirmForm(api.KindSummer)
	ctx := context.Background()
	m, err := e.sd.Store.MemberByIdentifier(ctx, e.acc.Member.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	m.Echelon = 9
	if _, _, err := e.sd.Store.UpsertMembers(ctx, []storeMember{m}); err != nil {
		t.Fatal(err)
	}
	code, body, _ := h.post("/estivage/demander/summer", form)
	if code != http.StatusConflict || !strings.Contains(body, "Vos données personnelles ont changé") || !strings.Contains(body, `name="echelon" value="9"`) {
		t.Fatalf("stale data: %d\n%s", code, body)
	}
	if n := len(e.requests(e.acc.Member)); n != 0 {
		t.Fatalf("%d files from stale data", n)
	}
	fresh := url.Values{}
	for _, m := range hidden.FindAllStringSubmatch(body, -1) {
		fresh.Set(m[1], m[2])
	}
	if fresh.Get("key") == form.Get("key") {
		t.Fatal("the new data came with the old key")
	}
	if code, _, loc := h.post("/estivage/demander/summer", fresh); code != http.StatusSeeOther || !strings.HasSuffix(loc, "/depot") {
		t.Fatalf("confirming the new data: %d %s", code, loc)
	}
}

// TestFormErrors: a form with errors says so at the top, with a link to
// each field, and next to the field, tied to it by aria-describedby;
// nothing is sent on.
func TestFormErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	_, _, tok := h.get("/mot-de-passe/code")
	code, body, _ := h.post("/mot-de-passe/code", url.Values{"csrf": {tok}, "identifier": {e.acc.FirstLogin.Identifier},
		"code": {"12ab"}, "new_password": {"a long enough phrase"}, "again": {"another phrase entirely"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", code)
	}
	for _, want := range []string{`href="#code"`, `id="code-error"`, `aria-describedby="code-hint code-error"`, `aria-invalid="true"`,
		`href="#again"`, `id="again-error"`, `value="` + e.acc.FirstLogin.Identifier + `"`, "Il y a un problème"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(body, "a long enough phrase") {
		t.Error("the password is shown again")
	}
}

// TestRecovery: first login through "Récupérer mot de passe": the code
// mailed, the new password set, then a login with it.
func TestRecovery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := e.client()
	_, _, tok := h.get("/mot-de-passe")
	code, body, _ := h.post("/mot-de-passe", url.Values{"csrf": {tok}, "identifier": {e.acc.FirstLogin.Identifier}, "cin": {e.acc.FirstLogin.CIN}})
	if code != http.StatusOK || !strings.Contains(body, `id="sent"`) || !strings.Contains(body, `autocomplete="one-time-code"`) {
		t.Fatalf("recover: %d\n%s", code, body)
	}
	// A stranger's CIN gets the same answer.
	_, other, _ := h.post("/mot-de-passe", url.Values{"csrf": {tok}, "identifier": {e.acc.FirstLogin.Identifier}, "cin": {"ZZ999999"}})
	if !strings.Contains(other, `id="sent"`) {
		t.Fatal("a wrong CIN is answered differently")
	}
	mailed := e.srv.LastCode(t, e.acc.FirstLogin.Email)
	pw := "un soleil sur la corniche"
	code, _, loc := h.post("/mot-de-passe/code", url.Values{"csrf": {tok}, "identifier": {e.acc.FirstLogin.Identifier},
		"code": {mailed}, "new_password": {pw}, "again": {pw}})
	if code != http.StatusSeeOther || loc != "/connexion?fait=reset" {
		t.Fatalf("confirm: %d %s", code, loc)
	}
	c := e.acc.FirstLogin
	c.Password = pw
	if code := h.login(c); code != http.StatusSeeOther {
		t.Fatalf("login with the new password: %d", code)
	}
}
