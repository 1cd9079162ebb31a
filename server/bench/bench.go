// Package bench is the reference server's benchmark (make bench-server):
// on loopback, on a seeded database of members and reimbursement requests,
// it measures the authenticated list against a bare net/http handler that
// sends the same bytes, the list's p99 at a fixed rate as the dataset grows,
// creates per second and logins per second, on SQLite and, when a URL is
// given, on PostgreSQL, and prints both engines side by side with each
// target marked PASS or MISS.
//
// The database is seeded straight through the store's handle (multi-row
// INSERTs in one transaction), not through the API: only the few hundred
// members who log in have a password, whose argon2id hash is computed once.
// The server is the real fos-server binary, or the same router in process.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/fos-mobile/fos/server/store"
	"github.com/fos-mobile/fos/server/testkit/testdb"
)

// Config sizes a run. Zero fields take the defaults of DefaultConfig.
type Config struct {
	Members  int // members in the database
	Requests int // reimbursement requests in the database at the end
	// ListMembers log in through the API and are the ones who list.
	ListMembers int
	// Duration bounds each measured phase.
	Duration     time.Duration
	Workers      int     // concurrent clients of the closed-loop phases
	LoginWorkers int     // concurrent clients of the login phase
	Rate         float64 // requests per second of the open-loop phases
	// CreatePool bounds the members given a session for the create phase;
	// each can create one request of each kind.
	CreatePool int
	// ServerBin is the fos-server binary to run; empty serves the router
	// in this process instead.
	ServerBin string
	// Postgres, when set, is a PostgreSQL URL; the run uses a schema of its
	// own there and drops it at the end.
	Postgres string
	// PostgresOnly skips SQLite (with Postgres set), for A/B runs of one
	// engine.
	PostgresOnly bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// DefaultConfig has the sizes: 100,000 members and requests, ten
// seconds a phase, 1,000 requests a second.
func DefaultConfig() Config {
	return Config{Members: 100_000, Requests: 100_000, ListMembers: 300, Duration: 10 * time.Second,
		Workers: 16, LoginWorkers: 4, Rate: 1000, CreatePool: 20_000}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&c.Members, d.Members)
	set(&c.Requests, d.Requests)
	set(&c.ListMembers, d.ListMembers)
	set(&c.Workers, d.Workers)
	set(&c.LoginWorkers, d.LoginWorkers)
	set(&c.CreatePool, d.CreatePool)
	c.ListMembers = min(c.ListMembers, max(1, c.Members/2))
	if c.Duration <= 0 {
		c.Duration = d.Duration
	}
	if c.Rate <= 0 {
		c.Rate = d.Rate
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}

// stages are the dataset sizes at which the list's latency is measured:
// a hundredth, a tenth and all of the requests (1,000, 10,000, 100,000 by
// default), the first large enough for the listing members' own requests.
func (c Config) stages() []int {
	first := max(1, c.Requests/100, min(c.Requests, c.ListMembers*perListed))
	out := []int{first}
	for _, n := range []int{c.Requests / 10, c.Requests} {
		if n > out[len(out)-1] {
			out = append(out, n)
		}
	}
	return out
}

// Report is a whole run: one Result per engine, SQLite first.
type Report struct {
	Config  Config
	Results []Result
}

// Run benchmarks SQLite, then PostgreSQL when cfg.Postgres is set.
func Run(ctx context.Context, cfg Config) (Report, error) {
	cfg = cfg.withDefaults()
	rep := Report{Config: cfg}
	dir, err := os.MkdirTemp("", "fos-bench-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	if !cfg.PostgresOnly || cfg.Postgres == "" {
		res, err := runEngine(ctx, cfg, "sqlite:"+filepath.Join(dir, "bench.db"))
		if err != nil {
			return rep, fmt.Errorf("sqlite: %w", err)
		}
		rep.Results = append(rep.Results, res)
	}
	if cfg.Postgres == "" {
		return rep, nil
	}
	url, drop, err := testdb.NewSchema(ctx, cfg.Postgres, "fos_bench_")
	if err != nil {
		return rep, fmt.Errorf("postgres: %w", err)
	}
	defer drop()
	res, err := runEngine(ctx, cfg, url)
	if err != nil {
		return rep, fmt.Errorf("postgres: %w", err)
	}
	rep.Results = append(rep.Results, res)
	return rep, nil
}

// Result is one engine's figures.
type Result struct {
	Engine    store.Engine
	Seed      time.Duration // inserting every member and request
	BodyBytes int           // the list body both servers send
	// AuthList and BareList are closed-loop throughput runs.
	AuthList, BareList Load
	// Poll304 is the authenticated list sent with the list's own ETag in
	// If-None-Match, as a polling app does: every answer is 304.
	Poll304 Load
	// BareOpen is the bare handler at Config.Rate.
	BareOpen Load
	// Stages are the authenticated list at Config.Rate as requests grow;
	// the last one holds every request.
	Stages  []Stage
	Creates Load
	Logins  Load
	// Console is the agents' console's figures (console.go).
	Console ConsoleResult
	// Pages are the pre-check photos' figures (pages.go).
	Pages PagesResult
	// Portal is the members' portal's figures (portal.go).
	Portal PortalResult
	// Mail is the files' mails' figures (mail.go).
	Mail MailResult
	// Problems are the server's logged warnings and errors.
	Problems []string
	// LoadBefore and LoadAfter are the machine's 1-minute load average
	// around the run (-1 where unknown): other processes make figures noisy.
	LoadBefore, LoadAfter float64
}

// Stage is the list's latency with Requests requests in the database.
type Stage struct {
	Requests int
	Load
}
