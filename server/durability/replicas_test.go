package durability

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// TestMultiReplica runs two fos-server processes on one PostgreSQL
// database, as behind a load balancer, and proves they behave as one
// server: concurrent submissions for the same members at both replicas
// (each key repeated, and a second key for the same kind: a double submit)
// open exactly one request per member, kind and season; every 201 is in
// the database as answered; a key always names the same request on either
// replica; a session opened on one replica works on the other (every token
// is used on both); and login lockouts count failures on both replicas
// together.
func TestMultiReplica(t *testing.T) {
	db := postgresDB(t)
	const n = 50
	begin := time.Now()
	members := seed(t, db, n, passwordsCLI)
	t.Logf("seeded %d members (members import, campaign set, set-password ×%d) in %v", n, n, time.Since(begin).Round(time.Millisecond))

	a := startServer(t, "replica A", db, "--trust-proxy")
	b := startServer(t, "replica B", db, "--trust-proxy")
	replicas := []*server{a, b}
	hc := newHTTPClient(64)
	begin = time.Now()
	loginAll(t, hc, members, a, b)
	t.Logf("logged %d members in, alternating replicas, in %v", n, time.Since(begin).Round(time.Millisecond))

	begin = time.Now()
	attempts := storm(t, hc, members, replicas)
	t.Logf("storm: %d concurrent creates in %v: %s", len(attempts), time.Since(begin).Round(time.Millisecond), tally(attempts))
	// Afterwards each key once more on the other replica: a late retry.
	for i, at := range attempts { // the range is over the storm only
		if i%3 != 0 {
			continue
		}
		m := memberByID(members, at.member)
		other := replicas[0]
		if at.server == other.name {
			other = replicas[1]
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		at.phase, at.server = "late retry", other.name
		at.reply = createReimbursement(ctx, hc, other.url, m.token, at.key, m.body(at.kind))
		cancel()
		attempts = append(attempts, at)
	}

	for _, at := range attempts {
		if at.reply.err != nil {
			t.Errorf("%v", at)
		}
	}
	s := db.open(t)
	defer s.Close()
	checkAnswers(t, s, attempts)
	winners := map[string]map[string]bool{} // member/kind → keys answered 201
	for _, at := range attempts {
		slot := fmt.Sprintf("member %d %s", at.member, at.kind)
		if winners[slot] == nil {
			winners[slot] = map[string]bool{}
		}
		if at.reply.status == http.StatusCreated {
			winners[slot][at.key] = true
		}
	}
	for slot, keys := range winners {
		if len(keys) != 1 {
			t.Errorf("%s: %d keys were answered 201, want exactly 1: %v", slot, len(keys), keys)
		}
	}
	if got, want := len(winners), 2*n; got != want {
		t.Errorf("%d member/kind slots submitted, want %d", got, want)
	}
	if got, want := count(t, s, `SELECT COUNT(*) FROM reimbursements`), 2*n; got != want {
		t.Errorf("%d requests in the database, want exactly %d (one per member and kind)", got, want)
	}
	if got, want := count(t, s, `SELECT COUNT(*) FROM (SELECT member_id FROM reimbursements
		WHERE status NOT IN ('cancelled', 'expired') GROUP BY member_id, kind, season HAVING COUNT(*) = 1) d`), 2*n; got != want {
		t.Errorf("%d member/kind/season slots hold exactly one live request, want %d", got, want)
	}
	if got, want := count(t, s, `SELECT COUNT(*) FROM idempotency_keys`), 2*n; got != want {
		t.Errorf("%d idempotency keys stored, want %d (the losing key of a double submit stores nothing)", got, want)
	}
	checkInvariants(t, s)
	checkIntegrity(t, s)

	t.Run("logout on one replica ends the session on the other within the cache bound", func(t *testing.T) {
		logoutAcross(t, hc, a, b, members[2])
	})
	t.Run("identifier lockout across replicas", func(t *testing.T) { lockoutByIdentifier(t, hc, replicas, members[0]) })
	t.Run("address lockout across replicas", func(t *testing.T) { lockoutByAddress(t, hc, replicas, members[1]) })
	for _, r := range replicas {
		if f := r.failures(); len(f) > 0 {
			t.Errorf("%s logged failures:\n%v", r.name, f)
		}
	}
}

// storm sends, for every member at once, three creates under one summer
// key, three under a second summer key (a double submit) and two under an
// off-season key, alternating the replicas so that every key reaches both.
// Six members are stormed at a time: about 48 requests in flight.
func storm(t *testing.T, hc *http.Client, members []member, replicas []*server) []attempt {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out := make([][]attempt, len(members))
	parallel(len(members), 6, func(i int) {
		m := members[i]
		var plan []attempt
		for _, k := range []struct {
			kind  api.Kind
			key   string
			times int
		}{
			{api.KindSummer, fmt.Sprintf("summer-first-%s", m.matricule), 3},
			{api.KindSummer, fmt.Sprintf("summer-again-%s", m.matricule), 3},
			{api.KindOffSeason, fmt.Sprintf("off-season-%s", m.matricule), 2},
		} {
			for j := 0; j < k.times; j++ {
				plan = append(plan, attempt{member: m.id, kind: k.kind, key: k.key, phase: "storm"})
			}
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for j := range plan {
			r := replicas[(i+j)%len(replicas)]
			plan[j].server = r.name
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				plan[j].reply = createReimbursement(ctx, hc, r.url, m.token, plan[j].key, m.body(plan[j].kind))
			}()
		}
		close(start)
		wg.Wait()
		out[i] = plan
	})
	var all []attempt
	for _, p := range out {
		all = append(all, p...)
	}
	return all
}

func memberByID(members []member, id int64) member {
	for _, m := range members {
		if m.id == id {
			return m
		}
	}
	panic(fmt.Sprintf("no member %d", id))
}

// lockoutByIdentifier spreads five wrong passwords for one member over both
// replicas, each from another client address so that only the identifier
// counts. Neither replica alone saw five failures, so a limiter kept in
// the process would let the sixth attempt through; the shared one must
// answer 429 on either replica, even to the right password.
func lockoutByIdentifier(t *testing.T, hc *http.Client, replicas []*server, m member) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := 0; i < 5; i++ {
		r, _ := login(ctx, hc, replicas[i%2].url, m.matricule, fmt.Sprintf("wrong password %d!", i), fmt.Sprintf("198.51.100.%d", i+1))
		if r.err != nil || r.status != http.StatusUnauthorized || r.apiErr.Code != api.CodeInvalidCredentials {
			t.Fatalf("failure %d on %s: %s, want 401 invalid_credentials", i+1, replicas[i%2].name, r)
		}
	}
	for i, rep := range []*server{replicas[1], replicas[0]} {
		r, token := login(ctx, hc, rep.url, m.matricule, m.password, fmt.Sprintf("198.51.100.%d", 6+i))
		wantLocked(t, rep, r, token)
	}
}

// lockoutByAddress spreads five failures from one client address, on five
// unknown identifiers, over both replicas: that address is then locked out
// on both, even with a member's right password, while the same member from
// another address still gets in.
func lockoutByAddress(t *testing.T, hc *http.Client, replicas []*server, m member) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const ip = "203.0.113.7"
	for i := 0; i < 5; i++ {
		r, _ := login(ctx, hc, replicas[i%2].url, fmt.Sprintf("unknown%d", i), "not the password!", ip)
		if r.err != nil || r.status != http.StatusUnauthorized {
			t.Fatalf("failure %d on %s: %s, want 401", i+1, replicas[i%2].name, r)
		}
	}
	for _, rep := range []*server{replicas[1], replicas[0]} {
		r, token := login(ctx, hc, rep.url, m.matricule, m.password, ip)
		wantLocked(t, rep, r, token)
	}
	if r, token := login(ctx, hc, replicas[0].url, m.matricule, m.password, "203.0.113.8"); token == "" {
		t.Errorf("from another address: %s, want 200", r)
	}
}

func wantLocked(t *testing.T, rep *server, r reply, token string) {
	t.Helper()
	secs, _ := strconv.Atoi(r.retryAfter)
	if r.err != nil || r.status != http.StatusTooManyRequests || r.apiErr.Code != api.CodeRateLimited || secs < 1 || token != "" {
		t.Errorf("on %s: %s (Retry-After %q), want 429 rate_limited with Retry-After", rep.name, r, r.retryAfter)
	}
}

// logoutAcross proves the session cache's bound between real replicas: m's
// token, just used on b (so b holds it in memory), is revoked on a; a
// refuses it at once and b within store.DefaultSessionCacheTTL of its read
// (plus slack for a loaded machine's scheduling and the HTTP round trips).
func logoutAcross(t *testing.T, hc *http.Client, a, b *server, m member) {
	const slack = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	me := func(srv *server) int {
		return call(ctx, hc, http.MethodGet, srv.url+api.BasePath+"/me", m.token, nil, nil).status
	}
	read := time.Now()
	if got := me(b); got != http.StatusOK {
		t.Fatalf("GET /me on %s before logout: %d", b.name, got)
	}
	if r := call(ctx, hc, http.MethodPost, a.url+api.BasePath+"/auth/logout", m.token, nil, nil); r.status != http.StatusNoContent && r.status != http.StatusOK {
		t.Fatalf("logout on %s: %v", a.name, r)
	}
	if got := me(a); got != http.StatusUnauthorized {
		t.Fatalf("GET /me on %s after logout there: %d, want 401 at once", a.name, got)
	}
	for {
		got := me(b)
		elapsed := time.Since(read)
		if got == http.StatusUnauthorized {
			t.Logf("%s refused the revoked token %v after reading it (bound %v)", b.name, elapsed.Round(time.Millisecond), store.DefaultSessionCacheTTL)
			return
		}
		if got != http.StatusOK {
			t.Fatalf("GET /me on %s: %d", b.name, got)
		}
		if elapsed > store.DefaultSessionCacheTTL+slack {
			t.Fatalf("%s still accepts a token revoked on %s, %v after reading it", b.name, a.name, elapsed)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
