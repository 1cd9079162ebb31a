package portal_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// TestPrecheckAnswer: the member's request page leads with the agents'
// answer on the photos sent from the app, the agent's text escaped, and
// only there (the pre-check's event stays in the back office).
func TestPrecheckAnswer(t *testing.T) {
	e := newEnv(t)
	r := e.srv.Request(t, e.acc.Member, api.KindSummer)
	tok := e.memberToken(e.acc.Member)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s%s/reimbursements/%d/pages?document=0", e.url, api.BasePath, r.ID),
		bytes.NewReader(attachmenttest.JPEG(attachmenttest.Picture(40, 30, 1), 85)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set(api.IdempotencyKeyHeader, "portal-precheck-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("upload: %v %v", resp, err)
	}
	resp.Body.Close()
	e.srv.AgentPrecheck(t, r.ID, api.PrecheckRequest{Document: 0, Result: api.CheckRedo, ReasonCode: api.RedoOther, Reason: payloads[0]})
	h := e.client()
	h.login(e.acc.Member)
	code, body, _ := h.get(fmt.Sprintf("/demandes/%d", r.ID))
	if code != 200 || !strings.Contains(body, `id="precheck"`) || !strings.Contains(body, "Justificatif à refaire") {
		t.Fatalf("request page %d does not lead with the answer", code)
	}
	if strings.Contains(body, payloads[0]) || !strings.Contains(body, "&lt;script&gt;") {
		t.Fatal("the agent's text is not escaped")
	}
	// The timeline is the member's: the pre-check's back-office event is
	// not on it, in no wording (the answer above says it, translated).
	if i := strings.Index(body, "autre motif"); i < 0 || strings.Count(body, "&lt;script&gt;") != 1 ||
		strings.Contains(body, "document 1") || strings.Contains(body, `"document"`) || strings.Contains(body, "redo") {
		t.Fatalf("the request page says the pre-check other than translated, once:\n%s", body)
	}
}
