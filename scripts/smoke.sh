#!/usr/bin/env bash
# make smoke: the real desktop binary under Xvfb against the demo server.
# Takes a screenshot of the first screen and fails when it is blank; then
# logs in with the keyboard as the demo member and checks, on the server's
# metrics, that the real client logged in and loaded the service list, and
# that the token went to the encrypted fallback store (no Secret Service
# runs in this display's session).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin
CGO_ENABLED=0 go build -o bin/fos-server ./cmd/fos-server
go build -o bin/fos-mobile .

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
addr=127.0.0.1:$port
bin/fos-server demo --addr "$addr" --admin-addr 127.0.0.1:0 >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -fs "http://$addr/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://$addr/readyz" >/dev/null || { echo "smoke: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
# /metrics is on the console's listener, whose URL the demo prints.
admin=""
for _ in $(seq 50); do
  admin=$(sed -n "s/^agents' console on \(http:[^ ]*\).*/\1/p" "$work/server.log" | head -n 1)
  [ -n "$admin" ] && break
  sleep 0.1
done
[ -n "$admin" ] || { echo "smoke: the demo printed no console URL" >&2; cat "$work/server.log" >&2; exit 1; }

# A display of our own; the app keeps its preferences and token in $work.
. scripts/lib/xvfb.sh
start_xvfb "$work" || { echo "smoke: no X display" >&2; exit 1; }
pids+=("$XVFB_PID")
display=$DISPLAY_NUM

DISPLAY=$display HOME=$work XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data \
  FOS_API_URL="http://$addr" LANG=fr_MA.UTF-8 DBUS_SESSION_BUS_ADDRESS=unix:path=$work/no-bus \
  bin/fos-mobile >"$work/app.log" 2>&1 &
app=$!
pids=("$app" "${pids[@]}")

# Wait for the window to map, then let the first screen draw.
for _ in $(seq 100); do
  DISPLAY=$display xdotool search --name "Fondation" >/dev/null 2>&1 && break
  kill -0 "$app" 2>/dev/null || { echo "smoke: the app exited" >&2; cat "$work/app.log" >&2; echo "Xvfb on $display:" >&2; cat "$work/xvfb.log" >&2; exit 1; }
  sleep 0.2
done
sleep 2
shot=${SMOKE_SHOT:-$work/shot.png}
import -display "$display" -window root "$shot"
sd=$(convert "$shot" -format '%[fx:standard_deviation]' info:)
echo "smoke: screenshot standard deviation $sd"
python3 -c "import sys; sys.exit(0 if float('$sd') > 0.02 else 1)" || { echo "smoke: the screen is blank" >&2; exit 1; }
kill -0 "$app" || { echo "smoke: the app died" >&2; cat "$work/app.log" >&2; exit 1; }

# Log in as the demo member with the keyboard: Tab to the identifier, the
# password, Return.
win=$(DISPLAY=$display xdotool search --name "Fondation" | head -n 1)
DISPLAY=$display xdotool windowfocus --sync "$win" 2>/dev/null || true
DISPLAY=$display xdotool key --delay 50 Tab
DISPLAY=$display xdotool type --delay 30 1234567
DISPLAY=$display xdotool key --delay 50 Tab
DISPLAY=$display xdotool type --delay 30 'Estivage-2026!'
DISPLAY=$display xdotool key Return
served() { curl -fs "$admin/metrics" | grep -F "fos_http_requests_total{code=\"200\",route=\"$1\"}" >/dev/null; }
for _ in $(seq 100); do
  served "GET /api/v1/services" && break
  sleep 0.1
done
# The refresher reads the member's requests as soon as the member is logged in.
for _ in $(seq 100); do
  served "GET /api/v1/reimbursements" && break
  sleep 0.1
done
for route in "POST /api/v1/auth/login" "GET /api/v1/me" "GET /api/v1/services" "GET /api/v1/reimbursements"; do
  served "$route" || { echo "smoke: the app did not call $route successfully" >&2; cat "$work/app.log" >&2; exit 1; }
done
tokens=$(find "$work" -name session.token | head -n 1)
cache=$(find "$work" -name requests.cache | head -n 1)
[ -n "$cache" ] && [ -s "$cache" ] || { echo "smoke: no sealed requests cache" >&2; exit 1; }
grep -q "1234567" "$cache" && { echo "smoke: the requests cache is readable in clear" >&2; exit 1; }
[ -n "$tokens" ] && [ -s "$tokens" ] || { echo "smoke: no token in the fallback store" >&2; exit 1; }
grep -q "$(printf 'Estivage-2026!')" -r "$work/config" "$work/data" 2>/dev/null && { echo "smoke: the password was written to disk" >&2; exit 1; }
sleep 1
import -display "$display" -window root "$work/services.png"
diff=$(compare -metric AE "$shot" "$work/services.png" null: 2>&1 || true)
echo "smoke: logged in; the screen changed in $diff pixels"
python3 -c "import sys; sys.exit(0 if float('${diff%% *}') > 1000 else 1)" || { echo "smoke: the screen did not change after login" >&2; exit 1; }
kill -0 "$app" || { echo "smoke: the app died" >&2; cat "$work/app.log" >&2; exit 1; }
echo "smoke: ok"
