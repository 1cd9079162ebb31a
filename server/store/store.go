// Package store is the FOS API's persistence and domain rules: members,
// agents, sessions, throttles, recovery codes, campaigns, reimbursement
// requests with their timelines, the pages members send for the agents'
// pre-check (pages.go, pages_agent.go, thumbs.go), idempotency keys and the mail
// outbox.
//
// One implementation serves both engines through database/sql: SQLite
// (modernc.org/sqlite, pure Go, the default) and PostgreSQL (pgx). The SQL is
// written once in the dialect both accept ($N placeholders, RETURNING,
// ON CONFLICT, partial indexes); times are unix milliseconds and dates
// 'YYYY-MM-DD' text. Nothing is kept in the process but caches of what the
// database says (decoded document lists; sessions, for at most
// Options.SessionCacheTTL; members' list versions, for at most
// Options.ListVersionCacheTTL), so several server replicas on one PostgreSQL
// database behave as one server.
//
// Domain failures come back as *api.Error with the contract's code; anything
// else is an internal error for the caller to log.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/fos-mobile/fos/api"
)

//go:embed migrations
var migrations embed.FS

// Engine names a database engine.
type Engine string

// The engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is the FOS database. It is safe for concurrent use.
type Store struct {
	db     *sql.DB
	engine Engine
	now    func() time.Time
	loc    *time.Location
	// stmts holds SQLite's prepared hot statements; writer queues SQLite's
	// writers in this process (nil on PostgreSQL). See conn.go.
	stmts  sync.Map
	writer chan struct{}
	// lists caches decoded documents lists by their stored text (lists.go).
	lists listCache
	// sessions caches live sessions for a short bound (sessioncache.go).
	sessions *sessionCache
	// keys holds the server keys already read, by name (keys.go).
	keys sync.Map
	// versions caches members' list versions for a short bound
	// (versioncache.go).
	versions *versionCache
	// units feeds SQLite's committer (batch.go; nil on PostgreSQL), which
	// stops when closing is closed and then closes committerDone.
	units         chan unit
	closing       chan struct{}
	committerDone chan struct{}
	closeOnce     sync.Once
	commits       atomic.Int64 // shared transactions committed, for tests
	// notices writes the mails of files' steps (notices.go); nil queues
	// none. noticeDelay is the grouping delay.
	notices     Notifier
	noticeDelay time.Duration
	// mailsSent and mailFailures count this process's sending (outbox.go).
	mailsSent, mailFailures atomic.Int64
}

// Options tune a Store. The zero value is usable.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Location is the foundation's time zone, in which windows open and
	// deadlines fall; Africa/Casablanca when nil.
	Location *time.Location
	// SessionCacheTTL bounds how long a session read from the database is
	// answered from memory (DefaultSessionCacheTTL when zero; negative
	// turns the cache off): a token revoked through another Store keeps
	// working here for at most that long.
	SessionCacheTTL time.Duration
	// ListVersionCacheTTL bounds how long a member's list version (the
	// list's ETag) read from the database is answered from memory
	// (DefaultListVersionCacheTTL when zero; negative turns the cache
	// off): a change made through another Store, or by SQL, shows here
	// within that long; one made through this Store, at once.
	ListVersionCacheTTL time.Duration
	// Notices writes the mail of each step of a file and of each deadline
	// reminder (server/mail.Notices); nil queues no such mail.
	Notices Notifier
	// NoticeDelay is how long a step's mail waits for a later step of the
	// same file (DefaultNoticeDelay when zero; negative: none).
	NoticeDelay time.Duration
}

// Open connects to url and applies pending migrations. url is
// "sqlite:PATH" (PATH may be ":memory:" only for throwaway use) or
// "postgres://…" / "postgresql://…".
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	s, err := open(url, opt)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	s.closing = make(chan struct{})
	if s.engine == SQLite {
		s.units = make(chan unit, maxBatch)
		s.committerDone = make(chan struct{})
		go s.commitLoop()
	}
	return s, nil
}

func open(url string, opt Options) (*Store, error) {
	s := &Store{now: opt.Now, loc: opt.Location, notices: opt.Notices, noticeDelay: max(opt.NoticeDelay, 0)}
	if opt.NoticeDelay == 0 {
		s.noticeDelay = DefaultNoticeDelay
	}
	ttl := opt.SessionCacheTTL
	if ttl == 0 {
		ttl = DefaultSessionCacheTTL
	}
	s.sessions = newSessionCache(ttl)
	if ttl = opt.ListVersionCacheTTL; ttl == 0 {
		ttl = DefaultListVersionCacheTTL
	}
	s.versions = newVersionCache(ttl)
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc = api.Casablanca
	}
	var err error
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		s.engine = SQLite
		path := strings.TrimPrefix(url, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, errors.New("sqlite: empty path")
		}
		// WAL lets readers run beside the one writer; IMMEDIATE write
		// transactions take the write lock up front so two writers never
		// deadlock on a lock upgrade; busy_timeout makes them queue.
		// temp_store(MEMORY) keeps the savepoints' sub-journals of a group
		// commit (batch.go) in memory instead of a temporary file: they
		// only ever undo one create of a transaction not yet committed.
		dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)&_txlock=immediate"
		s.db, err = sql.Open("sqlite", dsn)
		s.writer = make(chan struct{}, 1)
		if err == nil {
			s.db.SetMaxOpenConns(8)
			s.db.SetMaxIdleConns(8)
		}
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s.engine = Postgres
		s.db, err = sql.Open("pgx", url)
		if err == nil {
			s.db.SetMaxOpenConns(20)
			s.db.SetMaxIdleConns(20)
			s.db.SetConnMaxIdleTime(5 * time.Minute)
		}
	default:
		return nil, fmt.Errorf("unsupported database %q: use sqlite:PATH or postgres://…", RedactURL(url))
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	dialect := goose.DialectSQLite3
	if s.engine == Postgres {
		dialect = goose.DialectPostgres
	}
	dir, err := fs.Sub(migrations, "migrations/"+string(s.engine))
	if err != nil {
		return err
	}
	// goose takes a lock on PostgreSQL so that replicas rolling out at once
	// apply each migration exactly once.
	var opts []goose.ProviderOption
	if s.engine == Postgres {
		locker, err := newPostgresLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, dir, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the database, after the committer has answered what it
// took.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		if s.committerDone != nil {
			<-s.committerDone
		}
	})
	s.closeStmts()
	return s.db.Close()
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// DB exposes the handle for tests and tools that need raw access.
func (s *Store) DB() *sql.DB { return s.db }

// Location is the foundation's time zone.
func (s *Store) Location() *time.Location { return s.loc }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Ping checks that the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// ms converts a time to the stored unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored unix milliseconds to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// today is the foundation's calendar date now.
// scanColumn reads every row of a one-column result and closes rows.
func scanColumn[T any](rows *sql.Rows) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *Store) today() string { return s.now().In(s.loc).Format("2006-01-02") }

// tx runs fn in a write transaction and commits it when fn returns nil. On
// SQLite it first waits for the writers queued before it (conn.go); fn must
// write through its *sql.Tx only.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	release, err := s.acquireWriter(ctx)
	if err != nil {
		return err
	}
	defer release()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
