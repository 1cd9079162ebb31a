package bench

import (
	"os"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	for _, tc := range []struct {
		name string
		stat string
		want time.Duration
		ok   bool
	}{
		{"plain name", "4242 (fos-server) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 37 0 0 20 0 9 0 100 0 0", 2870 * time.Millisecond, true},
		{"name with spaces and a parenthesis", "7 (a b) c)) R 1 7 7 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0 1 0 0", 100 * time.Millisecond, true},
		{"truncated", "7 (x) R 1 7", 0, false},
		{"no name", "garbage", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseStatCPU(tc.stat)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("parseStatCPU = %s, %v; want %s, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestProcessCPUReadsThisProcess(t *testing.T) {
	cpu := processCPU(os.Getpid())
	before, ok := cpu()
	if !ok {
		t.Skip("no /proc/self/stat on this system")
	}
	for end := time.Now().Add(100 * time.Millisecond); time.Now().Before(end); {
	}
	after, ok := cpu()
	if !ok || after <= before {
		t.Fatalf("CPU time %s then %s after 100 ms of spinning (ok %v)", before, after, ok)
	}
}

func TestServerCPUPerRequest(t *testing.T) {
	used := []time.Duration{time.Second, 3 * time.Second}
	srv := &target{cpu: func() (time.Duration, bool) { d := used[0]; used = used[1:]; return d, true }}
	l, _ := serverCPU(srv, func() (Load, error) { return Load{OK: 1000}, nil })
	if l.CPUPerOp != 2*time.Millisecond {
		t.Fatalf("2 s of server CPU over 1,000 requests: got %s a request, want 2ms", l.CPUPerOp)
	}
	if l, _ := serverCPU(&target{}, func() (Load, error) { return Load{OK: 1}, nil }); l.CPUPerOp != 0 {
		t.Fatalf("in-process server: CPUPerOp %s, want 0 (not measured)", l.CPUPerOp)
	}
}
