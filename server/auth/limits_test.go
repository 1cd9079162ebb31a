package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit/testdb"
	"github.com/fos-mobile/fos/server/testserver"
)

// engines runs fn on a seeded SQLite store and, when FOS_TEST_POSTGRES_URL
// is set, on a seeded PostgreSQL schema of its own.
func engines(t *testing.T, fn func(t *testing.T, s *auth.Service, acc demo.Accounts)) {
	testdb.Engines(t, "fos_auth_test_", func(t *testing.T, u string) {
		sd := testserver.Seed(t, u, store.Options{})
		fn(t, sd.Auth, sd.Acc)
	})
}

func code(err error) api.Code {
	var ae *api.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err != nil {
		return "other: " + api.Code(err.Error())
	}
	return ""
}

// TestConcurrentLoginsAreCountedBeforeTheirCheck sends 40 wrong logins for
// one member at once, from 40 addresses: only the limit's worth may have a
// password checked; the rest are refused without hashing.
func TestConcurrentLoginsAreCountedBeforeTheirCheck(t *testing.T) {
	engines(t, func(t *testing.T, s *auth.Service, acc demo.Accounts) {
		const n = 40
		before := s.Hasher.Verifications()
		codes := make([]api.Code, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := s.Login(context.Background(), acc.Member.Identifier, "a wrong password", fmt.Sprintf("198.51.100.%d", i))
				codes[i] = code(err)
			}()
		}
		close(start)
		wg.Wait()
		count := map[api.Code]int{}
		for _, c := range codes {
			count[c]++
		}
		limit := auth.DefaultPolicy.LoginLimit
		if count[api.CodeInvalidCredentials] != limit || count[api.CodeRateLimited] != n-limit {
			t.Fatalf("answers %v; want %d invalid_credentials and %d rate_limited", count, limit, n-limit)
		}
		if got := s.Hasher.Verifications() - before; got != int64(limit) {
			t.Fatalf("%d passwords checked, want %d", got, limit)
		}
	})
}

// TestRacingRecoveriesQueueAtMostTheLimit: 20 recovery requests at once for
// one member queue no more codes than the hourly limit.
func TestRacingRecoveriesQueueAtMostTheLimit(t *testing.T) {
	engines(t, func(t *testing.T, s *auth.Service, acc demo.Accounts) {
		const n = 20
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				s.Recover(context.Background(), acc.FirstLogin.Identifier, acc.FirstLogin.CIN, fmt.Sprintf("198.51.100.%d", i))
			}()
		}
		close(start)
		wg.Wait()
		s.Wait()
		mails := 0
		_, err := s.Store.SendMail(context.Background(), 100, 5, func(context.Context, store.Mail) error { mails++; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if want := auth.DefaultPolicy.RecoverLimit; mails != want {
			t.Fatalf("%d codes queued, want %d", mails, want)
		}
	})
}

// TestIdentifierSpellingsShareOneBudget: case and spaces do not open a new
// budget, and look-alike letters are refused outright.
func TestIdentifierSpellingsShareOneBudget(t *testing.T) {
	s, acc, _ := service(t)
	ctx := context.Background()
	email := acc.Member.Email // salma.elamrani@finances.gov.ma
	for i, spelling := range []string{email, " SALMA.ElAmrani@finances.gov.ma", "Salma.Elamrani@FINANCES.gov.ma\t", email, email} {
		_, err := s.Login(ctx, spelling, "a wrong password", fmt.Sprintf("198.51.100.%d", i))
		if code(err) != api.CodeInvalidCredentials {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	if _, err := s.Login(ctx, email, acc.Member.Password, "198.51.100.99"); code(err) != api.CodeRateLimited {
		t.Fatalf("after five failures under several spellings: %v, want rate_limited", err)
	}
	for _, tc := range []struct{ name, id string }{
		{"dotless i", "salma.elamranı@finances.gov.ma"},
		{"long s", "ſalma.elamrani@finances.gov.ma"},
		{"Arabic digits", "١٢٣٤٥٦٧"},
		{"control character", "1234567\x00"},
		{"empty", "  "},
		{"too long", string(make([]byte, 255))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.Hasher.Verifications()
			_, err := s.Login(ctx, tc.id, acc.Member.Password, "198.51.100.200")
			var ae *api.Error
			if !errors.As(err, &ae) || ae.Code != api.CodeInvalidRequest || ae.Field != "identifier" {
				t.Fatalf("err %v, want invalid_request on identifier", err)
			}
			if s.Hasher.Verifications() != before {
				t.Fatal("a refused identifier was hashed")
			}
		})
	}
	for _, tc := range []struct{ in, want string }{
		{" 1234567 ", "1234567"}, {"ab12", "AB12"}, {"Salma@FOS.ma", "salma@fos.ma"},
	} {
		if got, err := auth.CanonicalIdentifier(tc.in); err != nil || got != tc.want {
			t.Errorf("CanonicalIdentifier(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestConfirmCostsTheSameForUnknownIdentifiers: a confirmation hashes the
// new password whether or not the identifier exists, and a client address
// has its own budget.
func TestConfirmCostsTheSameForUnknownIdentifiers(t *testing.T) {
	s, acc, _ := service(t)
	ctx := context.Background()
	for _, id := range []string{acc.FirstLogin.Identifier, "9999999"} {
		before := s.Hasher.Hashes()
		err := s.ConfirmRecovery(ctx, id, "000000", "une phrase assez longue", "198.51.100.1")
		if code(err) != api.CodeInvalidRequest {
			t.Fatalf("%s: %v", id, err)
		}
		if got := s.Hasher.Hashes() - before; got != 1 {
			t.Fatalf("%s: %d hashes, want 1", id, got)
		}
	}
	limit := auth.DefaultPolicy.ConfirmIPLimit
	var last error
	for i := range limit + 1 {
		last = s.ConfirmRecovery(ctx, fmt.Sprintf("77%05d", i), "000000", "une phrase assez longue", "198.51.100.2")
	}
	if code(last) != api.CodeRateLimited {
		t.Fatalf("try %d from one address: %v, want rate_limited", limit+1, last)
	}
}

// TestHashingSlots: when every slot is busy, a login waits SlotWait and is
// answered unavailable, and its attempt is given back.
func TestHashingSlots(t *testing.T) {
	s, acc, _ := service(t)
	s.Hasher.SlotWait = 50 * time.Millisecond
	var releases []func()
	for range s.Hasher.Slots() {
		r, err := s.Hasher.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	for range auth.DefaultPolicy.LoginLimit + 2 {
		_, err := s.Login(context.Background(), acc.Member.Identifier, "a wrong password", "198.51.100.1")
		if code(err) != api.CodeUnavailable {
			t.Fatalf("saturated login: %v, want unavailable", err)
		}
	}
	for _, r := range releases {
		r()
	}
	if _, err := s.Login(context.Background(), acc.Member.Identifier, acc.Member.Password, "198.51.100.1"); err != nil {
		t.Fatalf("after the saturation: %v; the refused attempts were counted", err)
	}
}

// TestRecoverWorksAfterItsAnswer: the lookup and the code come after the
// answer (so that a match and a mismatch answer in the same time), and a
// request cancelled once answered still gets its code.
func TestRecoverWorksAfterItsAnswer(t *testing.T) {
	s, acc, _ := service(t)
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.Recover(ctx, acc.FirstLogin.Identifier, acc.FirstLogin.CIN, "198.51.100.1"); err != nil {
		t.Fatal(err)
	}
	cancel()
	s.Wait()
	mails := 0
	if _, err := s.Store.SendMail(context.Background(), 100, 5, func(_ context.Context, m store.Mail) error {
		if m.To != acc.FirstLogin.Email {
			t.Errorf("mail to %s", m.To)
		}
		mails++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if mails != 1 {
		t.Fatalf("%d mails queued, want 1", mails)
	}
}
