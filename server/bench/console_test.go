package bench

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/console"
	"github.com/fos-mobile/fos/server/store"
)

// TestMeasureConsole runs the console phase at a tiny size against the
// real console router on the seeded database.
func TestMeasureConsole(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sd, err := newSeeder(ctx, s, 100, 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.requestsUpTo(ctx, 100); err != nil {
		t.Fatal(err)
	}
	h, err := auth.NewHasher(auth.TestParams)
	if err != nil {
		t.Fatal(err)
	}
	a := &auth.Service{Store: s, Hasher: h, Policy: auth.DefaultPolicy, Rand: rand.Reader}
	con := &console.Console{Store: s, Auth: a, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(con.Handler(nil))
	defer srv.Close()

	cfg := Config{Requests: 250, Duration: 200 * time.Millisecond}
	res, err := measureConsole(ctx, cfg, sd, srv.URL, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Measured || res.Files != 25 || res.ExportRows != 25 || res.Batch <= 0 || res.Export <= 0 || res.Pay <= 0 {
		t.Fatalf("result = %+v", res)
	}
	for name, l := range map[string]Load{"queue": res.Queue, "search": res.Search} {
		if l.OK == 0 || l.Errors != 0 || l.P99 <= 0 {
			t.Errorf("%s: %+v", name, l)
		}
	}
	var paid int
	if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM reimbursements WHERE status = 'paid' AND season < 2000`).Scan(&paid); err != nil {
		t.Fatal(err)
	}
	if paid != 25 {
		t.Errorf("%d seeded files paid through the console, want 25", paid)
	}
	var b strings.Builder
	Report{Config: cfg, Results: []Result{{Engine: store.SQLite, Console: res}}}.Markdown(&b)
	for _, want := range []string{"Console queue page", "search by reference", "Payment export of 25 approved files"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestStartBinaryReadsTheConsoleURL(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "fos-server")
	script := `#!/bin/sh
echo '{"time":"x","level":"INFO","msg":"listening","url":"http://127.0.0.1:4321","console":"http://127.0.0.1:4322","db":"sqlite"}' >&2
exec sleep 30
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	srv, err := startBinary(context.Background(), bin, "sqlite:unused")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	if got, want := srv.console, "http://127.0.0.1:4322"; got != want {
		t.Errorf("console = %q, want %q", got, want)
	}
}
