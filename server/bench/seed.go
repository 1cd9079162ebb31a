package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/demo"
	"github.com/fos-mobile/fos/server/store"
)

// seeder fills a migrated, empty database straight through the store's
// handle with multi-row INSERTs in one transaction per step: a hundred
// thousand rows take seconds, where as many HTTP calls (and argon2 hashes)
// would take an hour.
type seeder struct {
	s    *store.Store
	plan plan
	// hash is Password's hash at the server's cost, computed once: the
	// listed members', the bench agent's and the console's supervisor's.
	hash   string
	seeded int // requests inserted so far
}

const benchAgent = "bench-agent@fos.finances.gov.ma"

// newSeeder opens this season's two windows (from yesterday, for thirty
// days, as the demo does) and inserts the members. The first listMembers
// share one password hash, computed once at the server's cost.
func newSeeder(ctx context.Context, s *store.Store, members, listMembers int) (*seeder, error) {
	h, err := auth.NewHasher(auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	hash, err := h.Hash(Password)
	if err != nil {
		return nil, err
	}
	today := api.DateOf(s.Now().In(s.Location()))
	for _, c := range demo.Campaigns(today.Year) {
		c.OpensOn, c.ClosesOn = today.AddDays(-1), today.AddDays(30)
		if err := s.SetCampaign(ctx, c); err != nil {
			return nil, fmt.Errorf("campaign: %w", err)
		}
	}
	if _, err := s.UpsertAgent(ctx, benchAgent, "Agent Bench", hash); err != nil {
		return nil, err
	}
	agent, err := s.AgentByEmail(ctx, benchAgent)
	if err != nil {
		return nil, err
	}
	fr, _ := json.Marshal(demo.DefaultDocuments.FR)
	ar, _ := json.Marshal(demo.DefaultDocuments.AR)
	sd := &seeder{s: s, hash: hash, plan: plan{members: members, listMembers: listMembers, season: today.Year, today: today,
		now: s.Now(), agentID: agent.ID, docsFR: string(fr), docsAR: string(ar),
		locFR: demo.DefaultLocation.FR, locAR: demo.DefaultLocation.AR}}
	now := s.Now().UnixMilli()
	err = inTx(ctx, s.DB(), func(tx *sql.Tx) error {
		return insertRows(ctx, tx, s.Engine(), "members", memberCols, members, func(i int) []any {
			var pw any
			if i+1 <= listMembers {
				pw = hash
			}
			return memberRow(i+1, pw, now)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("seed members: %w", err)
	}
	return sd, sd.after(ctx, "members")
}

// Seed fills the migrated, empty database of s as the benchmark does: this
// season's windows open, members members (the first listMembers with
// Password, at the server's cost; member i's matricule is 8 followed by i
// on 7 digits) and requests requests with their timelines. It is for
// drills and tools that need a realistic database fast (make backup-drill).
func Seed(ctx context.Context, s *store.Store, members, listMembers, requests int) error {
	sd, err := newSeeder(ctx, s, members, listMembers)
	if err != nil {
		return err
	}
	return sd.requestsUpTo(ctx, requests)
}

// Matricule is the identifier Seed gives member i (from 1).
func Matricule(i int) string { return matricule(i) }

// requestsUpTo inserts requests until the database holds n, each with its
// timeline.
func (sd *seeder) requestsUpTo(ctx context.Context, n int) error {
	if n <= sd.seeded {
		return nil
	}
	from := sd.seeded
	var events [][]any
	err := inTx(ctx, sd.s.DB(), func(tx *sql.Tx) error {
		err := insertRows(ctx, tx, sd.s.Engine(), "reimbursements", requestCols, n-from, func(i int) []any {
			row, evs := sd.plan.request(from + i + 1)
			events = append(events, evs...)
			return row
		})
		if err != nil {
			return err
		}
		return insertRows(ctx, tx, sd.s.Engine(), "events", eventCols, len(events), func(i int) []any { return events[i] })
	})
	if err != nil {
		return fmt.Errorf("seed requests: %w", err)
	}
	sd.seeded = n
	return sd.after(ctx, "reimbursements")
}

// after brings PostgreSQL up to date with rows inserted with explicit ids:
// the identity sequence moves past them (or the server's next insert would
// collide), and the planner gets statistics, as autovacuum would give it.
func (sd *seeder) after(ctx context.Context, table string) error {
	if sd.s.Engine() != store.Postgres {
		return nil
	}
	db := sd.s.DB()
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %[1]s))`, table)); err != nil {
		return fmt.Errorf("sequence of %s: %w", table, err)
	}
	_, err := db.ExecContext(ctx, `ANALYZE members, reimbursements, events`)
	return err
}

// mintSessions opens a session for each member straight in the database,
// exactly as a login stores it (only the token's hash), and returns the
// tokens. It stands in for thousands of logins whose argon2 cost is
// measured on its own.
func mintSessions(ctx context.Context, s *store.Store, members []int) ([]string, error) {
	tokens := make([]string, len(members))
	hashes := make([][]byte, len(members))
	for i := range members {
		var err error
		if tokens[i], hashes[i], err = auth.NewToken(rand.Reader); err != nil {
			return nil, err
		}
	}
	now := s.Now()
	expires := now.Add(auth.DefaultPolicy.MemberTTL).UnixMilli()
	cols := []string{"token_hash", "role", "subject_id", "created_at", "last_seen_at", "expires_at"}
	err := inTx(ctx, s.DB(), func(tx *sql.Tx) error {
		return insertRows(ctx, tx, s.Engine(), "sessions", cols, len(members), func(i int) []any {
			return []any{hashes[i], string(api.RoleMember), members[i], now.UnixMilli(), now.UnixMilli(), expires}
		})
	})
	return tokens, err
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// insertRows inserts n rows, row(0) … row(n-1), many to a statement; the
// full-size statement is prepared once.
func insertRows(ctx context.Context, tx *sql.Tx, e store.Engine, table string, cols []string, n int, row func(i int) []any) error {
	per := min(500, 30000/len(cols)) // under SQLite's and PostgreSQL's parameter limits
	var full *sql.Stmt
	args := make([]any, 0, per*len(cols))
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		args = args[:0]
		for i := range k {
			args = append(args, row(start+i)...)
		}
		var err error
		switch {
		case k == per && full == nil:
			if full, err = tx.PrepareContext(ctx, insertSQL(e == store.Postgres, table, cols, per)); err != nil {
				return err
			}
			defer full.Close()
			fallthrough
		case k == per:
			_, err = full.ExecContext(ctx, args...)
		default:
			_, err = tx.ExecContext(ctx, insertSQL(e == store.Postgres, table, cols, k), args...)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// insertSQL writes $N placeholders for PostgreSQL and anonymous ? ones
// for SQLite: modernc's SQLite binds $N by looking each name up in a list,
// which costs O(N²) for the thousands of parameters of one statement.
func insertSQL(dollar bool, table string, cols []string, rows int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	p := 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if dollar {
				fmt.Fprintf(&b, "$%d", p)
				p++
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// since is a short duration for logs.
func since(t time.Time) string { return time.Since(t).Round(10 * time.Millisecond).String() }
