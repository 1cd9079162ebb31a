package main_test

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSystemdNotify plays systemd's side of Type=notify: the server says
// READY=1 on $NOTIFY_SOCKET once it listens, and STOPPING=1 on SIGTERM.
func TestSystemdNotify(t *testing.T) {
	bin := build(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	srv, base, log := serve(t, bin, "--db", "sqlite:"+filepath.Join(dir, "fos.db"))
	read := func() string {
		t.Helper()
		buf := make([]byte, 4096)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatalf("no message from the server on NOTIFY_SOCKET: %v\n%s", err, log)
		}
		return string(buf[:n])
	}
	if got := read(); !strings.Contains(got, "READY=1") || !strings.Contains(got, "STATUS=serving on "+base) {
		t.Fatalf("first message %q, want READY=1 and the status", got)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if got := read(); got != "STOPPING=1" {
		t.Fatalf("on SIGTERM: %q, want STOPPING=1", got)
	}
	srv.Wait()
}

// TestServiceUnitVerifies runs systemd-analyze verify on the units in
// deploy/ (the server, its nightly backup service and timer), with the
// binary's path pointed at the one just built (verify checks that a
// command exists), and fails on any complaint, warnings included: verify
// exits 0 on an unknown key or a bad value. It also holds each service to
// an exposure level of 2.0 at most (systemd-analyze security). systemd-analyze works without a booted
// systemd; make test installs it (scripts/deps.sh), and CI fails without it.
func TestServiceUnitVerifies(t *testing.T) {
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("systemd-analyze not found: scripts/deps.sh test installs Debian's systemd")
		}
		t.Skip("systemd-analyze not found: run scripts/deps.sh test (Debian's systemd package)")
	}
	const execPath = "/usr/local/bin/fos-server"
	bin := build(t)
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"fos-server.service", "fos-server-backup.service", "fos-server-backup.timer"} {
		unit, err := os.ReadFile("../../deploy/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".service") && !bytes.Contains(unit, []byte(execPath+" ")) {
			t.Fatalf("%s does not run %s, where the README installs it", name, execPath)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, bytes.ReplaceAll(unit, []byte(execPath), []byte(bin)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tool, args...)
		cmd.Env = append(os.Environ(), "SYSTEMD_LOG_COLOR=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("systemd-analyze %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(bytes.TrimSpace(out))
	}
	if out := run(append([]string{"verify", "--man=no"}, paths...)...); out != "" {
		t.Errorf("systemd-analyze verify complains:\n%s", out)
	}
	for _, p := range paths[:2] {
		lines := strings.Split(run("security", "--offline=yes", "--threshold=20", "--no-pager", p), "\n")
		t.Log(lines[len(lines)-1])
	}
}
