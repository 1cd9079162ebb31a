package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestMemberReads(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		openSeason(t, db)
		amina := newMember("1000001", "a@fos.ma", "Alaoui", "Amina")
		karim := newMember("1000002", "k@fos.ma", "Bennani", "Karim")
		ids := addMembers(t, db, amina, karim)
		a, k := ids[0], ids[1]
		mk := func(member int64, m store.Member, key string, kind api.Kind) api.Reimbursement {
			t.Helper()
			db.clock.Add(time.Minute)
			c, err := db.CreateReimbursement(ctx, member, key, request(kind, m))
			if err != nil {
				t.Fatal(err)
			}
			return c.Reimbursement
		}
		first := mk(a, amina, "1", api.KindSummer)
		if _, err := db.Transition(ctx, first.ID, store.MoveCancel, store.Change{MemberID: a}); err != nil {
			t.Fatal(err)
		}
		second := mk(a, amina, "2", api.KindSummer)
		third := mk(a, amina, "3", api.KindOffSeason)
		karims := mk(k, karim, "1", api.KindSummer)

		for _, tc := range []struct {
			name       string
			member, id int64
			found      bool
		}{
			{"own request", a, second.ID, true},
			{"own cancelled request", a, first.ID, true},
			{"other member's request", a, karims.ID, false},
			{"other member reading mine", k, second.ID, false},
			{"missing request", a, karims.ID + 1000, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r, err := db.Reimbursement(ctx, tc.member, tc.id)
				if !tc.found {
					if !errors.Is(err, store.ErrNotFound) {
						t.Fatalf("got %+v, %v; want ErrNotFound", r, err)
					}
					return
				}
				if err != nil || r.ID != tc.id || len(r.Events) == 0 {
					t.Fatalf("got %+v, %v; want request %d with its timeline", r, err, tc.id)
				}
			})
		}

		t.Run("newest first", func(t *testing.T) {
			list, err := db.Reimbursements(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range list {
				got = append(got, r.ID)
				if r.Events != nil || r.Member != nil {
					t.Errorf("list entry %d carries events or member: %+v", r.ID, r)
				}
			}
			if want := []int64{third.ID, second.ID, first.ID}; !reflect.DeepEqual(got, want) {
				t.Fatalf("ids = %v, want %v", got, want)
			}
			if list[2].Status != api.StatusCancelled {
				t.Errorf("oldest = %s, want cancelled", list[2].Status)
			}
		})

		t.Run("no requests is an empty list", func(t *testing.T) {
			list, err := db.Reimbursements(ctx, k+1000)
			if err != nil || list == nil || len(list) != 0 {
				t.Fatalf("got %#v, %v; want an empty, non-nil list", list, err)
			}
		})

		t.Run("live requests by kind", func(t *testing.T) {
			for _, tc := range []struct {
				name   string
				member int64
				season int
				want   map[api.Kind]int64
			}{
				{"both kinds, cancelled left out", a, 2026, map[api.Kind]int64{api.KindSummer: second.ID, api.KindOffSeason: third.ID}},
				{"other member", k, 2026, map[api.Kind]int64{api.KindSummer: karims.ID}},
				{"other season", a, 2025, map[api.Kind]int64{}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					live, err := db.LiveReimbursements(ctx, tc.member, tc.season)
					if err != nil {
						t.Fatal(err)
					}
					got := map[api.Kind]int64{}
					for kind, r := range live {
						got[kind] = r.ID
						if r.Kind != kind {
							t.Errorf("request %d of kind %s filed under %s", r.ID, r.Kind, kind)
						}
					}
					if !reflect.DeepEqual(got, tc.want) {
						t.Fatalf("live = %v, want %v", got, tc.want)
					}
				})
			}
		})
	})
}

func TestAdminReimbursements(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		f := newFixture(t, db)
		people := []store.Member{
			newMember("1000001", "a@fos.ma", "Alaoui", "Amina"),
			newMember("1000002", "k@fos.ma", "Bennani", "Karim"),
			newMember("1000003", "f@fos.ma", "العلوي", "فاطمة"),
			newMember("1000004", "e@fos.ma", "El Idrissi", "Élodie"),
			newMember("2000001", "y@fos.ma", "Squalli", "Youssef"),
		}
		ids := addMembers(t, db, people...)
		refs := map[string]api.Reimbursement{} // by matricule
		for i, m := range people {
			db.clock.Add(time.Minute)
			c, err := db.CreateReimbursement(ctx, ids[i], "key", request(api.KindSummer, m))
			if err != nil {
				t.Fatal(err)
			}
			refs[m.Matricule] = c.Reimbursement
		}
		for _, mat := range []string{"1000002", "1000003"} {
			if _, err := db.Transition(ctx, refs[mat].ID, store.MoveReceive, store.Change{AgentID: f.agentID}); err != nil {
				t.Fatal(err)
			}
		}
		ref := func(mat string) int64 { return refs[mat].ID }

		for _, tc := range []struct {
			name   string
			filter store.AdminFilter
			want   []int64 // newest first
			total  int
		}{
			{"everything", store.AdminFilter{Limit: 50}, []int64{ref("2000001"), ref("1000004"), ref("1000003"), ref("1000002"), ref("1000001")}, 5},
			{"by status", store.AdminFilter{Status: api.StatusDocumentsReceived, Limit: 50}, []int64{ref("1000003"), ref("1000002")}, 2},
			{"status nobody has", store.AdminFilter{Status: api.StatusPaid, Limit: 50}, []int64{}, 0},
			{"by reference", store.AdminFilter{Query: refs["1000002"].Reference, Limit: 50}, []int64{ref("1000002")}, 1},
			{"by reference in lower case", store.AdminFilter{Query: strings.ToLower(refs["1000002"].Reference), Limit: 50}, []int64{ref("1000002")}, 1},
			{"by matricule", store.AdminFilter{Query: " 1000001 ", Limit: 50}, []int64{ref("1000001")}, 1},
			{"part of a matricule matches nothing", store.AdminFilter{Query: "100000", Limit: 50}, []int64{}, 0},
			{"part of a last name, any case", store.AdminFilter{Query: "ALAOU", Limit: 50}, []int64{ref("1000001")}, 1},
			{"first name then last name", store.AdminFilter{Query: "karim bennani", Limit: 50}, []int64{ref("1000002")}, 1},
			{"last name then first name", store.AdminFilter{Query: "Bennani Karim", Limit: 50}, []int64{ref("1000002")}, 1},
			{"Arabic last name", store.AdminFilter{Query: "العلوي", Limit: 50}, []int64{ref("1000003")}, 1},
			{"part of an Arabic name", store.AdminFilter{Query: "اطم", Limit: 50}, []int64{ref("1000003")}, 1},
			{"Arabic full name", store.AdminFilter{Query: "فاطمة العلوي", Limit: 50}, []int64{ref("1000003")}, 1},
			{"accented name as written", store.AdminFilter{Query: "Élodie", Limit: 50}, []int64{ref("1000004")}, 1},
			{"one letter among received requests", store.AdminFilter{Query: "i", Status: api.StatusDocumentsReceived, Limit: 50}, []int64{ref("1000002")}, 1},
			{"status and name", store.AdminFilter{Query: "alaoui", Status: api.StatusDocumentsReceived, Limit: 50}, []int64{}, 0},
			{"nobody", store.AdminFilter{Query: "Zniber", Limit: 50}, []int64{}, 0},
			{"first page", store.AdminFilter{Limit: 2}, []int64{ref("2000001"), ref("1000004")}, 5},
			{"second page", store.AdminFilter{Limit: 2, Offset: 2}, []int64{ref("1000003"), ref("1000002")}, 5},
			{"last page", store.AdminFilter{Limit: 2, Offset: 4}, []int64{ref("1000001")}, 5},
			{"past the end", store.AdminFilter{Limit: 2, Offset: 10}, []int64{}, 5},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := db.AdminReimbursements(ctx, tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				got := []int64{}
				for _, r := range list {
					got = append(got, r.ID)
					if r.Member == nil || r.Member.Matricule == "" {
						t.Errorf("request %d without its member", r.ID)
					}
				}
				if !reflect.DeepEqual(got, tc.want) || total != tc.total {
					t.Fatalf("ids %v total %d, want %v total %d", got, total, tc.want, tc.total)
				}
			})
		}

		list, _, _ := db.AdminReimbursements(ctx, store.AdminFilter{Query: "1000003", Limit: 1})
		if len(list) != 1 || *list[0].Member != (api.MemberSummary{Matricule: "1000003", FirstName: "فاطمة", LastName: "العلوي"}) {
			t.Fatalf("member summary = %+v, want Fatima El Alaoui in Arabic", list)
		}
		if list[0].Status != api.StatusDocumentsReceived {
			t.Fatalf("status = %s, want documents_received", list[0].Status)
		}
	})
}
