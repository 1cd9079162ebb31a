package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/fos-mobile/fos/api"
)

// chunked hides a body's length, so that the request goes out with
// Transfer-Encoding: chunked and no Content-Length, as some HTTP clients
// send even an empty body.
type chunked struct{ io.Reader }

// TestOptionalNoteChunked sends receive and pay with a chunked body: empty
// means no note, a note is kept, and a malformed body is still refused.
func TestOptionalNoteChunked(t *testing.T) {
	e := newEnv(t)
	agent := e.agentToken()
	r := e.mustCreate(e.memberToken(), "chunked-note-0001", api.KindSummer)
	post := func(action, body string, invalid bool) resp {
		t.Helper()
		ctx := context.WithValue(context.Background(), exchangeKey{}, exchange{invalid: invalid})
		hr, err := http.NewRequestWithContext(ctx, "POST",
			fmt.Sprintf("%s%s/admin/reimbursements/%d/%s", e.URL, api.BasePath, r.ID, action), chunked{strings.NewReader(body)})
		if err != nil {
			t.Fatal(err)
		}
		if hr.ContentLength != -1 && hr.ContentLength != 0 {
			t.Fatalf("ContentLength %d: the request would not be chunked", hr.ContentLength)
		}
		hr.Header.Set("Authorization", "Bearer "+agent)
		hr.Header.Set("Content-Type", "application/json")
		hresp, err := e.client.Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		defer hresp.Body.Close()
		b, err := io.ReadAll(hresp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp{Status: hresp.StatusCode, Header: hresp.Header, Body: b}
	}

	got := decodeJSON[api.Reimbursement](t, want(t, post("receive", "", false), 200))
	if last := got.Events[len(got.Events)-1]; last.Status != api.StatusDocumentsReceived || last.Note != "" {
		t.Fatalf("receive with an empty chunked body: last event %+v", last)
	}
	want(t, e.agentDo(agent, r.ID, "approve", api.ApproveRequest{AmountCentimes: 100}), 200)
	wantErr(t, post("pay", `{"note": `, true), api.CodeInvalidRequest)
	got = decodeJSON[api.Reimbursement](t, want(t, post("pay", `{"note": "virement du 3 octobre"}`, false), 200))
	if last := got.Events[len(got.Events)-1]; last.Status != api.StatusPaid || last.Note != "virement du 3 octobre" {
		t.Fatalf("pay with a chunked note: last event %+v", last)
	}
}
