package durability

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fos-mobile/fos/server/testkit"
)

// server is one running `fos-server serve` process.
type server struct {
	t      *testing.T
	name   string
	cmd    *exec.Cmd
	url    string
	log    *testkit.Buffer
	exited chan struct{}
}

// startServer starts `fos-server serve --addr 127.0.0.1:0 --db URL` and
// waits (at most 30 s) for its "listening" log line. The process is killed
// when the test ends, whatever happens.
func startServer(t *testing.T, name string, db database, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--db", db.url}, extra...)
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "FOS_DB=", "FOS_SMTP=")
	log := &testkit.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	s := &server{t: t, name: name, cmd: cmd, log: log, exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(s.kill)
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-s.exited:
			t.Fatalf("%s exited before listening:\n%s", name, log)
		case <-deadline.C:
			t.Fatalf("%s: no \"listening\" log line in 30 s:\n%s", name, log)
		case <-tick.C:
			if u := listeningURL(log); u != "" {
				s.url = u
				return s
			}
		}
	}
}

// kill sends SIGKILL, as a crash or an OOM killer would, and waits for the
// process to be gone. It does nothing once the process has exited.
func (s *server) kill() {
	select {
	case <-s.exited:
		return
	default:
	}
	s.cmd.Process.Kill()
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.t.Errorf("%s (pid %d) still running 10 s after SIGKILL", s.name, s.cmd.Process.Pid)
	}
}

// stop sends SIGTERM and waits for the graceful exit.
func (s *server) stop() {
	s.t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		if code := s.cmd.ProcessState.ExitCode(); code != 0 {
			s.t.Errorf("%s exited %d after SIGTERM:\n%s", s.name, code, s.log)
		}
	case <-time.After(30 * time.Second):
		s.t.Errorf("%s did not stop 30 s after SIGTERM", s.name)
		s.kill()
	}
}

// failures returns the server's log lines at warn level or above.
func (s *server) failures() []string {
	var out []string
	for _, line := range strings.Split(s.log.String(), "\n") {
		var rec struct{ Level string }
		if json.Unmarshal([]byte(line), &rec) == nil && (rec.Level == "WARN" || rec.Level == "ERROR") &&
			!strings.Contains(line, "no --smtp") {
			out = append(out, line)
		}
	}
	return out
}

// listeningURL is the url of the {"msg":"listening"} line, once logged.
func listeningURL(b *testkit.Buffer) string {
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		var rec struct{ Msg, URL string }
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "listening" && rec.URL != "" {
			return rec.URL
		}
	}
	return ""
}
