#!/usr/bin/env bash
# make run: the demo server on loopback, then the app pointed at it.
# Closing the app stops the server. Before the app exists, serves only.
# The demo prints the agents' console's URL (second argument, default
# 127.0.0.1:8081) and the demo agent's and supervisor's credentials.
set -euo pipefail
addr=${1:-127.0.0.1:8080}
admin=${2:-127.0.0.1:8081}
cd "$(dirname "$0")/.."
mkdir -p bin
CGO_ENABLED=0 go build -o bin/fos-server ./cmd/fos-server
if [ ! -f main.go ]; then
  exec bin/fos-server demo --addr "$addr" --admin-addr "$admin"
fi
echo "Building the app (the first build of Fyne takes a few minutes)…"
go build -o bin/fos-mobile .
bin/fos-server demo --addr "$addr" --admin-addr "$admin" 2> >(sed 's/^/[server] /' >&2) &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 50); do
  curl -fs "http://$addr/readyz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
  sleep 0.2
done
FOS_API_URL="http://$addr" bin/fos-mobile
