#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (Debian's postgresql package; root
# only) on a private port and prints the URL of an empty database:
#   export FOS_TEST_POSTGRES_URL=$(scripts/pg-throwaway.sh)
# Stop it with: scripts/pg-throwaway.sh stop. FOS_PG_DIR and FOS_PG_PORT place a
# second cluster beside one already running (default /tmp/fos-pg, 55432).
set -euo pipefail
dir=${FOS_PG_DIR:-/tmp/fos-pg}
port=${FOS_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

if [ "${1:-}" = stop ]; then
  [ -d "$dir/data" ] && su postgres -c "$bin/pg_ctl -D $dir/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed: sudo apt-get install -y postgresql" >&2; exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

if [ -d "$dir/data" ] && su postgres -c "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
  :
else
  rm -rf "$dir"; mkdir -p "$dir"; chown postgres "$dir"
  su postgres -c "$bin/initdb -D $dir/data -A trust -U postgres -E UTF8 --no-locale" >/dev/null
  # Durability stays on (fsync): the crash test relies on it.
  su postgres -c "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200' start" >/dev/null
fi
su postgres -c "$bin/psql -h 127.0.0.1 -p $port -U postgres -qc 'DROP DATABASE IF EXISTS fos_test' -c 'CREATE DATABASE fos_test'" >/dev/null
echo "postgres://postgres@127.0.0.1:$port/fos_test?sslmode=disable"
