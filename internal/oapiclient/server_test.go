package oapiclient_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/internal/oapiclient"
	"github.com/fos-mobile/fos/server/testserver"
)

// TestGeneratedClientAgainstTheServer is what an outside team would do
// with the spec: generate a client and use it against the real server
// (real router, real SQLite, demo data). Login, the profile, a create with
// its replay and its conflict, the request and its 304, the season, and
// the error envelopes all decode into the generated types.
func TestGeneratedClientAgainstTheServer(t *testing.T) {
	srv := testserver.New(t)
	ctx := context.Background()
	anon, err := oapiclient.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	login, err := anon.LoginWithResponse(ctx, oapiclient.LoginRequest{Identifier: srv.Member.Identifier, Password: srv.Member.Password})
	if err != nil {
		t.Fatal(err)
	}
	if login.StatusCode() != http.StatusOK || login.JSON200 == nil {
		t.Fatalf("login: %d %s", login.StatusCode(), login.Body)
	}
	session := login.JSON200
	if session.AccessToken == "" || session.TokenType != oapiclient.Bearer || session.Role != oapiclient.RoleMember || session.Member == nil {
		t.Fatalf("login answer %+v", session)
	}
	bearer := oapiclient.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+session.AccessToken)
		return nil
	})
	c, err := oapiclient.NewClientWithResponses(srv.URL, bearer)
	if err != nil {
		t.Fatal(err)
	}

	me, err := c.GetMeWithResponse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.StatusCode() != http.StatusOK || me.JSON200 == nil {
		t.Fatalf("GET /me: %d %s", me.StatusCode(), me.Body)
	}
	if got, want := me.JSON200.Matricule, session.Member.Matricule; got != want {
		t.Fatalf("GET /me matricule %q, want %q", got, want)
	}
	p := me.JSON200
	body := oapiclient.CreateReimbursementRequest{
		Kind: oapiclient.Summer,
		ConfirmedProfile: oapiclient.ConfirmedProfile{BirthDate: p.BirthDate, Echelle: p.Echelle, Echelon: p.Echelon,
			RecruitmentDate: p.RecruitmentDate, ChildrenCount: p.ChildrenCount},
	}
	key := oapiclient.CreateReimbursementParams{IdempotencyKey: "oapi-client-0001"}
	created, err := c.CreateReimbursementWithResponse(ctx, &key, body)
	if err != nil {
		t.Fatal(err)
	}
	if created.StatusCode() != http.StatusCreated || created.JSON201 == nil {
		t.Fatalf("create: %d %s", created.StatusCode(), created.Body)
	}
	re := created.JSON201
	if re.Status != oapiclient.AwaitingDocuments || re.Kind != oapiclient.Summer || re.Events == nil || len(*re.Events) != 1 {
		t.Fatalf("created %+v", re)
	}
	if got, want := created.HTTPResponse.Header.Get("Location"), fmt.Sprintf("/api/v1/reimbursements/%d", re.Id); got != want {
		t.Fatalf("Location %q, want %q", got, want)
	}

	replay, err := c.CreateReimbursementWithResponse(ctx, &key, body)
	if err != nil {
		t.Fatal(err)
	}
	if replay.StatusCode() != http.StatusCreated || replay.JSON201 == nil || replay.JSON201.Id != re.Id {
		t.Fatalf("replay: %d %s, want the same 201 for id %d", replay.StatusCode(), replay.Body, re.Id)
	}
	again, err := c.CreateReimbursementWithResponse(ctx, &oapiclient.CreateReimbursementParams{IdempotencyKey: "oapi-client-0002"}, body)
	if err != nil {
		t.Fatal(err)
	}
	if again.JSON409 == nil || again.JSON409.Error.Code != oapiclient.CodeAlreadyRequested ||
		again.JSON409.Error.RequestId == nil || *again.JSON409.Error.RequestId != re.Id {
		t.Fatalf("second create: %d %s, want 409 already_requested naming %d", again.StatusCode(), again.Body, re.Id)
	}

	got, err := c.GetReimbursementWithResponse(ctx, re.Id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.StatusCode() != http.StatusOK || got.JSON200 == nil || got.JSON200.Reference != re.Reference || got.JSON200.Events == nil {
		t.Fatalf("GET /reimbursements/%d: %d %s", re.Id, got.StatusCode(), got.Body)
	}
	etag := got.HTTPResponse.Header.Get("ETag")
	same, err := c.GetReimbursementWithResponse(ctx, re.Id, &oapiclient.GetReimbursementParams{IfNoneMatch: &etag})
	if err != nil {
		t.Fatal(err)
	}
	if same.StatusCode() != http.StatusNotModified {
		t.Fatalf("GET with If-None-Match %s: %d, want 304", etag, same.StatusCode())
	}

	season, err := c.GetEstivageWithResponse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if season.JSON200 == nil || len(season.JSON200.Windows) != 2 {
		t.Fatalf("GET /estivage: %d %s", season.StatusCode(), season.Body)
	}
	for _, w := range season.JSON200.Windows {
		// my_request is a Reimbursement or null: a plain pointer here.
		switch {
		case w.Kind == oapiclient.Summer && (w.MyRequest == nil || w.MyRequest.Reference != re.Reference):
			t.Fatalf("summer my_request %+v, want %s", w.MyRequest, re.Reference)
		case w.Kind == oapiclient.OffSeason && w.MyRequest != nil:
			t.Fatalf("off_season my_request %+v, want null", w.MyRequest)
		}
	}
}

// TestGeneratedClientErrors: the error answers decode into the generated
// envelope, the field of a bad body by its dotted path.
func TestGeneratedClientErrors(t *testing.T) {
	srv := testserver.New(t)
	ctx := context.Background()
	anon, err := oapiclient.NewClientWithResponses(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	me, err := anon.GetMeWithResponse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.JSON401 == nil || me.JSON401.Error.Code != oapiclient.CodeUnauthorized {
		t.Fatalf("GET /me without a token: %d %s, want 401 unauthorized", me.StatusCode(), me.Body)
	}
	wrong, err := anon.LoginWithResponse(ctx, oapiclient.LoginRequest{Identifier: srv.Member.Identifier, Password: "not the password"})
	if err != nil {
		t.Fatal(err)
	}
	if wrong.JSON401 == nil || wrong.JSON401.Error.Code != oapiclient.CodeInvalidCredentials {
		t.Fatalf("login with a wrong password: %d %s, want 401 invalid_credentials", wrong.StatusCode(), wrong.Body)
	}
	asAgent := func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+srv.Agent(t))
		return nil
	}
	forbidden, err := anon.GetMeWithResponse(ctx, asAgent)
	if err != nil {
		t.Fatal(err)
	}
	if forbidden.JSON403 == nil || forbidden.JSON403.Error.Code != oapiclient.CodeForbidden {
		t.Fatalf("GET /me with an agent's token: %d %s, want 403 forbidden", forbidden.StatusCode(), forbidden.Body)
	}
	login, err := anon.LoginWithResponse(ctx, oapiclient.LoginRequest{Identifier: srv.OtherMember.Identifier, Password: srv.OtherMember.Password})
	if err != nil || login.JSON200 == nil {
		t.Fatalf("login: %v %s", err, login.Body)
	}
	bad := `{"kind":"summer","confirmed_profile":{"birth_date":"1985-03-14","echelle":11,"echelon":5,"recruitment_date":"2010-09-01","children_count":2,"salary":1}}`
	res, err := anon.CreateReimbursementWithBodyWithResponse(ctx, &oapiclient.CreateReimbursementParams{IdempotencyKey: "oapi-client-bad1"},
		"application/json", strings.NewReader(bad), func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+login.JSON200.AccessToken)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if res.JSON400 == nil || res.JSON400.Error.Field == nil || *res.JSON400.Error.Field != "confirmed_profile.salary" {
		t.Fatalf("create with an unknown profile field: %d %s, want 400 naming confirmed_profile.salary", res.StatusCode(), res.Body)
	}
}
