package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

const (
	codeTTL     = 10 * time.Minute
	maxAttempts = 5
)

func TestRecoveryCodes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		n := 0
		// member adds a member with a password and a live session.
		member := func(t *testing.T) int64 {
			t.Helper()
			n++
			mat := fmt.Sprintf("20000%02d", n)
			id := addMembers(t, db, newMember(mat, mat+"@finances.gov.ma", "Alaoui", "Amina"))[0]
			if err := db.SetMemberPassword(ctx, id, "old-hash"); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateSession(ctx, []byte("session-"+mat), api.RoleMember, id, db.clock.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			return id
		}
		create := func(t *testing.T, id int64, hash string) {
			t.Helper()
			m, _ := db.MemberByID(ctx, id)
			mail := store.Mail{To: m.Email, Subject: "Code FOS", Body: "Votre code : " + hash}
			if err := db.CreateRecoveryCode(ctx, id, hash, codeTTL, mail); err != nil {
				t.Fatal(err)
			}
		}
		use := func(id int64, hash, pw string) error { return db.UseRecoveryCode(ctx, id, hash, pw, maxAttempts) }
		// refused checks that use fails with invalid_request and changes nothing.
		refused := func(t *testing.T, id int64, hash string) {
			t.Helper()
			wantCode(t, use(id, hash, "stolen-hash"), api.CodeInvalidRequest)
			m, _ := db.MemberByID(ctx, id)
			if m.PasswordHash != "old-hash" {
				t.Fatalf("password hash = %q after a refused code, want old-hash", m.PasswordHash)
			}
			mat := m.Matricule
			if _, err := db.SessionByHash(ctx, []byte("session-"+mat)); err != nil {
				t.Fatalf("session after a refused code: %v, want it live", err)
			}
		}
		// accepted checks that use succeeds, sets the password and ends the sessions.
		accepted := func(t *testing.T, id int64, hash string) {
			t.Helper()
			if err := use(id, hash, "new-hash"); err != nil {
				t.Fatalf("right code: %v", err)
			}
			m, _ := db.MemberByID(ctx, id)
			if m.PasswordHash != "new-hash" {
				t.Fatalf("password hash = %q, want new-hash", m.PasswordHash)
			}
			if _, err := db.SessionByHash(ctx, []byte("session-"+m.Matricule)); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("session after reset: err %v, want it revoked", err)
			}
		}

		for _, tc := range []struct {
			name string
			run  func(t *testing.T, id int64)
		}{
			{"right code", func(t *testing.T, id int64) {
				create(t, id, "h-123456")
				accepted(t, id, "h-123456")
			}},
			{"used code", func(t *testing.T, id int64) {
				create(t, id, "h-123456")
				accepted(t, id, "h-123456")
				wantCode(t, use(id, "h-123456", "third-hash"), api.CodeInvalidRequest)
				if m, _ := db.MemberByID(ctx, id); m.PasswordHash != "new-hash" {
					t.Fatalf("a used code changed the password to %q", m.PasswordHash)
				}
			}},
			{"five wrong tries spend the code", func(t *testing.T, id int64) {
				create(t, id, "h-123456")
				for i := 0; i < maxAttempts; i++ {
					refused(t, id, fmt.Sprintf("h-wrong-%d", i))
				}
				refused(t, id, "h-123456")
			}},
			{"four wrong tries leave one", func(t *testing.T, id int64) {
				create(t, id, "h-123456")
				for i := 0; i < maxAttempts-1; i++ {
					refused(t, id, fmt.Sprintf("h-wrong-%d", i))
				}
				accepted(t, id, "h-123456")
			}},
			{"expired code", func(t *testing.T, id int64) {
				create(t, id, "h-123456")
				db.clock.Add(codeTTL)
				refused(t, id, "h-123456")
			}},
			{"code just before expiry", func(t *testing.T, id int64) {
				create(t, id, "h-123456")
				db.clock.Add(codeTTL - time.Millisecond)
				accepted(t, id, "h-123456")
			}},
			{"new code invalidates the old one", func(t *testing.T, id int64) {
				create(t, id, "h-111111")
				create(t, id, "h-222222")
				refused(t, id, "h-111111")
				accepted(t, id, "h-222222")
			}},
			{"no code asked", func(t *testing.T, id int64) {
				refused(t, id, "h-123456")
			}},
			{"another member's code", func(t *testing.T, id int64) {
				other := member(t)
				create(t, other, "h-999999")
				refused(t, id, "h-999999")
				if err := use(other, "h-999999", "other-hash"); err != nil {
					t.Fatalf("the owner's code stopped working: %v", err)
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) { tc.run(t, member(t)) })
		}
	})
}

func TestRecoveryCodeQueuesMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id := addMembers(t, db, newMember("1000001", "Amina@Finances.gov.ma", "Alaoui", "Amina"))[0]
		want := store.Mail{To: "Amina@Finances.gov.ma", Subject: "Votre code FOS", Body: "Code : 483920"}
		if err := db.CreateRecoveryCode(ctx, id, "hash-483920", codeTTL, want); err != nil {
			t.Fatal(err)
		}
		var got []store.Mail
		sent, err := db.SendMail(ctx, 10, 5, func(_ context.Context, m store.Mail) error {
			got = append(got, m)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if sent != 1 || len(got) != 1 {
			t.Fatalf("sent %d mails (%d handed over), want 1", sent, len(got))
		}
		want.ID = got[0].ID
		if got[0] != want {
			t.Fatalf("mail = %+v, want %+v", got[0], want)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM recovery_codes WHERE member_id = $1`, id); n != 1 {
			t.Fatalf("recovery codes = %d, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '%483920%' AND code_hash <> 'hash-483920'`); n != 0 {
			t.Fatal("the code is stored otherwise than as given")
		}
	})
}

// TestRecoveryCodeConcurrentTries sends many wrong codes at once, as
// several replicas would receive them: no more than maxAttempts of them may
// be checked against the code, and then the right code must fail too.
func TestRecoveryCodeConcurrentTries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		id := addMembers(t, db, newMember("1000001", "a@fos.ma", "Alaoui", "Amina"))[0]
		if err := db.CreateRecoveryCode(ctx, id, "h-123456", codeTTL, store.Mail{To: "a@fos.ma", Subject: "Code", Body: "123456"}); err != nil {
			t.Fatal(err)
		}
		const tries = 20
		errs := make([]error, tries)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < tries; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = db.UseRecoveryCode(ctx, id, fmt.Sprintf("h-wrong-%d", i), "x", maxAttempts)
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			wantCode(t, err, api.CodeInvalidRequest)
		}
		if n := count(t, db, `SELECT attempts FROM recovery_codes WHERE member_id = $1`, id); n != maxAttempts {
			t.Errorf("tries counted = %d, want %d: every try past the limit was still checked", n, maxAttempts)
		}
		wantCode(t, db.UseRecoveryCode(ctx, id, "h-123456", "x", maxAttempts), api.CodeInvalidRequest)
	})
}
