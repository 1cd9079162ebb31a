package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

func TestUpsertMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		ins, upd, err := db.UpsertMembers(ctx, []store.Member{
			newMember("1000001", "Amina.Alaoui@Finances.gov.ma", "Alaoui", "Amina"),
			newMember("1000002", "karim@finances.gov.ma", "بناني", "كريم"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if ins != 2 || upd != 0 {
			t.Fatalf("first import: inserted %d updated %d, want 2 and 0", ins, upd)
		}
		amina, _ := db.MemberByIdentifier(ctx, "1000001")
		if err := db.SetMemberPassword(ctx, amina.ID, "hash-of-amina"); err != nil {
			t.Fatal(err)
		}

		changed := newMember("1000001", "amina@finances.gov.ma", "Alaoui-Idrissi", "Amina")
		changed.Echelon = 6
		changed.ChildrenCount = 3
		ins, upd, err = db.UpsertMembers(ctx, []store.Member{changed, newMember("1000003", "s@finances.gov.ma", "Squalli", "Said")})
		if err != nil {
			t.Fatal(err)
		}
		if ins != 1 || upd != 1 {
			t.Fatalf("second import: inserted %d updated %d, want 1 and 1", ins, upd)
		}
		got, err := db.MemberByIdentifier(ctx, "1000001")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != amina.ID {
			t.Errorf("update by matricule changed the id: %d, want %d", got.ID, amina.ID)
		}
		if got.LastName != "Alaoui-Idrissi" || got.Email != "amina@finances.gov.ma" || got.Echelon != 6 || got.ChildrenCount != 3 {
			t.Errorf("updated member = %+v, want the new name, e-mail, echelon 6 and 3 children", got)
		}
		if got.PasswordHash != "hash-of-amina" {
			t.Errorf("password hash after update = %q, want it kept", got.PasswordHash)
		}
		if _, err := db.MemberByIdentifier(ctx, "Amina.Alaoui@Finances.gov.ma"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("old e-mail still finds the member (err %v), want ErrNotFound", err)
		}

		for _, tc := range []struct {
			name   string
			batch  []store.Member
			absent []string // matricules the failed file must not leave behind
		}{
			{"e-mail of another member, other case", []store.Member{
				newMember("1000004", "new@finances.gov.ma", "Nouveau", "Nabil"),
				newMember("1000005", "KARIM@finances.gov.ma", "Autre", "Karim"),
			}, []string{"1000004", "1000005"}},
			{"same e-mail twice in the file", []store.Member{
				newMember("1000006", "twice@finances.gov.ma", "Un", "Un"),
				newMember("1000007", "twice@finances.gov.ma", "Deux", "Deux"),
			}, []string{"1000006", "1000007"}},
			{"update taking another member's e-mail", []store.Member{
				newMember("1000008", "fresh@finances.gov.ma", "Frais", "F"),
				newMember("1000003", "amina@finances.gov.ma", "Squalli", "Said"),
			}, []string{"1000008"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, `SELECT COUNT(*) FROM members`)
				ins, upd, err := db.UpsertMembers(ctx, tc.batch)
				if err == nil {
					t.Fatal("import succeeded, want an error for the duplicate e-mail")
				}
				if ins != 0 || upd != 0 {
					t.Errorf("failed import reports inserted %d updated %d, want 0 and 0", ins, upd)
				}
				if after := count(t, db, `SELECT COUNT(*) FROM members`); after != before {
					t.Errorf("members after failed import = %d, want %d (nothing imported)", after, before)
				}
				for _, mat := range tc.absent {
					if _, err := db.MemberByIdentifier(ctx, mat); !errors.Is(err, store.ErrNotFound) {
						t.Errorf("row %s of the failed file was imported (err %v)", mat, err)
					}
				}
				said, err := db.MemberByIdentifier(ctx, "1000003")
				if err != nil || said.Email != "s@finances.gov.ma" {
					t.Errorf("member 1000003 after failed import = %+v, %v; want unchanged", said, err)
				}
			})
		}
	})
}

func TestMemberByIdentifier(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		ids := addMembers(t, db,
			newMember("1234567", "Amina.Alaoui@Finances.gov.ma", "Alaoui", "Amina"),
			newMember("7654321", "karim@finances.gov.ma", "بناني", "كريم"),
			newMember("ab12", "lettres@finances.gov.ma", "Idrissi", "Sara"))
		for _, tc := range []struct {
			name, identifier string
			want             int64 // 0: not found
		}{
			{"matricule", "1234567", ids[0]},
			{"matricule with spaces", "  7654321 ", ids[1]},
			{"e-mail as stored", "Amina.Alaoui@Finances.gov.ma", ids[0]},
			{"e-mail in lower case", "amina.alaoui@finances.gov.ma", ids[0]},
			{"e-mail in upper case", "AMINA.ALAOUI@FINANCES.GOV.MA", ids[0]},
			{"e-mail with spaces", " karim@finances.gov.ma\t", ids[1]},
			{"matricule with letters as stored", "AB12", ids[2]},
			{"matricule with letters in lower case", "ab12", ids[2]},
			{"matricule with letters in mixed case", " aB12 ", ids[2]},
			{"unknown matricule", "1111111", 0},
			{"unknown e-mail", "nobody@finances.gov.ma", 0},
			{"part of a matricule", "12345", 0},
			{"empty", "", 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				m, err := db.MemberByIdentifier(ctx, tc.identifier)
				if tc.want == 0 {
					if !errors.Is(err, store.ErrNotFound) {
						t.Fatalf("got %+v, %v; want ErrNotFound", m, err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if m.ID != tc.want {
					t.Fatalf("id = %d, want %d", m.ID, tc.want)
				}
			})
		}
		m, err := db.MemberByID(ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		want := newMember("7654321", "karim@finances.gov.ma", "بناني", "كريم")
		want.ID = ids[1]
		want.Lang, want.EmailNotices = "fr", true // the defaults
		if m != want {
			t.Errorf("MemberByID = %+v, want %+v", m, want)
		}
		if _, err := db.MemberByID(ctx, ids[1]+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing id: err %v, want ErrNotFound", err)
		}
	})
}

func TestSetMemberPasswordRevokesSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		ids := addMembers(t, db,
			newMember("1000001", "a@fos.ma", "Alaoui", "Amina"),
			newMember("1000002", "b@fos.ma", "Bennani", "Karim"))
		exp := db.clock.Now().Add(time.Hour)
		sessions := []struct {
			hash    string
			role    api.Role
			subject int64
			live    bool // after the reset of member ids[0]
		}{
			{"phone", api.RoleMember, ids[0], false},
			{"desktop", api.RoleMember, ids[0], false},
			{"other member", api.RoleMember, ids[1], true},
			{"agent with the same id", api.RoleAgent, ids[0], true},
		}
		for _, s := range sessions {
			if err := db.CreateSession(ctx, []byte(s.hash), s.role, s.subject, exp); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetMemberPassword(ctx, ids[0], "new-hash"); err != nil {
			t.Fatal(err)
		}
		for _, s := range sessions {
			_, err := db.SessionByHash(ctx, []byte(s.hash))
			if s.live && err != nil {
				t.Errorf("session %q: %v, want it live", s.hash, err)
			}
			if !s.live && !errors.Is(err, store.ErrNotFound) {
				t.Errorf("session %q: err %v, want ErrNotFound (revoked)", s.hash, err)
			}
		}
		m, _ := db.MemberByID(ctx, ids[0])
		if m.PasswordHash != "new-hash" {
			t.Errorf("password hash = %q, want new-hash", m.PasswordHash)
		}
		if err := db.SetMemberPassword(ctx, ids[1]+100, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown member: err %v, want ErrNotFound", err)
		}
	})
}

func TestSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		start := db.clock.Now()
		tok := []byte{0x00, 0xff, 0x10, 0x80, 0x7f}
		if err := db.CreateSession(ctx, tok, api.RoleMember, 42, start.Add(12*time.Hour)); err != nil {
			t.Fatal(err)
		}
		s, err := db.SessionByHash(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		want := store.Session{Role: api.RoleMember, SubjectID: 42, CreatedAt: start.UTC(), LastSeenAt: start.UTC(), ExpiresAt: start.Add(12 * time.Hour).UTC()}
		if s != want {
			t.Fatalf("session = %+v, want %+v", s, want)
		}

		db.clock.Add(17 * time.Minute)
		if err := db.TouchSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		s, _ = db.SessionByHash(ctx, tok)
		if got, want := s.LastSeenAt, start.Add(17*time.Minute).UTC(); !got.Equal(want) {
			t.Errorf("last seen after touch = %v, want %v", got, want)
		}
		if !s.CreatedAt.Equal(start) {
			t.Errorf("touch moved created_at to %v", s.CreatedAt)
		}

		for _, tc := range []struct {
			name string
			hash []byte
		}{
			{"unknown token", []byte("nope")},
			{"prefix of a token", tok[:4]},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.SessionByHash(ctx, tc.hash); !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("err %v, want ErrNotFound", err)
				}
			})
		}
		if err := db.CreateSession(ctx, tok, api.RoleAgent, 1, start); err == nil {
			t.Error("a second session under the same hash was accepted")
		}

		if err := db.RevokeSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByHash(ctx, tok); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("revoked session: err %v, want ErrNotFound", err)
		}
		if err := db.RevokeSession(ctx, tok); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
	})
}

func TestUpsertAgent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		created, err := db.UpsertAgent(ctx, " Agent@FOS.ma ", "Agent Un", "hash-1")
		if err != nil || !created {
			t.Fatalf("first upsert: created %v, err %v; want a new agent", created, err)
		}
		a, err := db.AgentByEmail(ctx, "AGENT@fos.ma")
		if err != nil {
			t.Fatal(err)
		}
		if a.Email != "agent@fos.ma" || a.Name != "Agent Un" || a.PasswordHash != "hash-1" {
			t.Fatalf("agent = %+v", a)
		}
		if err := db.CreateSession(ctx, []byte("agent-session"), api.RoleAgent, a.ID, db.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, []byte("member-same-id"), api.RoleMember, a.ID, db.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		created, err = db.UpsertAgent(ctx, "agent@fos.ma", "Agent Deux", "hash-2")
		if err != nil || created {
			t.Fatalf("second upsert: created %v, err %v; want an update", created, err)
		}
		b, err := db.AgentByID(ctx, a.ID)
		if err != nil || b.Name != "Agent Deux" || b.PasswordHash != "hash-2" {
			t.Fatalf("updated agent = %+v, %v", b, err)
		}
		if _, err := db.SessionByHash(ctx, []byte("agent-session")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("agent session after a new password: err %v, want revoked", err)
		}
		if _, err := db.SessionByHash(ctx, []byte("member-same-id")); err != nil {
			t.Errorf("a member's session with the same id was revoked: %v", err)
		}
		for _, tc := range []struct{ name, email string }{
			{"unknown e-mail", "nobody@fos.ma"},
			{"member's e-mail", "a@fos.ma"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := db.AgentByEmail(ctx, tc.email); !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("err %v, want ErrNotFound", err)
				}
			})
		}
	})
}

func TestMaskEmail(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "amina.alaoui@finances.gov.ma", "a***@finances.gov.ma"},
		{"one letter", "a@fos.ma", "a***@fos.ma"},
		{"non-ASCII first letter", "élodie@fos.ma", "é***@fos.ma"},
		{"no local part", "@fos.ma", "***"},
		{"no at sign", "amina", "***"},
		{"empty", "", "***"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.MaskEmail(tc.in); got != tc.want {
				t.Fatalf("MaskEmail(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
