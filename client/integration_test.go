package client_test

import (
	"errors"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/client"
	"github.com/fos-mobile/fos/server/testserver"
)

// login returns a client of srv logged in as creds, with a file store in
// a temporary directory.
func login(t *testing.T, srv *testserver.Server, id, password string) (*client.Client, client.TokenStore) {
	t.Helper()
	store := client.NewFileStore(t.TempDir())
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: store, Lang: func() string { return "fr" }})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Login(t.Context(), id, password)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if r.Role != api.RoleMember || r.Member == nil || r.Member.Matricule != id {
		t.Fatalf("login answer: %+v", r)
	}
	return c, store
}

// TestAgainstRealServer walks the member's journey through the client
// against the real router and SQLite store.
func TestAgainstRealServer(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	c, store := login(t, srv, srv.Member.Identifier, srv.Member.Password)
	if !c.HasSession(ctx) {
		t.Fatal("no session after login")
	}
	tok, err := store.Get(ctx)
	if err != nil || tok == "" {
		t.Fatalf("the store holds no token: %v", err)
	}

	me, err := c.Me(ctx)
	if err != nil || me.Matricule != srv.Member.Identifier {
		t.Fatalf("Me = %+v, %v", me, err)
	}
	services, err := c.Services(ctx)
	if err != nil {
		t.Fatalf("Services: %v", err)
	}
	if !hasService(services, api.ServiceEstivage) {
		t.Fatalf("estivage is not available: %+v", services)
	}
	season, err := c.Estivage(ctx)
	if err != nil || len(season.Windows) != 2 || !season.Windows[0].Open {
		t.Fatalf("Estivage = %+v, %v", season, err)
	}

	// The same key twice is the same request: a retried create never
	// opens a second file.
	req := api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: me.ConfirmedProfile}
	key := client.NewIdempotencyKey()
	first, err := c.CreateReimbursement(ctx, key, req)
	if err != nil {
		t.Fatalf("CreateReimbursement: %v", err)
	}
	again, err := c.CreateReimbursement(ctx, key, req)
	if err != nil || again.ID != first.ID || again.Reference != first.Reference {
		t.Fatalf("same key again = %+v, %v; want request %d", again, err, first.ID)
	}
	_, err = c.CreateReimbursement(ctx, client.NewIdempotencyKey(), req)
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Code != api.CodeAlreadyRequested || ae.RequestID != first.ID {
		t.Fatalf("another key = %v, want already_requested for %d", err, first.ID)
	}

	// Polling: unchanged answers 304, an agent's move shows up.
	r, etag, nm, err := c.Reimbursement(ctx, first.ID, "")
	if err != nil || nm || etag == "" || r.Status != api.StatusAwaitingDocuments || len(r.Events) == 0 {
		t.Fatalf("Reimbursement = %+v etag=%q notModified=%v err=%v", r, etag, nm, err)
	}
	if _, etag2, nm, err := c.Reimbursement(ctx, first.ID, etag); err != nil || !nm || etag2 != etag {
		t.Fatalf("unchanged: notModified=%v etag=%q err=%v", nm, etag2, err)
	}
	list, letag, _, err := c.ReimbursementsIfChanged(ctx, "")
	if err != nil || len(list.Items) != 1 || letag == "" {
		t.Fatalf("list = %+v etag=%q err=%v", list, letag, err)
	}
	srv.AgentDo(t, first.ID, "receive", api.NoteRequest{})
	r, _, nm, err = c.Reimbursement(ctx, first.ID, etag)
	if err != nil || nm || r.Status != api.StatusDocumentsReceived {
		t.Fatalf("after receive: %+v notModified=%v err=%v", r.Status, nm, err)
	}
	if _, _, nm, err := c.ReimbursementsIfChanged(ctx, letag); err != nil || nm {
		t.Fatalf("list after receive: notModified=%v err=%v", nm, err)
	}

	// A request of another member's is not found.
	other, _ := login(t, srv, srv.OtherMember.Identifier, srv.OtherMember.Password)
	if _, _, _, err := other.Reimbursement(ctx, first.ID, ""); client.Code(err) != string(api.CodeNotFound) {
		t.Fatalf("other member's request: %v, want not_found", err)
	}

	// Logout revokes the token on the server, not only here.
	if err := c.Logout(ctx); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if c.HasSession(ctx) {
		t.Fatal("session after logout")
	}
	if _, err := c.Me(ctx); !client.IsSessionExpired(err) {
		t.Fatalf("Me after logout = %v, want unauthorized", err)
	}
	oldStore := client.NewMemoryStore()
	_ = oldStore.Set(ctx, tok)
	stale, _ := client.New(client.Config{BaseURL: srv.URL, Tokens: oldStore})
	if _, err := stale.Me(ctx); !client.IsSessionExpired(err) {
		t.Fatalf("the revoked token still works: %v", err)
	}
	if _, err := oldStore.Get(ctx); !errors.Is(err, client.ErrNoToken) {
		t.Fatalf("a revoked token was kept: %v", err)
	}
}

// memberRequest logs the demo member in and asks for a request of kind
// with the profile the server shows.
func memberRequest(t *testing.T, srv *testserver.Server, kind api.Kind) (*client.Client, api.Reimbursement) {
	t.Helper()
	c, _ := login(t, srv, srv.Member.Identifier, srv.Member.Password)
	me, err := c.Me(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.CreateReimbursement(t.Context(), client.NewIdempotencyKey(), api.CreateReimbursementRequest{Kind: kind, ConfirmedProfile: me.ConfirmedProfile})
	if err != nil {
		t.Fatal(err)
	}
	return c, r
}

func TestCancelAgainstRealServer(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	c, r := memberRequest(t, srv, api.KindOffSeason)
	if got, err := c.Cancel(ctx, r.ID); err != nil || got.Status != api.StatusCancelled {
		t.Fatalf("Cancel = %+v, %v", got.Status, err)
	}
	if _, err := c.Cancel(ctx, r.ID); client.Code(err) != string(api.CodeInvalidTransition) {
		t.Fatalf("second Cancel = %v, want invalid_transition", err)
	}
}

func TestRecoveryAgainstRealServer(t *testing.T) {
	srv := testserver.New(t)
	ctx := t.Context()
	c, err := client.New(client.Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(ctx, srv.FirstLogin.Identifier, "no password yet"); client.Code(err) != string(api.CodeInvalidCredentials) {
		t.Fatalf("first login = %v, want invalid_credentials", err)
	}
	if err := c.Recover(ctx, srv.FirstLogin.Identifier, srv.FirstLogin.CIN); err != nil {
		t.Fatalf("Recover: %v", err)
	}
	// The same answer for an account that does not exist.
	if err := c.Recover(ctx, "0000000", "ZZ000000"); err != nil {
		t.Fatalf("Recover of nobody: %v", err)
	}
	code := srv.LastCode(t, srv.FirstLogin.Email)
	const newPassword = "Une-Nouvelle-Cle-2026"
	if err := c.RecoverConfirm(ctx, srv.FirstLogin.Identifier, "000000", newPassword); client.Code(err) != string(api.CodeInvalidRequest) {
		t.Fatalf("wrong code = %v, want invalid_request", err)
	}
	if err := c.RecoverConfirm(ctx, srv.FirstLogin.Identifier, code, newPassword); err != nil {
		t.Fatalf("RecoverConfirm: %v", err)
	}
	login(t, srv, srv.FirstLogin.Identifier, newPassword)
}

func hasService(l api.ServiceList, code string) bool {
	for _, s := range l.Services {
		if s.Code == code && s.Available {
			return true
		}
	}
	return false
}

// TestAgentLoginIsNotKept: the app is for members. An agent's login answer
// says so, and its token is neither stored nor left valid on the server.
func TestAgentLoginIsNotKept(t *testing.T) {
	srv := testserver.New(t)
	store := client.NewFileStore(t.TempDir())
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: store})
	if err != nil {
		t.Fatal(err)
	}
	before := srv.AgentSessions(t)
	r, err := c.Login(t.Context(), srv.AgentCreds.Identifier, srv.AgentCreds.Password)
	if err != nil {
		t.Fatal(err)
	}
	if r.Role != api.RoleAgent || r.AccessToken != "" {
		t.Fatalf("agent login answer: role %q, token kept in the answer: %v", r.Role, r.AccessToken != "")
	}
	if c.HasSession(t.Context()) {
		t.Fatal("the agent's token was kept")
	}
	if _, err := store.Get(t.Context()); !errors.Is(err, client.ErrNoToken) {
		t.Fatalf("the token store holds something: %v", err)
	}
	if got := srv.AgentSessions(t); got != before {
		t.Fatalf("live agent sessions %d, want %d: the token was not revoked", got, before)
	}
}
