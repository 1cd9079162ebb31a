package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fos-mobile/fos/server/auth"
	"github.com/fos-mobile/fos/server/httpapi"
	"github.com/fos-mobile/fos/server/portal"
	"github.com/fos-mobile/fos/server/store"
)

// target is an HTTP server under test on loopback.
type target struct {
	url string
	// console is the console listener's URL (the binary only).
	console string
	stop    func() error
	// problems returns the server's warnings and errors so far.
	problems func() []string
	// cpu reads the server process's CPU time so far; nil when the server
	// runs in this process, beside the load generator.
	cpu func() (time.Duration, bool)
}

// BuildServer builds cmd/fos-server into dir, as `make server` does, and
// returns the binary's path. It runs in the module that holds the working
// directory.
func BuildServer(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run from inside the fos module (go env GOMOD: %q, %v)", gomod, err)
	}
	bin := filepath.Join(dir, "fos-server")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/fos-server")
	cmd.Dir = filepath.Dir(gomod)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/fos-server: %v\n%s", err, out)
	}
	return bin, nil
}

// startBinary runs `fos-server serve` on a free loopback port and reads its
// URL from the "listening" line of its JSON log.
func startBinary(ctx context.Context, bin, dbURL string) (*target, error) {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--db", dbURL)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var problems []string
	urls := make(chan string, 1)
	var consoleURL string // written before urls is sent on
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var line struct{ Level, Msg, URL, Console string }
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			switch {
			case line.Msg == "listening":
				consoleURL = line.Console
				urls <- line.URL
			case (line.Level == "WARN" || line.Level == "ERROR") && !strings.Contains(line.Msg, "--smtp"):
				mu.Lock()
				if len(problems) < 20 {
					problems = append(problems, sc.Text())
				}
				mu.Unlock()
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t := &target{
		cpu:      processCPU(cmd.Process.Pid),
		problems: func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) },
		stop: func() error {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case err := <-exited:
				return err
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				return errors.New("fos-server did not stop within 30 s of SIGTERM")
			}
		},
	}
	select {
	case t.url = <-urls:
		t.console = consoleURL
		return t, nil
	case err := <-exited:
		return nil, fmt.Errorf("fos-server exited before listening: %v %s", err, strings.Join(t.problems(), "\n"))
	case <-time.After(60 * time.Second):
		t.stop()
		return nil, errors.New("fos-server did not log \"listening\" within 60 s")
	case <-ctx.Done():
		t.stop()
		return nil, ctx.Err()
	}
}

// startInProcess serves the real router on a real loopback listener inside
// this process, as cli's serve does but without the background jobs.
func startInProcess(s *store.Store) (*target, error) {
	h, err := auth.NewHasher(auth.DefaultParams)
	if err != nil {
		return nil, err
	}
	a := &auth.Service{Store: s, Hasher: h, Policy: auth.DefaultPolicy, Rand: rand.Reader}
	var mu sync.Mutex
	var problems []string
	log := slog.New(slog.NewTextHandler(writerFunc(func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 20 {
			problems = append(problems, strings.TrimSpace(string(b)))
		}
	}), &slog.HandlerOptions{Level: slog.LevelWarn}))
	hs := &httpapi.Server{Store: s, Auth: a, Log: log}
	t, err := serveHandler(portal.Public(hs.Handler(), &portal.Portal{Store: s, Auth: a, View: hs.MemberView, Log: log}))
	if err != nil {
		return nil, err
	}
	t.problems = func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
	return t, nil
}

// startBare serves body on every path with the headers the real list
// sends, and nothing else: no authentication, no database, no ETag.
func startBare(body []byte) (*target, error) {
	length := strconv.Itoa(len(body))
	return serveHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", length)
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	}))
}

func serveHandler(h http.Handler) (*target, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	go srv.Serve(ln)
	return &target{url: "http://" + ln.Addr().String(), problems: func() []string { return nil }, stop: func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(ctx)
	}}, nil
}

type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) { f(b); return len(b), nil }

var _ io.Writer = writerFunc(nil)
