package durability

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/fos-mobile/fos/api"
)

// TestPgDumpRestoreUnderLoad dumps the PostgreSQL database with pg_dump
// (custom format, one consistent snapshot) while clients create requests
// at full speed, restores the dump into a fresh database with pg_restore,
// and serves that with fos-server: every request answered before the dump
// started is there, the tables the load does not touch have the same
// counts, the schema version is the same, a member logs in, an ETag poll
// answers 304, and a new create gets a fresh id (the sequences came back
// too). It runs when FOS_TEST_POSTGRES_URL is set, as in CI.
func TestPgDumpRestoreUnderLoad(t *testing.T) {
	db := postgresDB(t)
	pgDump, pgRestore := toolPath(t, "pg_dump"), toolPath(t, "pg_restore")
	all := seed(t, db, 405, passwordsStore)
	members, spare := all[:400], all[400:] // spare create only on the restored server
	srv := startServer(t, "server", db)
	hc := newHTTPClient(32)
	loginAll(t, hc, members, srv)

	dump := filepath.Join(t.TempDir(), "fos.dump")
	var dumpOut []byte
	load := writeDuring(t, hc, srv, members, 12, func(ctx context.Context) error {
		var err error
		dumpOut, err = exec.CommandContext(ctx, pgDump, "--format=custom", "--no-owner", "--file", dump, "--dbname", db.url).CombinedOutput()
		return err
	})
	if load.err != nil {
		t.Fatalf("pg_dump: %v\n%s", load.err, dumpOut)
	}
	t.Logf("pg_dump under load: %s", load)
	srv.stop()

	fresh := postgresDB(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	begin := time.Now()
	if out, err := exec.CommandContext(ctx, pgRestore, "--no-owner", "--exit-on-error", "--single-transaction",
		"--dbname", fresh.url, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	info, _ := os.Stat(dump)
	t.Logf("pg_restore of a %d-byte dump in %v", info.Size(), time.Since(begin).Round(time.Millisecond))

	src, dst := db.open(t), fresh.open(t)
	for _, table := range []string{"members", "agents", "campaigns", "server_keys", "goose_db_version"} {
		q := `SELECT COUNT(*) FROM ` + table
		if a, b := count(t, src, q), count(t, dst, q); a != b {
			t.Errorf("%s: %d rows in the source, %d restored", table, a, b)
		}
	}
	for _, table := range []string{"reimbursements", "events", "idempotency_keys", "sessions"} {
		q := `SELECT COUNT(*) FROM ` + table
		if a, b := count(t, src, q), count(t, dst, q); b > a || b == 0 {
			t.Errorf("%s: %d rows restored, the source has %d after the load", table, b, a)
		}
	}
	checkIntegrity(t, dst)
	checkInvariants(t, dst)
	restored := loadRequests(t, dst)
	for _, a := range load.before {
		if _, ok := restored[a.reply.created.ID]; !ok {
			t.Errorf("%v: answered before pg_dump started, missing from the restored database", a)
		}
	}
	src.Close()
	dst.Close()

	srv2 := startServer(t, "server on the restored database", fresh)
	m := members[0]
	r, token := login(ctx, hc, srv2.url, m.matricule, m.password, "")
	if token == "" {
		t.Fatalf("login on the restored server: %s", r)
	}
	list := call(ctx, hc, http.MethodGet, srv2.url+api.BasePath+"/reimbursements", token, nil, nil)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv2.url+api.BasePath+"/reimbursements", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" {
		t.Fatalf("list on the restored server: %v %v (first answer %s)", err, resp, list)
	}
	resp.Body.Close()
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if resp, err = hc.Do(req); err != nil || resp.StatusCode != http.StatusNotModified {
		t.Fatalf("ETag poll on the restored server: %v %v, want 304", err, resp)
	}
	resp.Body.Close()
	var items api.ReimbursementList
	if err := json.Unmarshal(list.body, &items); err != nil || len(items.Items) == 0 {
		t.Errorf("member %s sees no request on the restored server: %v %s", m.matricule, err, list.body)
	}
	loginAll(t, hc, spare, srv2)
	maxID := int64(0)
	for id := range restored {
		maxID = max(maxID, id)
	}
	for _, s := range spare {
		c := createReimbursement(ctx, hc, srv2.url, s.token, "after-restore-"+s.matricule, s.body(api.KindSummer))
		if c.status != http.StatusCreated || c.created.ID <= maxID {
			t.Errorf("create after the restore: %s (highest restored id %d)", c, maxID)
		}
	}
	srv2.stop()
	if f := srv2.failures(); len(f) > 0 {
		t.Errorf("the server on the restored database logged failures:\n%v", f)
	}
}
