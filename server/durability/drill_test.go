package durability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/backup"
	"github.com/fos-mobile/fos/server/bench"
)

// The backup drills (make backup-drill) back up and restore a database of
// FOS_BACKUP_DRILL members and as many requests, seeded as the benchmark
// seeds them, while a member polls the server, and print time and size of
// each step. They are skipped without FOS_BACKUP_DRILL: make test proves
// the same behaviour at a small size (TestBackupSQLiteUnderLoad,
// TestPgDumpRestoreUnderLoad).

func drillSize(t *testing.T) int {
	v := os.Getenv("FOS_BACKUP_DRILL")
	if v == "" {
		t.Skip("FOS_BACKUP_DRILL not set: make backup-drill runs the drills")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 {
		t.Fatalf("FOS_BACKUP_DRILL=%q: want a number of members of 1000 or more", v)
	}
	return n
}

// drillListed members have the benchmark's password and requests this
// season; member 1 logs in after each restore.
const drillListed = 100

// drillSeed seeds db as the benchmark does.
func drillSeed(t *testing.T, db database, n int) {
	t.Helper()
	begin := time.Now()
	s := db.open(t)
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	if err := bench.Seed(ctx, s, n, drillListed, n); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d members and %d requests in %v", n, n, time.Since(begin).Round(time.Millisecond))
}

// counts reads the row count of each table the drills compare (not
// sessions: the drills log in).
func counts(t *testing.T, db database) map[string]int {
	t.Helper()
	s := db.open(t)
	defer s.Close()
	out := map[string]int{}
	for _, table := range []string{"members", "reimbursements", "events", "campaigns", "agents"} {
		out[table] = count(t, s, `SELECT COUNT(*) FROM `+table)
	}
	return out
}

// poll has a member log in and list their requests, with an ETag, until
// stop is closed; it returns how many polls were answered 200 or 304.
func poll(t *testing.T, srv *server, stop <-chan struct{}) func() int64 {
	hc := newHTTPClient(2)
	ctx := queryCtx(t)
	_, token := login(ctx, hc, srv.url, bench.Matricule(1), bench.Password, "")
	if token == "" {
		t.Fatalf("member %s cannot log in", bench.Matricule(1))
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		etag := ""
		for {
			select {
			case <-stop:
				return
			default:
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.url+api.BasePath+"/reimbursements", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			if etag != "" {
				req.Header.Set("If-None-Match", etag)
			}
			resp, err := hc.Do(req)
			if err != nil {
				continue
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNotModified {
				n.Add(1)
				etag = resp.Header.Get("ETag")
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() int64 { wg.Wait(); return n.Load() }
}

// checkServes logs member 1 in on srv and lists their requests (the
// benchmark gives each of its listed members 3).
func checkServes(t *testing.T, srv *server) {
	t.Helper()
	ctx := queryCtx(t)
	hc := newHTTPClient(2)
	_, token := login(ctx, hc, srv.url, bench.Matricule(1), bench.Password, "")
	if token == "" {
		t.Fatalf("member %s cannot log in on %s", bench.Matricule(1), srv.name)
	}
	r := call(ctx, hc, http.MethodGet, srv.url+api.BasePath+"/reimbursements", token, nil, nil)
	var list api.ReimbursementList
	if r.status != http.StatusOK || json.Unmarshal(r.body, &list) != nil || len(list.Items) != 3 {
		t.Fatalf("list on %s: %s", srv.name, r)
	}
}

// timed runs fn and returns how long it took.
func timed(fn func()) time.Duration {
	begin := time.Now()
	fn()
	return time.Since(begin)
}

func size(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func TestDrillSQLite(t *testing.T) {
	n := drillSize(t)
	db := sqliteDB(t)
	drillSeed(t, db, n)
	before := counts(t, db)
	dbFile := strings.TrimPrefix(db.url, "sqlite:")
	srv := startServer(t, "server", db)
	stop := make(chan struct{})
	polls := poll(t, srv, stop)
	out := filepath.Join(t.TempDir(), "fos-backup.db")
	took := timed(func() { runCLI(t, "", "backup", "--db", db.url, "--out", out) })
	close(stop)
	t.Logf("DRILL sqlite backup: %v for a %s database (WAL %s), copy %s, while %d list polls were answered",
		took.Round(time.Millisecond), mib(size(t, dbFile)), mib(sizeOr0(dbFile+"-wal")), mib(size(t, out)), polls())
	rep, err := backup.Check(queryCtx(t), out)
	if err != nil {
		t.Fatal(err)
	}
	for table, want := range before {
		if got := rep.Rows(table); got != int64(want) {
			t.Errorf("the copy has %d %s, the database %d", got, table, want)
		}
	}
	srv.stop()
	took = timed(func() { runCLI(t, "", "restore", "--db", db.url, "--from", out) })
	t.Logf("DRILL sqlite restore: %v", took.Round(time.Millisecond))
	var restarted *server
	took = timed(func() { restarted = startServer(t, "restored server", db) })
	checkServes(t, restarted)
	t.Logf("DRILL sqlite serving again: %v from start to listening, and a member logs in and lists", took.Round(time.Millisecond))
	restarted.stop()
	if after := counts(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("counts after the restore %v, before %v", after, before)
	}
}

func sizeOr0(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

func TestDrillPostgres(t *testing.T) {
	n := drillSize(t)
	db := postgresDB(t)
	pgDump, pgRestore := toolPath(t, "pg_dump"), toolPath(t, "pg_restore")
	drillSeed(t, db, n)
	before := counts(t, db)
	s := db.open(t)
	var dbSize int64
	if err := s.DB().QueryRowContext(queryCtx(t), `SELECT pg_database_size(current_database())`).Scan(&dbSize); err != nil {
		t.Fatal(err)
	}
	s.Close()
	srv := startServer(t, "server", db)
	stop := make(chan struct{})
	polls := poll(t, srv, stop)
	dump := filepath.Join(t.TempDir(), "fos.dump")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.CommandContext(ctx, name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", filepath.Base(name), err, out)
		}
	}
	took := timed(func() { run(pgDump, "--format=custom", "--no-owner", "--file", dump, "--dbname", db.url) })
	close(stop)
	t.Logf("DRILL postgres pg_dump -Fc: %v for a %s database, dump %s, while %d list polls were answered",
		took.Round(time.Millisecond), mib(dbSize), mib(size(t, dump)), polls())
	srv.stop()
	fresh := postgresDB(t)
	took = timed(func() { run(pgRestore, "--no-owner", "--exit-on-error", "--jobs=2", "--dbname", fresh.url, dump) })
	t.Logf("DRILL postgres pg_restore --jobs=2 into a fresh database: %v", took.Round(time.Millisecond))
	var restarted *server
	took = timed(func() { restarted = startServer(t, "server on the restored database", fresh) })
	checkServes(t, restarted)
	t.Logf("DRILL postgres serving again: %v from start to listening, and a member logs in and lists", took.Round(time.Millisecond))
	restarted.stop()
	if after := counts(t, fresh); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("counts after the restore %v, before %v", after, before)
	}
}
