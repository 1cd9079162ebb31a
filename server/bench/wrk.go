package bench

import (
	"bufio"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The closed-loop throughput phases run wrk (Debian's, written in C, one
// thread on epoll) rather than Go's HTTP client: on a 2-core machine the
// load generator shares the cores with the server, and Go's client spent
// about as much CPU a request as the bare handler it measured, so the
// list/bare ratio mostly measured the client. wrk's own CPU is reported.

//go:embed wrk.lua
var wrkScript []byte

// wrkRequest is one request wrk sends: headers and body. Fields left empty
// are not sent. wrk cycles through its requests in order.
type wrkRequest struct {
	Token, IfNoneMatch, Key string
	Body                    []byte
}

// wrkRun sends method path to base, cycling through reqs (once when once is
// set: the phase ends after the last), with conns connections on one wrk
// thread, for d. A status of 400 or more is a failure.
type wrkRun struct {
	base, method, path string
	reqs               []wrkRequest
	once               bool
	conns              int
	d                  time.Duration
}

// wrkPath is the wrk binary; the bench fails clearly without it.
const wrkPath = "wrk"

// run executes wrk and returns its figures, with the load generator's own
// CPU per request in GenCPUPerOp.
func (w wrkRun) run(ctx context.Context, dir string) (Load, error) {
	if _, err := exec.LookPath(wrkPath); err != nil {
		return Load{}, fmt.Errorf("wrk is not installed (apt-get install wrk; scripts/deps.sh server does it): %w", err)
	}
	script := filepath.Join(dir, "fos.lua")
	if err := os.WriteFile(script, wrkScript, 0o600); err != nil {
		return Load{}, err
	}
	data, err := os.CreateTemp(dir, "wrk-requests-")
	if err != nil {
		return Load{}, err
	}
	defer os.Remove(data.Name())
	bw := bufio.NewWriter(data)
	for _, r := range w.reqs {
		// Tabs and newlines never occur in tokens, ETags, keys or
		// json.Marshal's output, so they separate fields and requests.
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\n", r.Token, r.IfNoneMatch, r.Key, r.Body)
	}
	if err := errors.Join(bw.Flush(), data.Close()); err != nil {
		return Load{}, err
	}
	once := "0"
	if w.once {
		once = "1"
	}
	secs := max(1, int(w.d.Round(time.Second)/time.Second))
	cmd := exec.CommandContext(ctx, wrkPath, "-t1", fmt.Sprintf("-c%d", w.conns), fmt.Sprintf("-d%ds", secs),
		"--timeout", "10s", "-s", script, w.base+w.path, "--", w.method, data.Name(), once)
	out, err := cmd.Output()
	if err != nil {
		return Load{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	l, err := parseWrk(string(out))
	if err != nil {
		return l, err
	}
	if ps := cmd.ProcessState; ps != nil && l.OK+l.Errors > 0 {
		l.GenCPUPerOp = (ps.UserTime() + ps.SystemTime()) / time.Duration(l.OK+l.Errors)
	}
	return l, nil
}

// parseWrk reads the FOSBENCH line that wrk.lua's done() prints:
// requests, duration (µs), socket errors, bad statuses, p50, p99, max (µs).
func parseWrk(out string) (Load, error) {
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "FOSBENCH ") {
			continue
		}
		var reqs, dur, sock, status, p50, p99, mx int64
		if _, err := fmt.Sscan(strings.TrimPrefix(line, "FOSBENCH "), &reqs, &dur, &sock, &status, &p50, &p99, &mx); err != nil {
			return Load{}, fmt.Errorf("wrk's summary %q: %w", line, err)
		}
		us := func(v int64) time.Duration { return time.Duration(v) * time.Microsecond }
		l := Load{OK: int(reqs - status), Errors: int(status + sock), Elapsed: us(dur), P50: us(p50), P99: us(p99), Max: us(mx)}
		if l.OK < 0 {
			l.OK = 0
		}
		if l.Elapsed > 0 {
			l.RPS = float64(l.OK) / l.Elapsed.Seconds()
		}
		if l.Errors > 0 {
			l.FirstError = fmt.Sprintf("wrk: %d answers with another status, %d socket errors", status, sock)
		}
		return l, nil
	}
	return Load{}, fmt.Errorf("wrk printed no summary: %s", out)
}
