package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/store"
)

// runEngine seeds the database at url, starts the server on it and the
// bare handler beside it, and measures every phase in turn.
func runEngine(ctx context.Context, cfg Config, url string) (res Result, err error) {
	s, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		return Result{}, err
	}
	defer s.Close()
	res = Result{Engine: s.Engine(), LoadBefore: loadAverage()}
	defer func() { res.LoadAfter = loadAverage() }()
	logf := func(format string, args ...any) {
		fmt.Fprintf(cfg.Log, "[%s] %s\n", res.Engine, fmt.Sprintf(format, args...))
	}
	stages := cfg.stages()
	t0 := time.Now()
	sd, err := newSeeder(ctx, s, cfg.Members, cfg.ListMembers)
	if err != nil {
		return res, err
	}
	if err := sd.requestsUpTo(ctx, stages[0]); err != nil {
		return res, err
	}
	res.Seed = time.Since(t0)
	logf("seeded %d members and %d requests in %s", cfg.Members, stages[0], since(t0))

	var srv *target
	if cfg.ServerBin != "" {
		srv, err = startBinary(ctx, cfg.ServerBin, url)
	} else {
		srv, err = startInProcess(s)
	}
	if err != nil {
		return res, err
	}
	defer func() {
		if err := srv.stop(); err != nil {
			logf("stopping the server: %v", err)
		}
	}()
	c := newClient(srv.url, max(cfg.Workers, 256))
	defer c.close()

	t0 = time.Now()
	tokens, err := loginAll(ctx, c, cfg.ListMembers, cfg.LoginWorkers)
	if err != nil {
		return res, err
	}
	logf("%d members logged in through the API in %s; server at %s", len(tokens), since(t0), srv.url)
	body, err := c.list(ctx, tokens[0], true)
	if err != nil {
		return res, err
	}
	res.BodyBytes = len(body)
	bare, err := startBare(body)
	if err != nil {
		return res, err
	}
	defer bare.stop()
	bc := newClient(bare.url, max(cfg.Workers, 256))
	defer bc.close()

	var next atomic.Uint64
	authList := func(ctx context.Context) error {
		_, err := c.list(ctx, tokens[next.Add(1)%uint64(len(tokens))], false)
		return err
	}
	bareList := func(ctx context.Context) error { _, err := bc.list(ctx, "", false); return err }
	warm := min(2*time.Second, cfg.Duration/5)

	for _, n := range stages {
		t0 := time.Now()
		if err := sd.requestsUpTo(ctx, n); err != nil {
			return res, err
		}
		res.Seed += time.Since(t0)
		openLoop(ctx, cfg.Rate, warm, authList)
		st := Stage{Requests: n, Load: openLoop(ctx, cfg.Rate, cfg.Duration, authList)}
		res.Stages = append(res.Stages, st)
		logf("list at %.0f req/s with %d requests: p50 %s p99 %s, %d errors", cfg.Rate, n, st.P50, st.P99, st.Errors)
	}

	dir, err := os.MkdirTemp("", "fos-bench-wrk-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	listPath := api.BasePath + "/reimbursements"
	var lists, polls []wrkRequest
	for _, tok := range tokens {
		etag, err := c.etag(ctx, tok)
		if err != nil {
			return res, err
		}
		lists = append(lists, wrkRequest{Token: tok})
		polls = append(polls, wrkRequest{Token: tok, IfNoneMatch: etag})
	}
	phase := func(base string, reqs []wrkRequest, d time.Duration) (Load, error) {
		return wrkRun{base: base, method: http.MethodGet, path: listPath, reqs: reqs, conns: cfg.Workers, d: d}.run(ctx, dir)
	}
	if _, err := phase(srv.url, lists, warm); err != nil {
		return res, err
	}
	if res.AuthList, err = serverCPU(srv, func() (Load, error) { return phase(srv.url, lists, cfg.Duration) }); err != nil {
		return res, err
	}
	logf("authenticated list, %d connections: %.0f req/s, p99 %s", cfg.Workers, res.AuthList.RPS, res.AuthList.P99)
	if res.Poll304, err = serverCPU(srv, func() (Load, error) { return phase(srv.url, polls, cfg.Duration) }); err != nil {
		return res, err
	}
	logf("authenticated poll answered 304, %d connections: %.0f req/s, p99 %s", cfg.Workers, res.Poll304.RPS, res.Poll304.P99)
	if _, err := phase(bare.url, []wrkRequest{{}}, warm); err != nil {
		return res, err
	}
	if res.BareList, err = phase(bare.url, []wrkRequest{{}}, cfg.Duration); err != nil {
		return res, err
	}
	logf("bare handler, %d connections: %.0f req/s, p99 %s", cfg.Workers, res.BareList.RPS, res.BareList.P99)
	res.BareOpen = openLoop(ctx, cfg.Rate, cfg.Duration, bareList)

	// The sessions measureCreates mints are written by this process, so
	// the server's CPU over the call is the creates' alone.
	res.Creates, err = serverCPU(srv, func() (Load, error) { return measureCreates(ctx, cfg, s, srv.url, dir) })
	if err != nil {
		return res, err
	}
	logf("creates: %.0f/s (%d), p99 %s", res.Creates.RPS, res.Creates.OK, res.Creates.P99)
	var who atomic.Uint64
	// A login costs argon2id's hashing, tens of milliseconds a core and
	// seconds on a loaded machine: the phase lasts long enough to finish
	// some even then (a phase of a second measured none at load 20).
	loginPhase := max(cfg.Duration, 5*time.Second)
	res.Logins, _ = serverCPU(srv, func() (Load, error) {
		return closedLoop(ctx, cfg.LoginWorkers, 0, loginPhase, func(ctx context.Context) error {
			_, err := c.login(ctx, matricule(int(who.Add(1)%uint64(cfg.ListMembers))+1))
			return err
		}), nil
	})
	logf("logins, %d workers: %.1f/s, p99 %s", cfg.LoginWorkers, res.Logins.RPS, res.Logins.P99)
	if res.Console, err = measureConsole(ctx, cfg, sd, srv.console, logf); err != nil {
		return res, err
	}
	if res.Portal, err = measurePortal(ctx, cfg, c, tokens, srv.console, logf); err != nil {
		return res, err
	}
	if res.Mail, err = measureMail(ctx, cfg, sd, url, logf); err != nil {
		return res, err
	}
	if res.Pages, err = measurePages(ctx, cfg, s, srv, logf); err != nil {
		return res, err
	}
	res.Problems = srv.problems()
	return res, nil
}

// loginAll logs the first n members in through the API.
func loginAll(ctx context.Context, c *client, n, workers int) ([]string, error) {
	tokens := make([]string, n)
	var next atomic.Int64
	l := closedLoop(ctx, workers, 0, time.Hour, func(ctx context.Context) error {
		i := int(next.Add(1))
		if i > n {
			return errDone
		}
		var err error
		tokens[i-1], err = c.login(ctx, matricule(i))
		return err
	})
	if l.Errors > 0 {
		return nil, fmt.Errorf("logging the list members in: %d failures, first: %s", l.Errors, l.FirstError)
	}
	return tokens, nil
}

// measureCreates gives members who did not list a session each, then has
// wrk send their creates of this season, summer for every one before any
// asks for off_season, each under its own Idempotency-Key, each once, until
// the phase ends; a pool too small for the phase shows as failures.
func measureCreates(ctx context.Context, cfg Config, s *store.Store, base, dir string) (Load, error) {
	var pool []int
	for m := cfg.ListMembers + 1; m <= cfg.Members && len(pool) < cfg.CreatePool; m++ {
		pool = append(pool, m)
	}
	if len(pool) == 0 {
		return Load{}, fmt.Errorf("no member left for the create phase: raise --members")
	}
	tokens, err := mintSessions(ctx, s, pool)
	if err != nil {
		return Load{}, err
	}
	run := time.Now().UnixNano()
	var reqs []wrkRequest
	for _, kind := range api.Kinds {
		for i, m := range pool {
			reqs = append(reqs, wrkRequest{Token: tokens[i], Key: fmt.Sprintf("bench-%d-%d-%s", run, m, kind), Body: createBody(m, kind)})
		}
	}
	return wrkRun{base: base, method: http.MethodPost, path: api.BasePath + "/reimbursements", reqs: reqs, once: true,
		conns: cfg.Workers, d: cfg.Duration}.run(ctx, dir)
}

// loadAverage is the machine's 1-minute load average, or -1.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}
