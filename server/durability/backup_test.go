package durability

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/backup"
)

// TestBackupSQLiteUnderLoad runs `fos-server backup` while clients create
// requests at full speed on the serving database, then proves that the
// copy passes its checks and holds every request answered 201 before the
// backup started; that `fos-server restore` refuses while the server runs;
// and that, restored with the server stopped, the copy serves those
// requests to their members over HTTP, and nothing created after it.
func TestBackupSQLiteUnderLoad(t *testing.T) {
	db := sqliteDB(t)
	members := seed(t, db, 600, passwordsStore)
	srv := startServer(t, "server", db)
	hc := newHTTPClient(32)
	loginAll(t, hc, members, srv)

	out := filepath.Join(t.TempDir(), "fos-backup.db")
	var backupOut string
	load := writeDuring(t, hc, srv, members, 12, func(ctx context.Context) error {
		var err error
		backupOut, err = cliOutput(ctx, binary(t), "", "backup", "--db", db.url, "--out", out)
		return err
	})
	if load.err != nil {
		t.Fatalf("fos-server backup: %v\n%s", load.err, backupOut)
	}
	t.Logf("backup under load: %s", load)
	for _, want := range []string{"integrity_check: ok", "schema version:", "rows reimbursements"} {
		if !strings.Contains(backupOut, want) {
			t.Errorf("backup's output lacks %q:\n%s", want, backupOut)
		}
	}
	rep, err := backup.Check(queryCtx(t), out)
	if err != nil {
		t.Fatal(err)
	}
	copyDB := database{engine: db.engine, url: "sqlite:" + out}
	s := copyDB.open(t)
	checkIntegrity(t, s)
	checkInvariants(t, s)
	inCopy := loadRequests(t, s)
	s.Close()
	if int64(len(inCopy)) != rep.Rows("reimbursements") {
		t.Errorf("the copy holds %d requests, its report says %d", len(inCopy), rep.Rows("reimbursements"))
	}
	for _, a := range load.before {
		if _, ok := inCopy[a.reply.created.ID]; !ok {
			t.Errorf("%v: answered before the backup started, missing from the copy", a)
		}
	}

	t.Run("restore refuses while the server runs", func(t *testing.T) {
		ctx := queryCtx(t)
		got, err := cliOutput(ctx, binary(t), "", "restore", "--db", db.url, "--from", out)
		if err == nil || !strings.Contains(got, "in use") {
			t.Fatalf("restore over the serving database: %v\n%s", err, got)
		}
	})
	srv.stop()
	got := runCLI(t, "", "restore", "--db", db.url, "--from", out)
	if !strings.Contains(got, "kept as") || !strings.Contains(got, "integrity_check: ok") {
		t.Errorf("restore's output:\n%s", got)
	}
	restored := startServer(t, "restored server", db)
	ctx := queryCtx(t)
	byID := map[int64]member{}
	for _, m := range members {
		byID[m.id] = m
	}
	var seen, gone atomic.Int64
	var mu sync.Mutex
	var fails []string
	parallel(len(load.all), 8, func(i int) {
		a := load.all[i]
		if a.reply.err != nil || a.reply.status != http.StatusCreated {
			return
		}
		_, kept := inCopy[a.reply.created.ID]
		r := call(ctx, hc, http.MethodGet, fmt.Sprintf("%s/api/v1/reimbursements/%d", restored.url, a.reply.created.ID),
			byID[a.member].token, nil, nil)
		switch {
		case kept && r.status == http.StatusOK:
			seen.Add(1)
		case !kept && r.status == http.StatusNotFound:
			gone.Add(1)
		default:
			mu.Lock()
			fails = append(fails, fmt.Sprintf("%v: in the copy %v, the restored server answers %s", a, kept, r))
			mu.Unlock()
		}
	})
	for _, f := range fails {
		t.Error(f)
	}
	t.Logf("the restored server serves %d requests of the copy; %d created after it are gone", seen.Load(), gone.Load())
	if f := restored.failures(); len(f) > 0 {
		t.Errorf("the restored server logged failures:\n%v", f)
	}
}

// loadDuring is what writeDuring saw.
type loadDuring struct {
	all []attempt
	// before holds the 201s whose answer arrived before the operation
	// started: committed then, so any copy taken by it must hold them.
	before []attempt
	// during counts the 201s answered while the operation ran.
	during          int
	took, loadTotal time.Duration
	err             error
}

func (l loadDuring) String() string {
	return fmt.Sprintf("%d creates answered before it started, %d while it ran (%v), %d sends in %v: %s",
		len(l.before), l.during, l.took.Round(time.Millisecond), len(l.all), l.loadTotal.Round(time.Millisecond), tally(l.all))
}

// writeDuring creates a request for every member and kind on workers
// concurrent clients, as fast as the server answers, and runs op once a
// quarter of them are answered. The test fails when no create was answered
// while op ran: then the load missed it.
func writeDuring(t *testing.T, hc *http.Client, srv *server, members []member, workers int, op func(context.Context) error) loadDuring {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	jobs := jobsFor(members)
	type timed struct {
		a  attempt
		at time.Time
	}
	var mu sync.Mutex
	var got []timed
	var answered atomic.Int64
	var res loadDuring
	var opStart, opEnd time.Time
	opDone := make(chan struct{})
	go func() {
		defer close(opDone)
		for answered.Load() < int64(len(jobs)/4) && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		opStart = time.Now()
		res.err = op(ctx)
		opEnd = time.Now()
	}()
	begin := time.Now()
	parallel(len(jobs), workers, func(i int) {
		j := jobs[i]
		r := createReimbursement(ctx, hc, srv.url, j.member.token, j.key, j.member.body(j.kind))
		at := time.Now()
		answered.Add(1)
		mu.Lock()
		got = append(got, timed{attempt{member: j.member.id, kind: j.kind, key: j.key, server: srv.name, phase: "load", reply: r}, at})
		mu.Unlock()
	})
	res.loadTotal = time.Since(begin)
	<-opDone
	res.took = opEnd.Sub(opStart)
	for _, g := range got {
		res.all = append(res.all, g.a)
		if g.a.reply.err != nil || g.a.reply.status != http.StatusCreated {
			t.Errorf("%v: want 201", g.a)
			continue
		}
		switch {
		case g.at.Before(opStart):
			res.before = append(res.before, g.a)
		case g.at.Before(opEnd):
			res.during++
		}
	}
	if res.during == 0 {
		t.Errorf("no create was answered while the operation ran: the load missed it (%s)", res)
	}
	return res
}

// toolPath finds a PostgreSQL client tool: on the PATH, or in Debian's
// /usr/lib/postgresql/VERSION/bin (the newest), where the postgresql
// package puts it.
func toolPath(t *testing.T, name string) string {
	t.Helper()
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(found) > 0 {
		return found[len(found)-1]
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p
		}
	}
	t.Fatalf("%s not found (Debian's postgresql package has it; .ci/run installs it)", name)
	return ""
}

func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && !info.IsDir()
}
