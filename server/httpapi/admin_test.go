package httpapi_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/fos-mobile/fos/api"
)

func TestAgentTransitions(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(tok, "agent-key-0001", api.KindSummer)
	steps := []struct {
		name   string
		action string
		body   any
		status api.Status // want 200 with this status, or
		code   api.Code   // want this error
	}{
		{"approve before receive", "approve", api.ApproveRequest{AmountCentimes: 100}, "", api.CodeInvalidTransition},
		{"pay before approve", "pay", nil, "", api.CodeInvalidTransition},
		{"receive", "receive", api.NoteRequest{Note: "originaux reçus au guichet"}, api.StatusDocumentsReceived, ""},
		{"receive twice", "receive", nil, "", api.CodeInvalidTransition},
		{"approve without an amount", "approve", api.ApproveRequest{}, "", api.CodeInvalidRequest},
		{"approve", "approve", api.ApproveRequest{AmountCentimes: 325050, Note: "plafond appliqué"}, api.StatusApproved, ""},
		{"reject once approved", "reject", api.RejectRequest{Reason: "trop tard"}, "", api.CodeInvalidTransition},
		{"pay", "pay", nil, api.StatusPaid, ""},
		{"pay twice", "pay", nil, "", api.CodeInvalidTransition},
		{"unknown action", "archive", nil, "", api.CodeNotFound},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			r := e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/%s", re.ID, s.action), token: agent, body: s.body,
				invalid: s.code == api.CodeInvalidRequest || s.action == "archive", offSpec: s.action == "archive"})
			if s.code != "" {
				wantErr(t, r, s.code)
				return
			}
			got := decodeJSON[api.Reimbursement](t, want(t, r, 200))
			if got.Status != s.status {
				t.Fatalf("status %s, want %s", got.Status, s.status)
			}
		})
	}

	// The back office sees who made each event; the member does not.
	admin := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d", re.ID), token: agent}), 200))
	if admin.AmountCentimes == nil || *admin.AmountCentimes != 325050 {
		t.Fatalf("amount %v, want 325050", admin.AmountCentimes)
	}
	if admin.Member == nil || admin.Member.Matricule != e.Acc.Member.Identifier {
		t.Fatalf("admin view member %+v", admin.Member)
	}
	wantEvents := []struct {
		status api.Status
		actor  api.Actor
		agent  string
		note   string
	}{
		{api.StatusAwaitingDocuments, api.ActorMember, "", ""},
		{api.StatusDocumentsReceived, api.ActorAgent, e.Acc.Agent.Email, "originaux reçus au guichet"},
		{api.StatusApproved, api.ActorAgent, e.Acc.Agent.Email, "plafond appliqué"},
		{api.StatusPaid, api.ActorAgent, e.Acc.Agent.Email, ""},
	}
	if len(admin.Events) != len(wantEvents) {
		t.Fatalf("%d events, want %d: %+v", len(admin.Events), len(wantEvents), admin.Events)
	}
	for i, w := range wantEvents {
		ev := admin.Events[i]
		if ev.Status != w.status || ev.Actor != w.actor || ev.Agent != w.agent || ev.Note != w.note {
			t.Errorf("event %d = %+v, want %+v", i, ev, w)
		}
	}
	mine := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", re.ID), token: tok}), 200))
	for i, ev := range mine.Events {
		if ev.Agent != "" {
			t.Errorf("member view event %d shows agent %q", i, ev.Agent)
		}
	}
	if mine.Status != api.StatusPaid || mine.AmountCentimes == nil || *mine.AmountCentimes != 325050 {
		t.Fatalf("member view %+v", mine)
	}
}

func TestAgentReject(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(tok, "reject-key-0001", api.KindSummer)
	for _, tc := range []struct {
		name   string
		body   any
		field  string
		reason string
	}{
		{"empty reason", api.RejectRequest{Reason: "   "}, "reason", ""},
		{"no body", nil, "", ""},
		{"reason given", api.RejectRequest{Reason: "Facture datée hors de la période"}, "", "Facture datée hors de la période"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(req{method: "POST", path: fmt.Sprintf("/admin/reimbursements/%d/reject", re.ID), token: agent, body: tc.body, invalid: tc.body == nil})
			if tc.reason == "" {
				er := wantErr(t, r, api.CodeInvalidRequest)
				if er.Field != tc.field {
					t.Fatalf("field %q, want %q", er.Field, tc.field)
				}
				return
			}
			got := decodeJSON[api.Reimbursement](t, want(t, r, 200))
			if got.Status != api.StatusRejected || got.Reason != tc.reason {
				t.Fatalf("rejected %+v", got)
			}
			last := got.Events[len(got.Events)-1]
			if last.Agent != e.Acc.Agent.Email || last.Status != api.StatusRejected {
				t.Fatalf("last event %+v", last)
			}
		})
	}
}

func TestAdminList(t *testing.T) {
	e := newEnv(t)
	agent := e.agentToken()
	salma := e.mustCreate(e.memberToken(), "admin-list-0001", api.KindSummer)
	youssef := e.mustCreate(e.otherToken(), "admin-list-0002", api.KindOffSeason)
	want(t, e.agentDo(agent, youssef.ID, "receive", nil), 200)
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []int64
	}{
		{"everything, newest first", nil, []int64{youssef.ID, salma.ID}},
		{"by status", url.Values{"status": {"documents_received"}}, []int64{youssef.ID}},
		{"by status, none", url.Values{"status": {"paid"}}, nil},
		{"by reference", url.Values{"q": {salma.Reference}}, []int64{salma.ID}},
		{"by reference in lower case", url.Values{"q": {"est-2026-" + salma.Reference[len("EST-2026-"):]}}, []int64{salma.ID}},
		{"by matricule", url.Values{"q": {e.Acc.OtherMember.Identifier}}, []int64{youssef.ID}},
		{"by French name", url.Values{"q": {"amrani"}}, []int64{salma.ID}},
		{"by Arabic name", url.Values{"q": {"بنعلي"}}, []int64{youssef.ID}},
		{"by full name", url.Values{"q": {"Salma El Amrani"}}, []int64{salma.ID}},
		{"status and q", url.Values{"status": {"awaiting_documents"}, "q": {"بنعلي"}}, nil},
		{"paged", url.Values{"limit": {"1"}, "offset": {"1"}}, []int64{salma.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/admin/reimbursements"
			if tc.query != nil {
				path += "?" + tc.query.Encode()
			}
			l := decodeJSON[api.AdminReimbursementList](t, want(t, e.do(req{method: "GET", path: path, token: agent}), 200))
			var ids []int64
			for _, it := range l.Items {
				ids = append(ids, it.ID)
				if it.Member == nil || it.Member.Matricule == "" {
					t.Fatalf("item %d without its member", it.ID)
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tc.want) {
				t.Fatalf("ids %v, want %v", ids, tc.want)
			}
			if tc.query.Get("limit") == "" && l.Total != len(tc.want) {
				t.Fatalf("total %d, want %d", l.Total, len(tc.want))
			}
			if tc.query.Get("limit") != "" && l.Total != 2 {
				t.Fatalf("paged total %d, want 2", l.Total)
			}
		})
	}
	for _, tc := range []struct{ name, query, field string }{
		{"unknown status", "status=lost", "status"},
		{"limit zero", "limit=0", "limit"},
		{"limit too big", "limit=1000", "limit"},
		{"negative offset", "offset=-1", "offset"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			er := wantErr(t, e.do(req{method: "GET", path: "/admin/reimbursements?" + tc.query, token: agent, invalid: true}), api.CodeInvalidRequest)
			if er.Field != tc.field {
				t.Fatalf("field %q, want %q", er.Field, tc.field)
			}
		})
	}
}

// TestRoles checks that each role is kept to its own paths.
func TestRoles(t *testing.T) {
	e := newEnv(t)
	member := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(member, "roles-key-0001", api.KindSummer)
	id := fmt.Sprint(re.ID)
	for _, tc := range []struct {
		name, method, path string
		token              string
		body               any
	}{
		{"member lists the back office", "GET", "/admin/reimbursements", member, nil},
		{"member reads a back-office request", "GET", "/admin/reimbursements/" + id, member, nil},
		{"member receives", "POST", "/admin/reimbursements/" + id + "/receive", member, nil},
		{"member approves", "POST", "/admin/reimbursements/" + id + "/approve", member, api.ApproveRequest{AmountCentimes: 1}},
		{"member rejects", "POST", "/admin/reimbursements/" + id + "/reject", member, api.RejectRequest{Reason: "x"}},
		{"member pays", "POST", "/admin/reimbursements/" + id + "/pay", member, nil},
		{"agent reads /me", "GET", "/me", agent, nil},
		{"agent sets preferences", "PATCH", "/me", agent, map[string]any{"email_notices": false}},
		{"agent reads /services", "GET", "/services", agent, nil},
		{"agent reads /estivage", "GET", "/estivage", agent, nil},
		{"agent lists member requests", "GET", "/reimbursements", agent, nil},
		{"agent reads a member request", "GET", "/reimbursements/" + id, agent, nil},
		{"agent cancels", "POST", "/reimbursements/" + id + "/cancel", agent, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, e.do(req{method: tc.method, path: tc.path, token: tc.token, body: tc.body}), api.CodeForbidden)
		})
	}
	t.Run("agent creates", func(t *testing.T) {
		r := e.do(req{method: "POST", path: "/reimbursements", token: agent, body: api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: e.profile(member)},
			header: map[string]string{api.IdempotencyKeyHeader: "agent-key-0001"}})
		wantErr(t, r, api.CodeForbidden)
	})
	if got := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: "/reimbursements/" + id, token: member}), 200)).Status; got != api.StatusAwaitingDocuments {
		t.Fatalf("a forbidden move changed the status to %s", got)
	}
}
