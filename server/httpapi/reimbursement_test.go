package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
)

func TestCreateReimbursement(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	r := want(t, e.create(tok, "create-key-0001", api.KindSummer), 201)
	re := decodeJSON[api.Reimbursement](t, r)
	if got, w := r.Header.Get("Location"), fmt.Sprintf("/api/v1/reimbursements/%d", re.ID); got != w {
		t.Fatalf("Location %q, want %q", got, w)
	}
	if re.Status != api.StatusAwaitingDocuments || re.Kind != api.KindSummer || re.Season != 2026 {
		t.Fatalf("created %+v", re)
	}
	if got, w := re.Reference, fmt.Sprintf("EST-2026-%06d", re.ID); got != w {
		t.Fatalf("reference %q, want %q", got, w)
	}
	if !re.CreatedAt.Equal(start) {
		t.Fatalf("created_at %v, want the clock's %v", re.CreatedAt, start)
	}
	if got, w := re.DepositDeadline.String(), "2026-08-04"; got != w {
		t.Fatalf("deposit_deadline %s, want %s (15 days after 2026-07-20)", got, w)
	}
	if len(re.RequiredDocuments.FR) != len(demo.DefaultDocuments.FR) || re.DepositLocation != demo.DefaultLocation {
		t.Fatalf("documents %v, location %v", re.RequiredDocuments, re.DepositLocation)
	}
	if len(re.Events) != 1 || re.Events[0].Status != api.StatusAwaitingDocuments || re.Events[0].Actor != api.ActorMember {
		t.Fatalf("events %+v, want the first awaiting_documents event", re.Events)
	}
	if re.Member != nil || re.Events[0].Agent != "" {
		t.Fatal("the member's view shows back-office fields")
	}

	rows := e.count(`SELECT COUNT(*) FROM reimbursements`)
	t.Run("replay with the same key and body", func(t *testing.T) {
		again := want(t, e.create(tok, "create-key-0001", api.KindSummer), 201)
		if !bytes.Equal(again.Body, r.Body) {
			t.Fatalf("replayed body differs:\n%s\n%s", again.Body, r.Body)
		}
		if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != rows {
			t.Fatalf("%d rows after the replay, want %d", n, rows)
		}
	})
	t.Run("same key with another body", func(t *testing.T) {
		wantErr(t, e.create(tok, "create-key-0001", api.KindOffSeason), api.CodeIdempotencyMismatch)
		if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != rows {
			t.Fatalf("%d rows, want %d", n, rows)
		}
	})
	t.Run("already requested this season", func(t *testing.T) {
		er := wantErr(t, e.create(tok, "create-key-0002", api.KindSummer), api.CodeAlreadyRequested)
		if er.Reference != re.Reference || er.RequestID != re.ID {
			t.Fatalf("already_requested carries %q/%d, want %q/%d", er.Reference, er.RequestID, re.Reference, re.ID)
		}
	})
	t.Run("the same key is another member's own", func(t *testing.T) {
		other := e.otherToken()
		theirs := e.mustCreate(other, "create-key-0001", api.KindSummer)
		if theirs.ID == re.ID {
			t.Fatal("another member's key replayed this member's request")
		}
	})
}

func TestCreateProfileChanged(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	current := e.profile(tok)
	for _, tc := range []struct {
		name   string
		change func(*api.ConfirmedProfile)
	}{
		{"children count", func(p *api.ConfirmedProfile) { p.ChildrenCount++ }},
		{"echelle", func(p *api.ConfirmedProfile) { p.Echelle-- }},
		{"echelon", func(p *api.ConfirmedProfile) { p.Echelon++ }},
		{"birth date", func(p *api.ConfirmedProfile) { p.BirthDate = p.BirthDate.AddDays(1) }},
		{"recruitment date", func(p *api.ConfirmedProfile) { p.RecruitmentDate = p.RecruitmentDate.AddDays(-1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := current
			tc.change(&p)
			r := e.do(req{method: "POST", path: "/reimbursements", token: tok, body: api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: p},
				header: map[string]string{api.IdempotencyKeyHeader: "profile-" + tc.name}})
			er := wantErr(t, r, api.CodeProfileChanged)
			if er.CurrentProfile == nil || *er.CurrentProfile != current {
				t.Fatalf("current_profile %+v, want %+v", er.CurrentProfile, current)
			}
		})
	}
	if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != 0 {
		t.Fatalf("%d requests were created", n)
	}
}

func TestCreateWindowClosed(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	// The foundation closed the summer window last month.
	for _, c := range demo.Campaigns(2026) {
		if c.Kind != api.KindSummer {
			continue
		}
		c.OpensOn, c.ClosesOn = api.Date{Year: 2026, Month: 6, Day: 1}, api.Date{Year: 2026, Month: 6, Day: 30}
		if err := e.Store.SetCampaign(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	er := wantErr(t, e.create(tok, "closed-key-0001", api.KindSummer), api.CodeWindowClosed)
	if er.Message == "" {
		t.Fatal("window_closed without a message")
	}
	es := decodeJSON[api.Estivage](t, want(t, e.do(req{method: "GET", path: "/estivage", token: tok}), 200))
	for _, w := range es.Windows {
		if got, w2 := w.Open, w.Kind == api.KindOffSeason; got != w2 {
			t.Fatalf("window %s open=%v, want %v", w.Kind, got, w2)
		}
	}
	t.Run("the other window still takes requests", func(t *testing.T) {
		e.mustCreate(tok, "closed-key-0002", api.KindOffSeason)
	})
	t.Run("a window that has not opened yet", func(t *testing.T) {
		e.Clock.Add(-60 * 24 * time.Hour) // before the off-season window opens
		wantErr(t, e.create(e.otherToken(), "closed-key-0003", api.KindOffSeason), api.CodeWindowClosed)
	})
}

func TestCreateBadRequests(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	p := e.profile(tok)
	for _, tc := range []struct {
		name  string
		key   string
		body  any
		field string
	}{
		{"no Idempotency-Key", "", api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: p}, api.IdempotencyKeyHeader},
		{"short Idempotency-Key", "abc", api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: p}, api.IdempotencyKeyHeader},
		{"unknown kind", "bad-kind-0001", map[string]any{"kind": "winter", "confirmed_profile": p}, "kind"},
		{"no profile", "no-profile-01", map[string]any{"kind": "summer"}, "confirmed_profile.birth_date"},
		{"negative children", "negative-0001", map[string]any{"kind": "summer", "confirmed_profile": map[string]any{
			"birth_date": p.BirthDate, "echelle": p.Echelle, "echelon": p.Echelon, "recruitment_date": p.RecruitmentDate, "children_count": -1}}, "confirmed_profile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.key != "" {
				h[api.IdempotencyKeyHeader] = tc.key
			}
			er := wantErr(t, e.do(req{method: "POST", path: "/reimbursements", token: tok, body: tc.body, header: h, invalid: true}), api.CodeInvalidRequest)
			if er.Field != tc.field {
				t.Fatalf("field %q, want %q (%s)", er.Field, tc.field, er.Message)
			}
		})
	}
	if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != 0 {
		t.Fatalf("%d requests were created", n)
	}
}

func TestListNewestFirst(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	list := func() []api.Reimbursement {
		return decodeJSON[api.ReimbursementList](t, want(t, e.do(req{method: "GET", path: "/reimbursements", token: tok}), 200)).Items
	}
	if got := list(); len(got) != 0 {
		t.Fatalf("a new member lists %d requests", len(got))
	}
	first := e.mustCreate(tok, "list-key-0001", api.KindSummer)
	e.Clock.Add(time.Minute)
	second := e.mustCreate(tok, "list-key-0002", api.KindOffSeason)
	got := list()
	if len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID {
		t.Fatalf("list %+v, want %d then %d", got, second.ID, first.ID)
	}
	if got[0].Events != nil {
		t.Fatal("the list carries timelines")
	}
}

func TestConditionalReads(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(tok, "etag-key-0001", api.KindSummer)
	for _, tc := range []struct{ name, path string }{
		{"list", "/reimbursements"},
		{"one request", fmt.Sprintf("/reimbursements/%d", re.ID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := want(t, e.do(req{method: "GET", path: tc.path, token: tok}), 200)
			tag := r.Header.Get("ETag")
			if tag == "" {
				t.Fatal("no ETag")
			}
			again := want(t, e.do(req{method: "GET", path: tc.path, token: tok}), 200)
			if again.Header.Get("ETag") != tag {
				t.Fatalf("ETag changed without a change: %s → %s", tag, again.Header.Get("ETag"))
			}
			nm := want(t, e.do(req{method: "GET", path: tc.path, token: tok, header: map[string]string{"If-None-Match": tag}}), 304)
			if len(nm.Body) != 0 {
				t.Fatalf("304 with a body: %s", nm.Body)
			}
			if nm.Header.Get("ETag") != tag {
				t.Fatalf("304 ETag %q, want %q", nm.Header.Get("ETag"), tag)
			}
			want(t, e.do(req{method: "GET", path: tc.path, token: tok, header: map[string]string{"If-None-Match": `"stale"`}}), 200)
		})
	}
	t.Run("a status change changes the ETag", func(t *testing.T) {
		path := fmt.Sprintf("/reimbursements/%d", re.ID)
		tag := want(t, e.do(req{method: "GET", path: path, token: tok}), 200).Header.Get("ETag")
		want(t, e.agentDo(agent, re.ID, "receive", nil), 200)
		r := want(t, e.do(req{method: "GET", path: path, token: tok, header: map[string]string{"If-None-Match": tag}}), 200)
		if r.Header.Get("ETag") == tag {
			t.Fatal("ETag unchanged after documents_received")
		}
		if got := decodeJSON[api.Reimbursement](t, r).Status; got != api.StatusDocumentsReceived {
			t.Fatalf("status %s", got)
		}
	})
}

// The list's ETag and body follow the database, not this server's memory:
// a change written by anyone else (another replica, a tool, SQL) shows
// within store.DefaultListVersionCacheTTL of this server's last read of the
// list's version; a change made through this server (a new request, an
// agent's action) shows at once.
func TestConditionalListFollowsTheDatabase(t *testing.T) {
	// slack absorbs the scheduling of a loaded 2-core machine.
	const slack = 500 * time.Millisecond
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	re := e.mustCreate(tok, "etag-key-0002", api.KindSummer)
	get := func(etag string, status int) resp {
		t.Helper()
		return want(t, e.do(req{method: "GET", path: "/reimbursements", token: tok, header: map[string]string{"If-None-Match": etag}}), status)
	}
	tag := get("", 200).Header.Get("ETag")
	readAt := time.Now()
	get(tag, 304)
	if _, err := e.Store.DB().Exec(`UPDATE reimbursements SET status = 'rejected', reason = 'changed elsewhere' WHERE id = $1`, re.ID); err != nil {
		t.Fatal(err)
	}
	var r resp
	for {
		r = e.do(req{method: "GET", path: "/reimbursements", token: tok, header: map[string]string{"If-None-Match": tag}})
		if r.Status != http.StatusNotModified {
			break
		}
		if elapsed := time.Since(readAt); elapsed > store.DefaultListVersionCacheTTL+slack {
			t.Fatalf("a change by SQL still not shown %v after the version was read; the bound is %v", elapsed, store.DefaultListVersionCacheTTL)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("a change by SQL shown %v after the version was read", time.Since(readAt).Round(time.Millisecond))
	want(t, r, 200)
	items := decodeJSON[api.ReimbursementList](t, r).Items
	if len(items) != 1 || items[0].Status != api.StatusRejected || items[0].Reason != "changed elsewhere" {
		t.Fatalf("list after a change elsewhere: %+v", items)
	}
	if r.Header.Get("ETag") == tag {
		t.Fatal("the list's ETag did not change with its content")
	}
	tag = r.Header.Get("ETag")
	get(tag, 304)
	e.mustCreate(tok, "etag-key-0003", api.KindOffSeason)
	r = get(tag, 200)
	if n := len(decodeJSON[api.ReimbursementList](t, r).Items); n != 2 || r.Header.Get("ETag") == tag {
		t.Fatalf("after a new request: %d items, ETag %s (was %s)", n, r.Header.Get("ETag"), tag)
	}
	tag = r.Header.Get("ETag")
	get(tag, 304)
	items = decodeJSON[api.ReimbursementList](t, r).Items
	off := items[0].ID
	if items[1].Kind == api.KindOffSeason {
		off = items[1].ID
	}
	want(t, e.agentDo(agent, off, "receive", nil), 200)
	if r = get(tag, 200); r.Header.Get("ETag") == tag {
		t.Fatal("the list's ETag did not change at once with an agent's action through this server")
	}
	// Another member's ETag never confirms this member's list.
	other := e.otherToken()
	want(t, e.do(req{method: "GET", path: "/reimbursements", token: other, header: map[string]string{"If-None-Match": r.Header.Get("ETag")}}), 200)
}

func TestCancel(t *testing.T) {
	e := newEnv(t)
	tok := e.memberToken()
	agent := e.agentToken()
	cancel := func(id int64) resp {
		return e.do(req{method: "POST", path: fmt.Sprintf("/reimbursements/%d/cancel", id), token: tok})
	}
	re := e.mustCreate(tok, "cancel-key-0001", api.KindSummer)
	got := decodeJSON[api.Reimbursement](t, want(t, cancel(re.ID), 200))
	if got.Status != api.StatusCancelled || len(got.Events) != 2 || got.Events[1].Status != api.StatusCancelled || got.Events[1].Actor != api.ActorMember {
		t.Fatalf("cancelled %+v", got)
	}
	t.Run("twice", func(t *testing.T) {
		if er := wantErr(t, cancel(re.ID), api.CodeInvalidTransition); er.Status != api.StatusCancelled {
			t.Fatalf("invalid_transition status %q", er.Status)
		}
	})
	t.Run("a cancelled request frees the slot", func(t *testing.T) {
		e.mustCreate(tok, "cancel-key-0002", api.KindSummer)
	})
	t.Run("after the documents were received", func(t *testing.T) {
		off := e.mustCreate(tok, "cancel-key-0003", api.KindOffSeason)
		want(t, e.agentDo(agent, off.ID, "receive", nil), 200)
		if er := wantErr(t, cancel(off.ID), api.CodeInvalidTransition); er.Status != api.StatusDocumentsReceived {
			t.Fatalf("invalid_transition status %q", er.Status)
		}
	})
	t.Run("a missing request", func(t *testing.T) {
		wantErr(t, cancel(987654), api.CodeNotFound)
	})
}

// TestExpiredRequest: originals not deposited by the deadline expire the
// request (the background job), which frees the slot.
func TestExpiredRequest(t *testing.T) {
	e := newEnv(t)
	re := e.mustCreate(e.memberToken(), "expire-key-0001", api.KindSummer)
	e.Clock.Add(15 * 24 * time.Hour)
	if n, err := e.Store.ExpireOverdue(context.Background(), 100); err != nil || n != 0 {
		t.Fatalf("on the deadline day: expired %d, %v; want none", n, err)
	}
	e.Clock.Add(24 * time.Hour)
	if n, err := e.Store.ExpireOverdue(context.Background(), 100); err != nil || n != 1 {
		t.Fatalf("the day after the deadline: expired %d, %v; want 1", n, err)
	}
	tok := e.memberToken()
	got := decodeJSON[api.Reimbursement](t, want(t, e.do(req{method: "GET", path: fmt.Sprintf("/reimbursements/%d", re.ID), token: tok}), 200))
	last := got.Events[len(got.Events)-1]
	if got.Status != api.StatusExpired || last.Status != api.StatusExpired || last.Actor != api.ActorSystem {
		t.Fatalf("status %s, last event %+v", got.Status, last)
	}
	wantErr(t, e.do(req{method: "POST", path: fmt.Sprintf("/reimbursements/%d/cancel", re.ID), token: tok}), api.CodeInvalidTransition)
	e.mustCreate(tok, "expire-key-0002", api.KindSummer)
}

// TestCreateRace: a phone retrying on a flaky network, or two taps at
// once, still opens exactly one request.
func TestCreateRace(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sameKey  bool
		want201  int
		want409  int
		wantRows int
	}{
		{"same key from eight goroutines", true, 8, 0, 1},
		{"eight keys for one kind", false, 1, 7, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			tok := e.memberToken()
			body := api.CreateReimbursementRequest{Kind: api.KindSummer, ConfirmedProfile: e.profile(tok)}
			results := make(chan resp, 8)
			var wg sync.WaitGroup
			for i := 0; i < 8; i++ {
				key := "race-key-shared"
				if !tc.sameKey {
					key = fmt.Sprintf("race-key-%04d", i)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					results <- e.do(req{method: "POST", path: "/reimbursements", token: tok, body: body, header: map[string]string{api.IdempotencyKeyHeader: key}})
				}()
			}
			wg.Wait()
			close(results)
			var bodies = map[string]bool{}
			n201, n409 := 0, 0
			for r := range results {
				switch r.Status {
				case 201:
					n201++
					bodies[string(r.Body)] = true
				case 409:
					n409++
					if r.Err(t).Code != api.CodeAlreadyRequested {
						t.Errorf("409 %s", r.Body)
					}
				default:
					t.Errorf("status %d: %s", r.Status, r.Body)
				}
			}
			if n201 != tc.want201 || n409 != tc.want409 || len(bodies) != 1 {
				t.Fatalf("%d×201 (%d distinct bodies), %d×409; want %d, 1, %d", n201, len(bodies), n409, tc.want201, tc.want409)
			}
			if n := e.count(`SELECT COUNT(*) FROM reimbursements`); n != tc.wantRows {
				t.Fatalf("%d rows, want %d", n, tc.wantRows)
			}
		})
	}
}
