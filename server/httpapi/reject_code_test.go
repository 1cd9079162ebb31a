package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// TestAgentRejectWithCode: the back office may give a reason code, which
// the member then reads beside the text; an unknown code is refused.
func TestAgentRejectWithCode(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(tok, "reject-code-0001", api.KindSummer)
	path := fmt.Sprintf("/admin/reimbursements/%d/reject", re.ID)
	r := e.do(req{method: "POST", path: path, token: agent, body: api.RejectRequest{Reason: "x", ReasonCode: "because"}, invalid: true})
	if er := wantErr(t, r, api.CodeInvalidRequest); er.Field != "reason_code" {
		t.Fatalf("field %q", er.Field)
	}
	r = e.do(req{method: "POST", path: path, token: agent, body: api.RejectRequest{Reason: "Facture du 20 septembre", ReasonCode: api.ReasonInvoiceOutOfPeriod}})
	want(t, r, 200)
	got := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", re.ID), token: tok}), 200))
	if got.ReasonCode != api.ReasonInvoiceOutOfPeriod || got.Reason != "Facture du 20 septembre" || got.Version != 1 {
		t.Fatalf("member sees %q %q v%d", got.ReasonCode, got.Reason, got.Version)
	}
}
