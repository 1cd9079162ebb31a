package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/testkit/testdb"
)

// tiny is the whole pipeline at a size that runs in seconds.
func tiny(pg string) Config {
	return Config{Members: 200, Requests: 200, ListMembers: 20, Duration: time.Second, Workers: 4,
		LoginWorkers: 2, Rate: 300, CreatePool: 200, Postgres: pg}
}

// checkResult asserts that every measure of res holds real numbers and
// that nothing failed along the way.
func checkResult(t *testing.T, res Result, stages []int) {
	t.Helper()
	if res.Seed <= 0 || res.BodyBytes <= len(`{"items":[]}`) {
		t.Errorf("%s: seed %s, list body %d bytes: want both > 0 and a non-empty list", res.Engine, res.Seed, res.BodyBytes)
	}
	loads := map[string]Load{"authenticated list": res.AuthList, "bare list": res.BareList, "bare at rate": res.BareOpen,
		"304 polls": res.Poll304,
		"creates":   res.Creates, "logins": res.Logins,
		"page uploads": res.Pages.Uploads, "request GET alone": res.Pages.GetAlone, "request GET beside uploads": res.Pages.GetUnderUploads}
	for i, s := range res.Stages {
		loads["list stage "+string(rune('1'+i))] = s.Load
	}
	if !res.Portal.Measured || res.Portal.PageBytes < 1000 || res.Portal.JSONBytes < 100 {
		t.Errorf("%s: the portal was not measured: %+v", res.Engine, res.Portal)
	}
	loads["portal page at rate"], loads["portal page"], loads["API JSON of the same request"] = res.Portal.Page, res.Portal.PageLoop, res.Portal.JSONLoop
	for name, l := range loads {
		if l.OK == 0 || l.RPS <= 0 || l.P50 <= 0 || l.P99 < l.P50 || l.Max < l.P99 {
			t.Errorf("%s %s: %+v: want successes, a rate and ordered latencies", res.Engine, name, l)
		}
		if l.Errors != 0 {
			t.Errorf("%s %s: %d failed requests, first: %s", res.Engine, name, l.Errors, l.FirstError)
		}
	}
	var got []int
	for _, s := range res.Stages {
		got = append(got, s.Requests)
	}
	if !slices.Equal(got, stages) {
		t.Errorf("%s: stages at %v requests, want %v", res.Engine, got, stages)
	}
	if len(res.Problems) > 0 {
		t.Errorf("%s: the server logged problems: %q", res.Engine, res.Problems)
	}
}

// checkReport runs the checks on every result and on the printed table.
func checkReport(t *testing.T, rep Report, engines ...string) {
	t.Helper()
	if got, want := len(rep.Results), len(engines); got != want {
		t.Fatalf("%d results, want %d", got, want)
	}
	for _, res := range rep.Results {
		checkResult(t, res, rep.Config.stages())
	}
	var b strings.Builder
	rep.Markdown(&b)
	out := b.String()
	t.Log("\n" + out)
	for _, want := range append(engines, "Authenticated / bare throughput", "creates", "Logins", "200 requests in the database", "Portal tracked-request page") {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if got := strings.Count(out, "PASS") + strings.Count(out, "MISS"); got < len(engines)*4 {
		t.Errorf("the report marks %d targets, want at least %d", got, len(engines)*4)
	}
}

func TestRunSQLite(t *testing.T) {
	rep, err := Run(context.Background(), tiny(""))
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep, "SQLite")
}

// TestRunPostgres runs the PostgreSQL half alone, so that the package
// stays quick when both engines are tested.
func TestRunPostgres(t *testing.T) {
	url := testdb.Schema(t, "fos_bench_")
	cfg := tiny(os.Getenv(testdb.EnvURL)).withDefaults()
	res, err := runEngine(context.Background(), cfg, url)
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, Report{Config: cfg, Results: []Result{res}}, "PostgreSQL")
}

func TestEngineRatioRow(t *testing.T) {
	rep := Report{Config: tiny("").withDefaults(), Results: []Result{
		{Engine: "sqlite", AuthList: Load{OK: 1, RPS: 1000}, Stages: []Stage{{Requests: 200}}},
		{Engine: "postgres", AuthList: Load{OK: 1, RPS: 650}, Stages: []Stage{{Requests: 200}}},
	}}
	var b strings.Builder
	rep.Markdown(&b)
	if want := "| List throughput / SQLite's | ≥ 70% | — | 65% **MISS** |"; !strings.Contains(b.String(), want) {
		t.Fatalf("the report lacks %q:\n%s", want, b.String())
	}
}

func TestStages(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		requests, listMembers int
		want                  []int
	}{
		{"issue sizes", 100_000, 300, []int{1000, 10_000, 100_000}},
		{"listing members need more than a hundredth", 2000, 300, []int{900, 2000}},
		{"fewer requests than the listing members'", 50, 20, []int{50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Config{Requests: tc.requests, ListMembers: tc.listMembers}
			if got := c.stages(); !slices.Equal(got, tc.want) {
				t.Fatalf("stages() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	var lat []time.Duration
	for i := 1; i <= 1000; i++ {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	l := summarize(lat, 0, "", time.Second)
	if l.P50 != 500*time.Millisecond || l.P99 != 990*time.Millisecond || l.Max != time.Second || l.RPS != 1000 {
		t.Fatalf("summarize 1..1000 ms over 1 s = %+v", l)
	}
	if got := summarize(nil, 3, "x", time.Second); got.OK != 0 || got.P99 != 0 || got.Errors != 3 {
		t.Fatalf("summarize of no successes = %+v", got)
	}
}

func TestOpenLoopKeepsItsSchedule(t *testing.T) {
	// A server that takes 50 ms cannot slow an open loop down: 100 req/s
	// for half a second is 50 requests in about half a second, each 50 ms.
	l := openLoop(context.Background(), 100, 500*time.Millisecond, func(ctx context.Context) error {
		time.Sleep(50 * time.Millisecond)
		return nil
	})
	if l.OK != 50 || l.Elapsed > 900*time.Millisecond || l.P50 < 50*time.Millisecond {
		t.Fatalf("openLoop = %+v", l)
	}
}

func TestStartBinaryReadsTheListeningLine(t *testing.T) {
	// A stand-in for fos-server that logs as it does, then waits.
	bin := filepath.Join(t.TempDir(), "fos-server")
	script := `#!/bin/sh
echo '{"time":"x","level":"WARN","msg":"no --smtp: one-time codes stay in the outbox"}' >&2
echo 'not json' >&2
echo '{"time":"x","level":"INFO","msg":"listening","url":"http://127.0.0.1:4321","db":"sqlite"}' >&2
echo '{"time":"x","level":"ERROR","msg":"internal error","err":"boom"}' >&2
exec sleep 30
`
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	srv, err := startBinary(context.Background(), bin, "sqlite:unused")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := srv.url, "http://127.0.0.1:4321"; got != want {
		t.Errorf("url = %q, want %q", got, want)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.problems()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if p := srv.problems(); len(p) != 1 || !strings.Contains(p[0], "boom") {
		t.Errorf("problems = %q, want the one error line (the --smtp warning is expected)", p)
	}
	start := time.Now()
	srv.stop() // SIGTERM ends the stand-in; its exit status does not matter here
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stop took %s", d)
	}
}
