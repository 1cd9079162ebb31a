package durability

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
	"github.com/fos-mobile/fos/server/attachment/attachmenttest"
)

// TestCrashPagesSQLite kill -9s the server under a load of page uploads on
// SQLite; see crashPages.
func TestCrashPagesSQLite(t *testing.T) { crashPages(t, sqliteDB(t)) }

// TestCrashPagesPostgres is TestCrashPagesSQLite on PostgreSQL.
func TestCrashPagesPostgres(t *testing.T) { crashPages(t, postgresDB(t)) }

// pageJob is one page a client wants stored, under its own key.
type pageJob struct {
	member  member
	request int64
	doc     int
	key     string
	data    []byte
}

// pageReply is what one upload brought back.
type pageReply struct {
	err     error
	notSent bool // the kill came before it started
	status  int
	page    api.Page
}

// crashPages: members each upload several photos to their request at
// once; the server is killed with SIGKILL mid-load and restarted on the
// same database. Then every page acknowledged with a 201 is stored with
// the same id, its bytes complete; no page is an orphan (without its
// request, of another member, or cut); and retrying every upload whose
// answer was lost gives exactly one page per key.
func crashPages(t *testing.T, db database) {
	const perMember = 4
	size := sizeFromEnv(t)
	n := size.members / 4
	members := seed(t, db, n, passwordsStore)
	srv := startServer(t, "server", db)
	hc := newHTTPClient(2 * size.workers)
	loginAll(t, hc, members, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	var jobs []*pageJob
	photo := attachmenttest.JPEG(attachmenttest.Picture(320, 240, 1), 85)
	for i, m := range members {
		r := createReimbursement(ctx, hc, srv.url, m.token, fmt.Sprintf("pages-crash-%06d", i), m.body(api.KindSummer))
		if r.err != nil || r.status != http.StatusCreated {
			t.Fatalf("create for member %d: %v", m.id, r)
		}
		for p := 0; p < perMember; p++ {
			b := make([]byte, 16)
			rand.Read(b)
			// Each page differs by a comment, so no two share their bytes.
			data := append([]byte(nil), photo[:2]...)
			comment := fmt.Sprintf("%08d-page-%04d", m.id, p)
			data = append(data, 0xFF, 0xFE, 0, byte(len(comment)+2))
			data = append(data, comment...)
			data = append(data, photo[2:]...)
			jobs = append(jobs, &pageJob{member: m, request: r.created.ID, doc: p % 2, key: hex.EncodeToString(b), data: data})
		}
	}

	// The load, then kill -9 once 40% of the uploads were answered.
	replies := make([]pageReply, len(jobs))
	var answered atomic.Int64
	killed := make(chan struct{})
	go func() {
		for answered.Load() < int64(len(jobs)*4/10) && ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
		srv.kill()
		close(killed)
	}()
	parallel(len(jobs), size.workers, func(i int) {
		select {
		case <-killed:
			replies[i] = pageReply{err: fmt.Errorf("not sent: the server was down"), notSent: true}
			return
		default:
		}
		replies[i] = uploadPage(ctx, hc, srv.url, jobs[i])
		if replies[i].err == nil {
			answered.Add(1)
		}
	})
	<-killed
	acked, lost, cut := 0, 0, 0
	for _, r := range replies {
		switch {
		case r.err != nil && !r.notSent:
			cut++
			lost++
		case r.err != nil:
			lost++
		case r.status == http.StatusCreated:
			acked++
		default:
			t.Errorf("an upload got %d", r.status)
		}
	}
	t.Logf("%s: %d uploads, %d acknowledged before the kill, %d without an answer (%d of them failed on the wire: cut in flight or refused once the server was down)", db.engine, len(jobs), acked, lost, cut)
	if cut == 0 {
		t.Error("no upload lost its answer: the kill missed the load")
	}
	hc.CloseIdleConnections()

	srv = startServer(t, "server after kill", db)
	checkPages(t, db, jobs, replies)
	// Retry every upload without an answer: a replay or a fresh page.
	parallel(len(jobs), 8, func(i int) {
		if replies[i].err != nil {
			replies[i] = uploadPage(ctx, hc, srv.url, jobs[i])
			if replies[i].err != nil || replies[i].status != http.StatusCreated {
				t.Errorf("retry of %s: %d %v", jobs[i].key, replies[i].status, replies[i].err)
			}
		}
	})
	checkPages(t, db, jobs, replies)
	s := db.open(t)
	defer s.Close()
	if got := count(t, s, `SELECT COUNT(*) FROM pages`); got != len(jobs) {
		t.Errorf("%d pages stored, want exactly %d (one per key)", got, len(jobs))
	}
	srv.stop()
	if f := srv.failures(); len(f) > 0 {
		t.Errorf("%s logged failures:\n%v", srv.name, f)
	}
}

// checkPages proves from the database that every acknowledged page is
// stored as answered, with its bytes whole, and that no page is an orphan.
func checkPages(t *testing.T, db database, jobs []*pageJob, replies []pageReply) {
	t.Helper()
	s := db.open(t)
	defer s.Close()
	checkIntegrity(t, s)
	if n := count(t, s, `SELECT COUNT(*) FROM pages p LEFT JOIN reimbursements r ON r.id = p.reimbursement_id
		WHERE r.id IS NULL OR r.member_id <> p.member_id OR p.size <> length(p.data) OR length(p.data) = 0`); n != 0 {
		t.Errorf("%d orphan or cut pages", n)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM (SELECT member_id, idempotency_key FROM pages
		GROUP BY member_id, idempotency_key HAVING COUNT(*) > 1) d`); n != 0 {
		t.Errorf("%d keys stored more than once", n)
	}
	for i, r := range replies {
		if r.err != nil || r.status != http.StatusCreated {
			continue
		}
		var key string
		var size int
		err := s.DB().QueryRowContext(queryCtx(t), `SELECT idempotency_key, size FROM pages WHERE id = $1 AND reimbursement_id = $2`,
			r.page.ID, jobs[i].request).Scan(&key, &size)
		if err != nil || key != jobs[i].key || size != r.page.Size {
			t.Errorf("acknowledged page %d (key %s): stored key %q size %d vs %d: %v", r.page.ID, jobs[i].key, key, size, r.page.Size, err)
		}
	}
}

// uploadPage is POST …/pages under the job's key.
func uploadPage(ctx context.Context, hc *http.Client, base string, j *pageJob) pageReply {
	url := fmt.Sprintf("%s%s/reimbursements/%d/pages?document=%d&name=photo.jpg", base, api.BasePath, j.request, j.doc)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(j.data))
	if err != nil {
		return pageReply{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+j.member.token)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set(api.IdempotencyKeyHeader, j.key)
	resp, err := hc.Do(req)
	if err != nil {
		return pageReply{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return pageReply{err: fmt.Errorf("%d, body cut: %w", resp.StatusCode, err)}
	}
	out := pageReply{status: resp.StatusCode}
	if resp.StatusCode == http.StatusCreated {
		if err := json.Unmarshal(body, &out.page); err != nil {
			out.err = fmt.Errorf("undecodable 201 %q: %w", body, err)
		}
	}
	return out
}
