package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/store"
)

// queueMails queues n mails, one per new member, through recovery codes
// (the store's only producer of mail), and returns their addresses.
func queueMails(t *testing.T, db *testDB, first, n int) []string {
	t.Helper()
	ctx := context.Background()
	var addrs []string
	for i := first; i < first+n; i++ {
		mat := fmt.Sprintf("3%06d", i)
		addr := mat + "@finances.gov.ma"
		id := addMembers(t, db, newMember(mat, addr, "Membre", mat))[0]
		if err := db.CreateRecoveryCode(ctx, id, "hash-"+mat, codeTTL, store.Mail{To: addr, Subject: "Code", Body: "code " + mat}); err != nil {
			t.Fatal(err)
		}
		addrs = append(addrs, addr)
	}
	return addrs
}

func TestSendMail(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		var sentTo []string
		ok := func(_ context.Context, m store.Mail) error { sentTo = append(sentTo, m.To); return nil }
		errSMTP := errors.New("smtp: 421 try later")
		down := func(context.Context, store.Mail) error { return errSMTP }

		t.Run("sends each mail once", func(t *testing.T) {
			addrs := queueMails(t, db, 0, 3)
			sentTo = nil
			n, err := db.SendMail(ctx, 2, 5, ok)
			if err != nil || n != 2 {
				t.Fatalf("first run with limit 2: sent %d, err %v; want 2", n, err)
			}
			n, err = db.SendMail(ctx, 10, 5, ok)
			if err != nil || n != 1 {
				t.Fatalf("second run: sent %d, err %v; want the 1 left", n, err)
			}
			n, err = db.SendMail(ctx, 10, 5, ok)
			if err != nil || n != 0 {
				t.Fatalf("third run: sent %d, err %v; want nothing", n, err)
			}
			if fmt.Sprint(sentTo) != fmt.Sprint(addrs) {
				t.Fatalf("sent to %v, want %v in order", sentTo, addrs)
			}
		})

		t.Run("body blanked after sending", func(t *testing.T) {
			if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND body = '' AND last_error = ''`); n != 3 {
				t.Fatalf("sent mails with a blank body = %d, want 3", n)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE body LIKE '%code%'`); n != 0 {
				t.Fatalf("%d sent mails still hold their code", n)
			}
		})

		t.Run("failure retried later with a growing delay", func(t *testing.T) {
			queueMails(t, db, 10, 1)
			for i, delay := range []time.Duration{time.Minute, 2 * time.Minute} {
				n, err := db.SendMail(ctx, 10, 3, down)
				if n != 0 || !errors.Is(err, errSMTP) {
					t.Fatalf("attempt %d: sent %d, err %v; want 0 and the send error", i+1, n, err)
				}
				if got := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND last_error = $1 AND body <> ''`, errSMTP.Error()); got != 1 {
					t.Fatalf("attempt %d: failed mails with their error and body kept = %d, want 1", i+1, got)
				}
				db.clock.Add(delay - time.Millisecond)
				if n, err := db.SendMail(ctx, 10, 3, ok); n != 0 || err != nil {
					t.Fatalf("attempt %d: %v after the failure: sent %d, err %v; want nothing due yet", i+1, delay-time.Millisecond, n, err)
				}
				db.clock.Add(time.Millisecond)
			}
			n, err := db.SendMail(ctx, 10, 3, down)
			if n != 0 || !errors.Is(err, errSMTP) {
				t.Fatalf("third attempt: sent %d, err %v", n, err)
			}
			db.clock.Add(24 * time.Hour)
			if n, err := db.SendMail(ctx, 10, 3, ok); n != 0 || err != nil {
				t.Fatalf("after 3 of 3 attempts: sent %d, err %v; want the mail given up", n, err)
			}
		})

		t.Run("failure then success", func(t *testing.T) {
			addrs := queueMails(t, db, 20, 1)
			if _, err := db.SendMail(ctx, 10, 3, down); !errors.Is(err, errSMTP) {
				t.Fatalf("err %v, want the send error", err)
			}
			db.clock.Add(time.Minute)
			sentTo = nil
			if n, err := db.SendMail(ctx, 10, 3, ok); n != 1 || err != nil {
				t.Fatalf("retry: sent %d, err %v; want 1", n, err)
			}
			if len(sentTo) != 1 || sentTo[0] != addrs[0] {
				t.Fatalf("retry sent to %v, want %v", sentTo, addrs)
			}
		})
	})
}

func TestSendMailConcurrentLoopsSendOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *testDB) {
		ctx := context.Background()
		const mails, loops = 40, 4
		addrs := queueMails(t, db, 0, mails)
		var mu sync.Mutex
		sends := map[string]int{}
		send := func(_ context.Context, m store.Mail) error {
			time.Sleep(time.Millisecond) // the network, so that loops overlap
			mu.Lock()
			sends[m.To]++
			mu.Unlock()
			return nil
		}
		var wg sync.WaitGroup
		total := make([]int, loops)
		errs := make([]error, loops)
		for i := 0; i < loops; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := db.SendMail(ctx, 3, 5, send)
					total[i] += n
					if err != nil {
						errs[i] = err
						return
					}
					if n == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		sum := 0
		for i := range loops {
			if errs[i] != nil {
				t.Fatalf("loop %d: %v", i, errs[i])
			}
			sum += total[i]
		}
		if sum != mails {
			t.Errorf("loops report %d sent, want %d", sum, mails)
		}
		for _, a := range addrs {
			if sends[a] != 1 {
				t.Errorf("mail to %s sent %d times, want once", a, sends[a])
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL`); n != 0 {
			t.Errorf("%d mails left unsent", n)
		}
	})
}
