package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestCreateReimbursement(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		openSeason(t, db)
		n := 0
		member := func(t *testing.T) (int64, store.Member) {
			t.Helper()
			n++
			m := newMember(fmt.Sprintf("40000%02d", n), fmt.Sprintf("m%d@finances.gov.ma", n), "Alaoui", "Amina")
			return addMembers(t, db, m)[0], m
		}
		create := func(t *testing.T, id int64, key string, req api.CreateReimbursementRequest) store.Created {
			t.Helper()
			c, err := db.CreateReimbursement(ctx, id, key, req)
			if err != nil {
				t.Fatalf("create %s under %q: %v", req.Kind, key, err)
			}
			return c
		}
		rows := func(t *testing.T, id int64) int {
			return count(t, db, `SELECT COUNT(*) FROM reimbursements WHERE member_id = $1`, id)
		}

		t.Run("success", func(t *testing.T) {
			id, m := member(t)
			now := db.clock.Now()
			c := create(t, id, "key-1", request(api.KindSummer, m))
			r := c.Reimbursement
			if c.Replayed {
				t.Error("a first create says Replayed")
			}
			if got, want := r.Reference, store.Reference(2026, r.ID); got != want || !regexp.MustCompile(`^EST-2026-\d{6}$`).MatchString(got) {
				t.Errorf("reference = %q, want %q of the form EST-2026-NNNNNN", got, want)
			}
			camp := campaign(api.KindSummer, "2026-07-01", "2026-09-30", 15)
			want := api.Reimbursement{
				ID: r.ID, Reference: r.Reference, Kind: api.KindSummer, Season: 2026, Status: api.StatusAwaitingDocuments,
				CreatedAt: now.UTC(), UpdatedAt: now.UTC(), DepositDeadline: date("2026-07-25"),
				RequiredDocuments: camp.Documents, DepositLocation: camp.Location,
				Events: []api.Event{{Status: api.StatusAwaitingDocuments, At: now.UTC(), Actor: api.ActorMember}},
			}
			if !reflect.DeepEqual(r, want) {
				t.Fatalf("created = %+v\nwant %+v", r, want)
			}
			if body, _ := json.Marshal(want); !bytes.Equal(c.Body, body) {
				t.Errorf("body = %s\nwant %s", c.Body, body)
			}
			read, err := db.Reimbursement(ctx, id, r.ID)
			if err != nil || !reflect.DeepEqual(read, want) {
				t.Errorf("read back = %+v, %v\nwant %+v", read, err, want)
			}
		})

		t.Run("deposit deadline counts from the local date", func(t *testing.T) {
			id, m := member(t)
			defer db.clock.Set(db.clock.Now())
			db.clock.Set(time.Date(2026, time.July, 10, 23, 30, 0, 0, time.UTC)) // 11 July, 00:30 in Casablanca
			c := create(t, id, "key-1", request(api.KindOffSeason, m))
			if got, want := c.Reimbursement.DepositDeadline, date("2026-08-10"); got != want {
				t.Fatalf("deposit deadline = %v, want %v (11 July + 30 days)", got, want)
			}
		})

		t.Run("same key, same body replays", func(t *testing.T) {
			id, m := member(t)
			first := create(t, id, "key-1", request(api.KindSummer, m))
			db.clock.Add(time.Hour)
			again := create(t, id, "key-1", request(api.KindSummer, m))
			if !again.Replayed {
				t.Error("the replay does not say Replayed")
			}
			if !bytes.Equal(again.Body, first.Body) {
				t.Errorf("replayed body = %s\nwant the first one %s", again.Body, first.Body)
			}
			if !reflect.DeepEqual(again.Reimbursement, first.Reimbursement) {
				t.Errorf("replayed request = %+v\nwant %+v", again.Reimbursement, first.Reimbursement)
			}
			if got := rows(t, id); got != 1 {
				t.Errorf("rows = %d, want 1", got)
			}
			if got := count(t, db, `SELECT COUNT(*) FROM events WHERE reimbursement_id = $1`, first.Reimbursement.ID); got != 1 {
				t.Errorf("events = %d, want 1", got)
			}
		})

		t.Run("same key, other body", func(t *testing.T) {
			id, m := member(t)
			create(t, id, "key-1", request(api.KindSummer, m))
			for _, tc := range []struct {
				name string
				req  api.CreateReimbursementRequest
			}{
				{"other kind", request(api.KindOffSeason, m)},
				{"other children count", func() api.CreateReimbursementRequest {
					r := request(api.KindSummer, m)
					r.ConfirmedProfile.ChildrenCount++
					return r
				}()},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := db.CreateReimbursement(ctx, id, "key-1", tc.req)
					wantCode(t, err, api.CodeIdempotencyMismatch)
					if got := rows(t, id); got != 1 {
						t.Errorf("rows = %d, want 1", got)
					}
				})
			}
		})

		t.Run("same kind under another key", func(t *testing.T) {
			id, m := member(t)
			first := create(t, id, "key-1", request(api.KindSummer, m)).Reimbursement
			_, err := db.CreateReimbursement(ctx, id, "key-2", request(api.KindSummer, m))
			e := wantCode(t, err, api.CodeAlreadyRequested)
			if e.Reference != first.Reference || e.RequestID != first.ID {
				t.Errorf("already_requested carries %q / %d, want %q / %d", e.Reference, e.RequestID, first.Reference, first.ID)
			}
			if got := rows(t, id); got != 1 {
				t.Errorf("rows = %d, want 1", got)
			}
			other := create(t, id, "key-3", request(api.KindOffSeason, m))
			if other.Reimbursement.Kind != api.KindOffSeason || other.Reimbursement.ID == first.ID {
				t.Errorf("the other kind = %+v, want a new off_season request", other.Reimbursement)
			}
		})

		t.Run("keys belong to their member", func(t *testing.T) {
			a, ma := member(t)
			b, mb := member(t)
			ra := create(t, a, "shared-key", request(api.KindSummer, ma))
			rb := create(t, b, "shared-key", request(api.KindSummer, mb))
			if rb.Replayed || rb.Reimbursement.ID == ra.Reimbursement.ID {
				t.Fatalf("member B's create under A's key = %+v, want a request of B's own", rb)
			}
		})

		t.Run("profile changed", func(t *testing.T) {
			id, m := member(t)
			for _, tc := range []struct {
				name string
				edit func(p *api.ConfirmedProfile)
			}{
				{"birth date", func(p *api.ConfirmedProfile) { p.BirthDate = date("1980-03-15") }},
				{"echelle", func(p *api.ConfirmedProfile) { p.Echelle = 10 }},
				{"echelon", func(p *api.ConfirmedProfile) { p.Echelon = 6 }},
				{"recruitment date", func(p *api.ConfirmedProfile) { p.RecruitmentDate = date("2006-09-01") }},
				{"children count", func(p *api.ConfirmedProfile) { p.ChildrenCount = 3 }},
			} {
				t.Run(tc.name, func(t *testing.T) {
					req := request(api.KindSummer, m)
					tc.edit(&req.ConfirmedProfile)
					_, err := db.CreateReimbursement(ctx, id, "key-"+tc.name, req)
					e := wantCode(t, err, api.CodeProfileChanged)
					if e.CurrentProfile == nil || *e.CurrentProfile != m.ConfirmedProfile {
						t.Errorf("current profile = %+v, want %+v", e.CurrentProfile, m.ConfirmedProfile)
					}
					if got := rows(t, id); got != 0 {
						t.Errorf("rows = %d, want 0", got)
					}
				})
			}
		})

		t.Run("window closed", func(t *testing.T) {
			id, m := member(t)
			saved := db.clock.Now()
			defer db.clock.Set(saved)
			for _, tc := range []struct {
				name string
				at   time.Time
			}{
				{"the evening before summer opens", local(2026, time.June, 30, 23, 59)},
				{"the day after summer closes", local(2026, time.October, 1, 0, 0)},
			} {
				t.Run(tc.name, func(t *testing.T) {
					db.clock.Set(tc.at)
					_, err := db.CreateReimbursement(ctx, id, "key-"+tc.name, request(api.KindSummer, m))
					wantCode(t, err, api.CodeWindowClosed)
					if got := rows(t, id); got != 0 {
						t.Errorf("rows = %d, want 0", got)
					}
				})
			}
			db.clock.Set(local(2026, time.September, 30, 23, 59))
			create(t, id, "last-minute", request(api.KindSummer, m))
		})

		t.Run("a retry is replayed after the profile changed or the window closed", func(t *testing.T) {
			id, m := member(t)
			saved := db.clock.Now()
			defer db.clock.Set(saved)
			first := create(t, id, "before-change", request(api.KindSummer, m))
			changed := m
			changed.Echelon++
			if _, _, err := db.UpsertMembers(ctx, []store.Member{changed}); err != nil {
				t.Fatal(err)
			}
			again := create(t, id, "before-change", request(api.KindSummer, m))
			if !again.Replayed || !bytes.Equal(again.Body, first.Body) {
				t.Fatalf("retry after a profile change: replayed %v, body %s; want the first 201 %s", again.Replayed, again.Body, first.Body)
			}
			_, err := db.CreateReimbursement(ctx, id, "before-change", request(api.KindOffSeason, m))
			wantCode(t, err, api.CodeIdempotencyMismatch)
			if _, _, err := db.UpsertMembers(ctx, []store.Member{m}); err != nil {
				t.Fatal(err)
			}
			db.clock.Set(local(2026, time.October, 1, 0, 0))
			again = create(t, id, "before-change", request(api.KindSummer, m))
			if !again.Replayed || again.Reimbursement.ID != first.Reimbursement.ID {
				t.Fatalf("retry after the window closed: %+v, want the replay of %d", again, first.Reimbursement.ID)
			}
		})

		t.Run("a new request after cancel", func(t *testing.T) {
			id, m := member(t)
			first := create(t, id, "key-1", request(api.KindSummer, m)).Reimbursement
			if _, err := db.Transition(ctx, first.ID, store.MoveCancel, store.Change{MemberID: id}); err != nil {
				t.Fatal(err)
			}
			second := create(t, id, "key-2", request(api.KindSummer, m))
			if second.Replayed || second.Reimbursement.ID == first.ID || second.Reimbursement.Reference == first.Reference {
				t.Fatalf("after cancel = %+v, want a new request with its own reference", second.Reimbursement)
			}
			live, err := db.LiveReimbursements(ctx, id, 2026)
			if err != nil {
				t.Fatal(err)
			}
			if len(live) != 1 || live[api.KindSummer].ID != second.Reimbursement.ID {
				t.Fatalf("live requests = %+v, want only the new summer one", live)
			}
			replay := create(t, id, "key-1", request(api.KindSummer, m))
			if !replay.Replayed || replay.Reimbursement.ID != first.ID {
				t.Errorf("the first key now gives %+v, want the replay of its own 201", replay)
			}
		})
	})
}

func TestCreateReimbursementWithoutSeason(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		m := newMember("1000001", "a@fos.ma", "Alaoui", "Amina")
		id := addMembers(t, db, m)[0]
		_, err := db.CreateReimbursement(context.Background(), id, "key-1", request(api.KindSummer, m))
		wantCode(t, err, api.CodeWindowClosed)
	})
}
