package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/portal"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit"
	"github.com/fos-mobile/fos/server/testserver"
	"github.com/fos-mobile/fos/server/webtest"
)

func TestMain(m *testing.M) { webtest.Main(m) }

// env is the real public listener as fos-server serve wires it: the API
// and the portal on one server (portal.Public), one store, one auth
// service, a fake clock.
type env struct {
	t   testing.TB
	srv *testserver.Server
	sd  *testserver.Seeded
	clk *testkit.FakeClock
	url string
	acc demo.Accounts
}

func newEnv(t testing.TB) *env {
	t.Helper()
	clk := testkit.NewFakeClock(time.Now())
	sd := testserver.Seed(t, "", store.Options{Now: clk.Now, SessionCacheTTL: -1})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := testserver.Serve(t, sd, func(hs *httpapi.Server, h http.Handler) http.Handler {
		hs.Privacy = api.Privacy{CNDPRef: "D-GC-258/2026", ContactEmail: "dpo@fos.example"}
		p := &portal.Portal{Store: sd.Store, Auth: sd.Auth, View: hs.MemberView, Export: hs.Export, AddPage: hs.AddPage, Privacy: hs.PrivacyInfo, Log: log}
		return portal.Public(h, hs.Instrument(p.Handler()))
	})
	return &env{t: t, srv: srv, sd: sd, clk: clk, url: srv.URL, acc: sd.Acc}
}

// memberToken logs c in through the API.
func (e *env) memberToken(c demo.Credentials) string {
	e.t.Helper()
	var r api.LoginResponse
	e.srv.Do(e.t, "", "POST", "/auth/login", api.LoginRequest{Identifier: c.Identifier, Password: c.Password}, 200, &r)
	return r.AccessToken
}

// tab is a browser tab on the portal.
type tab struct {
	*webtest.Tab
	e *env
}

func (e *env) tab(t testing.TB) *tab { return &tab{Tab: webtest.NewTab(t), e: e} }

// login logs c in through the form and waits for the Espace de gestion.
func (b *tab) login(c demo.Credentials) {
	b.T.Helper()
	b.Do(chromedp.Navigate(b.e.url+"/connexion"),
		chromedp.SendKeys(chromedp.ID("identifier"), c.Identifier),
		chromedp.SendKeys(chromedp.ID("password"), c.Password),
		webtest.Submit("login"),
		chromedp.WaitVisible(chromedp.ID("hello")))
}

// arabic switches the tab to Arabic from the current page.
func (b *tab) arabic() {
	b.T.Helper()
	b.Do(webtest.Submit("lang"))
	if got := b.Eval(`document.documentElement.dir + " " + document.documentElement.lang`); got != "rtl ar" {
		b.T.Fatalf("after the switch the page is %q", got)
	}
}

// client is the shared plain HTTP client (webtest.Client) on the public
// listener, for what a browser cannot send (a POST without a token, from
// another origin).
type client struct {
	*webtest.Client
	e *env
}

func (e *env) client() *client { return &client{Client: webtest.NewClient(e.t, e.url), e: e} }

// get fetches a page: its status, body, and the first CSRF token on it.
func (h *client) get(path string) (int, string, string) { return h.Get(path) }

// post sends a form, with header pairs; it returns the status, body and
// the redirect's Location.
func (h *client) post(path string, form url.Values, header ...string) (int, string, string) {
	return h.Post(path, form, header...)
}

// login logs c in through the form; it returns the answer's status.
func (h *client) login(c demo.Credentials) int {
	h.e.t.Helper()
	_, _, tok := h.get("/connexion")
	code, _, _ := h.post("/connexion", url.Values{"csrf": {tok}, "identifier": {c.Identifier}, "password": {c.Password}})
	return code
}

// requests are the member's requests, from the store.
func (e *env) requests(c demo.Credentials) []api.Reimbursement {
	e.t.Helper()
	m, err := e.sd.Store.MemberByIdentifier(context.Background(), c.Identifier)
	if err != nil {
		e.t.Fatal(err)
	}
	rs, err := e.sd.Store.Reimbursements(context.Background(), m.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return rs
}

func newJar() (*cookiejar.Jar, error) { return cookiejar.New(nil) }

type storeMember = store.Member
