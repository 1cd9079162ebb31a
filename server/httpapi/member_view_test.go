package httpapi_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/countercode"
)

// TestMemberView checks what only the member's reads carry: the estimated
// payment date, from the default and then from a paid request's history,
// and the counter code, which the server's own key verifies.
func TestMemberView(t *testing.T) {
	e := newEnv(t)
	tok, other, agent := e.memberToken(), e.otherToken(), e.agentToken()
	mine := e.mustCreate(tok, "view-key-0001", api.KindSummer)
	theirs := e.mustCreate(other, "view-key-0002", api.KindSummer)
	get := func(tok string, id int64) api.Reimbursement {
		return decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", id), token: tok}), 200))
	}
	list := func(tok string) api.Reimbursement {
		items := decodeJSON[api.ReimbursementList](t, want(t, e.do(req{method: "GET", path: "/reimbursements", token: tok}), 200)).Items
		if len(items) != 1 {
			t.Fatalf("%d items", len(items))
		}
		return items[0]
	}
	estimate := func(r api.Reimbursement) string {
		if r.EstimatedPaymentDate == nil {
			return ""
		}
		return r.EstimatedPaymentDate.String()
	}

	// No request was ever paid: today (20 July, Casablanca) + 30 days.
	for name, r := range map[string]api.Reimbursement{"one": get(tok, mine.ID), "list": list(tok)} {
		if got := estimate(r); got != "2026-08-19" {
			t.Errorf("%s: estimated %q, want 2026-08-19 (the default 30 days)", name, got)
		}
		key, err := e.Store.ServerKey(context.Background(), countercode.KeyName)
		if err != nil {
			t.Fatal(err)
		}
		ref, signed, err := countercode.Parse(key, r.CounterCode)
		if err != nil || !signed || ref != mine.Reference {
			t.Errorf("%s: counter code %q parses to %q signed=%v err=%v, want %s signed", name, r.CounterCode, ref, signed, err, mine.Reference)
		}
	}
	if ad := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/admin/reimbursements/%d", mine.ID), token: agent}), 200)); ad.CounterCode != "" || ad.EstimatedPaymentDate != nil {
		t.Errorf("the back office shows member-only fields: %q %v", ad.CounterCode, ad.EstimatedPaymentDate)
	}

	// The other member's request is received, approved and paid 9 days
	// later: that window's median is now 9 days. Sessions do not last
	// days, so everyone logs in again after each wait.
	want(t, e.agentDo(agent, theirs.ID, "receive", nil), 200)
	relog := func(d time.Duration) {
		e.Clock.Add(d)
		tok, other, agent = e.memberToken(), e.otherToken(), e.agentToken()
	}
	relog(4 * 24 * time.Hour)
	want(t, e.agentDo(agent, theirs.ID, "approve", api.ApproveRequest{AmountCentimes: 150000}), 200)
	relog(5 * 24 * time.Hour)
	want(t, e.agentDo(agent, theirs.ID, "pay", nil), 200)
	if got := get(other, theirs.ID); got.EstimatedPaymentDate != nil || got.CounterCode == "" {
		t.Errorf("paid: estimate %v (want none), counter code %q", got.EstimatedPaymentDate, got.CounterCode)
	}
	relog(time.Minute) // past the kept median
	want(t, e.agentDo(agent, mine.ID, "receive", nil), 200)
	relog(2 * 24 * time.Hour)
	want(t, e.agentDo(agent, mine.ID, "approve", api.ApproveRequest{AmountCentimes: 150000}), 200)
	// Received 29 July: paid about 7 August, in the list (no timeline) too,
	// once the kept median (a minute old) is read again behind the answers.
	deadline := time.Now().Add(10 * time.Second)
	for estimate(get(tok, mine.ID)) != "2026-08-07" {
		if time.Now().After(deadline) {
			t.Fatalf("estimated %q, want 2026-08-07", estimate(get(tok, mine.ID)))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := estimate(list(tok)); got != "2026-08-07" {
		t.Errorf("list: estimated %q, want 2026-08-07", got)
	}
}

// TestEstimateMovesWithTheDay: a request awaiting its documents is
// estimated from today, so its estimate moves with the day although the
// request does not change. Yesterday's ETag is then no longer current, and
// the list kept in memory is not served again.
func TestEstimateMovesWithTheDay(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	mine := e.mustCreate(tok, "day-key-0001", api.KindSummer)
	paths := []string{"/reimbursements", fmt.Sprintf("/reimbursements/%d", mine.ID)}
	estimate := func(path string, got resp) string {
		var r api.Reimbursement
		if path == "/reimbursements" {
			r = decodeJSON[api.ReimbursementList](t, got).Items[0]
		} else {
			r = decodeJSON[api.Reimbursement](t, got)
		}
		if r.EstimatedPaymentDate == nil {
			return ""
		}
		return r.EstimatedPaymentDate.String()
	}
	tags := map[string]string{}
	for _, p := range paths {
		got := want(t, e.do(req{method: "GET", path: p, token: tok}), 200)
		if est := estimate(p, got); est != "2026-08-19" {
			t.Fatalf("%s on 20 July: estimated %q, want 2026-08-19", p, est)
		}
		tags[p] = got.Header.Get("ETag")
		want(t, e.do(req{method: "GET", path: p, token: tok, header: map[string]string{"If-None-Match": tags[p]}}), 304)
	}
	e.Clock.Add(24 * time.Hour)
	tok = e.memberToken()
	for _, p := range paths {
		got := want(t, e.do(req{method: "GET", path: p, token: tok, header: map[string]string{"If-None-Match": tags[p]}}), 200)
		if est := estimate(p, got); est != "2026-08-20" {
			t.Errorf("%s on 21 July: estimated %q, want 2026-08-20", p, est)
		}
	}
}
