#!/usr/bin/env bash
# make test (real keyring part): round-trips a token through a real Secret
# Service. A private D-Bus session (dbus-run-session) runs gnome-keyring,
# unlocked with a throwaway password, over throwaway XDG directories, so the
# user's own keyring is never touched. Needs Debian's dbus, gnome-keyring
# and libsecret-tools (never dbus-x11: it makes godbus spawn daemons that
# leak). Fails unless TestRealSecretService actually ran and passed.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dbus-run-session gnome-keyring-daemon secret-tool; do
  command -v "$tool" >/dev/null || {
    echo "keyring-test: $tool is missing; apt-get install -y --no-install-recommends dbus gnome-keyring libsecret-tools" >&2
    exit 1
  }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/runtime"
chmod 700 "$work/runtime"
export XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/runtime"
unset DBUS_SESSION_BUS_ADDRESS DISPLAY

# Inside the private bus: start the daemon in the foreground (so that we
# own its pid), wait until it holds org.freedesktop.secrets, run the test,
# then stop the daemon whatever happened.
dbus-run-session -- bash -euo pipefail -c '
  printf %s keyring-test-pass | gnome-keyring-daemon --foreground --unlock --components=secrets >"$XDG_RUNTIME_DIR/daemon.log" 2>&1 &
  daemon=$!
  trap "kill $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true" EXIT
  for _ in $(seq 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      break
    fi
    sleep 0.1
  done
  FOS_TEST_REAL_KEYRING=1 go test -count=1 -run "^TestRealSecretService\$" -v ./client/
' 2>&1 | tee "$work/test.log"

if ! grep -q -- '--- PASS: TestRealSecretService' "$work/test.log"; then
  echo "keyring-test: TestRealSecretService did not run and pass (skipped, failed or missing)" >&2
  exit 1
fi
echo "keyring-test: the token round-tripped through a real Secret Service"
