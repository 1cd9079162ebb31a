package durability

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestCrashSQLite kill -9s the server under load on SQLite; see crashTest.
func TestCrashSQLite(t *testing.T) { crashTest(t, sqliteDB(t)) }

// TestCrashPostgres kill -9s the server under load on PostgreSQL; see
// crashTest.
func TestCrashPostgres(t *testing.T) { crashTest(t, postgresDB(t)) }

// crashTest runs rounds of: concurrent submissions by fresh members (each
// member and kind under its own key, some keys sent twice at once, some
// replayed after their 201), kill -9 of the server mid-load, restart on
// the same database. After each restart it proves that
//   - the database passes its integrity check and invariants;
//   - every 201 that reached a client is stored with the same id and
//     reference, under its key (checkAnswers);
//   - sessions survived: the same tokens keep working;
//   - retrying each key whose answer was lost gives the stored request when
//     the key had committed (a replay) or a fresh create when it had not,
//     and never a second request: afterwards there is exactly one request
//     and one key row per job.
func crashTest(t *testing.T, db database) {
	size := sizeFromEnv(t)
	begin := time.Now()
	members := seed(t, db, size.members*size.rounds, passwordsStore)
	srv := startServer(t, "server", db)
	hc := newHTTPClient(2 * size.workers)
	loginAll(t, hc, members, srv)
	t.Logf("%s: %d members seeded and logged in, in %v", db.engine, len(members), time.Since(begin).Round(time.Millisecond))

	var all []attempt
	for round := 0; round < size.rounds; round++ {
		jobs := jobsFor(members[round*size.members : (round+1)*size.members])
		killAt := []float64{0.4, 0.2, 0.6, 0.8}[round%4]
		res := loadAndKill(t, hc, srv, plan(t, jobs), size.workers, killAt)
		all = append(all, res.attempts...)
		lost := 0
		for _, a := range res.attempts {
			if a.reply.err != nil {
				lost++
			}
		}
		t.Logf("round %d: kill -9 after %v with %d requests in flight; answers %s", round+1,
			res.elapsed.Round(time.Millisecond), res.inFlight, tally(res.attempts))
		if lost == 0 {
			t.Errorf("round %d: no request lost its answer: the kill missed the load", round+1)
		}
		if f := srv.failures(); len(f) > 0 {
			t.Errorf("%s logged failures before the kill:\n%v", srv.name, f)
		}
		hc.CloseIdleConnections()

		restart := time.Now()
		srv = startServer(t, fmt.Sprintf("server after kill %d", round+1), db)
		t.Logf("round %d: restarted in %v", round+1, time.Since(restart).Round(time.Millisecond))
		all = append(all, afterCrash(t, db, hc, srv, jobs, all)...)
		s := db.open(t)
		checkAnswers(t, s, all)
		checkInvariants(t, s)
		done := 2 * size.members * (round + 1)
		if got := count(t, s, `SELECT COUNT(*) FROM reimbursements`); got != done {
			t.Errorf("round %d: %d requests stored, want exactly %d (one per job)", round+1, got, done)
		}
		if got := count(t, s, `SELECT COUNT(*) FROM idempotency_keys`); got != done {
			t.Errorf("round %d: %d idempotency keys stored, want exactly %d (one per job)", round+1, got, done)
		}
		s.Close()
		if t.Failed() {
			t.FailNow()
		}
	}
	srv.stop()
	if f := srv.failures(); len(f) > 0 {
		t.Errorf("%s logged failures:\n%v", srv.name, f)
	}
	s := db.open(t)
	defer s.Close()
	checkIntegrity(t, s)
	t.Logf("%s: %d rounds in %v", db.engine, size.rounds, time.Since(begin).Round(time.Millisecond))
}

// afterCrash checks the restarted database, then retries every job of the
// round that has no answer yet, and returns those retries.
func afterCrash(t *testing.T, db database, hc *http.Client, srv *server, jobs []*job, all []attempt) []attempt {
	t.Helper()
	s := db.open(t)
	checkIntegrity(t, s)
	checkInvariants(t, s)
	checkAnswers(t, s, all)
	stored := loadKeys(t, s)
	s.Close()

	got := answeredKeys(all)
	var retry []*job
	for _, j := range jobs {
		if !got[memberKey{j.member.id, j.key}] {
			retry = append(retry, j)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := make([]attempt, len(retry))
	parallel(len(retry), 8, func(i int) {
		j := retry[i]
		out[i] = attempt{member: j.member.id, kind: j.kind, key: j.key, server: srv.name, phase: "retry after crash",
			reply: createReimbursement(ctx, hc, srv.url, j.member.token, j.key, j.member.body(j.kind))}
	})
	replays, fresh := 0, 0
	for i := range out {
		a := &out[i]
		id, committed := stored[memberKey{a.member, a.key}]
		switch {
		case a.reply.err != nil || a.reply.status != http.StatusCreated:
			t.Errorf("%v: want 201 (a replay or a fresh create)", a)
		case committed && a.reply.created.ID != id:
			t.Errorf("%v: the key had committed request %d before the crash, but the retry answered %d", a, id, a.reply.created.ID)
		case committed:
			a.replayed = true
			replays++
		default:
			fresh++
		}
	}
	t.Logf("retried %d keys without an answer: %d had committed before the kill (replayed), %d had not (created now)",
		len(retry), replays, fresh)
	return out
}
