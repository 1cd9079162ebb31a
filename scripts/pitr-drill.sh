#!/usr/bin/env bash
# Point-in-time recovery drill for PostgreSQL with pgBackRest (Debian's
# pgbackrest), on a throwaway cluster of its own; root only. It imports
# members with fos-server, takes a full backup, imports a second file (the
# mistake to undo), recovers the cluster to the moment between the two, and
# checks that fos-server serves the database as it was then.
# Usage: scripts/pitr-drill.sh [MEMBERS]   (part of make backup-drill)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
dir=${FOS_PITR_DIR:-/tmp/fos-pitr}
port=${FOS_PITR_PORT:-55497}
[ "$(id -u)" -eq 0 ] || { echo "pitr-drill: run as root (it starts a cluster as user postgres)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
for p in postgresql pgbackrest curl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    { apt-get update -qq; apt-get install -y -qq --no-install-recommends postgresql pgbackrest curl >/dev/null; break; }
done
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { su postgres -s /bin/bash -c "$*"; }
stop() { [ -d "$dir/data" ] && as_pg "$bin/pg_ctl -D $dir/data -m fast stop" >/dev/null 2>&1 || true; }
trap 'stop; rm -rf "$dir"' EXIT
stop; rm -rf "$dir"; mkdir -p "$dir"/{repo,log,lock,spool}; chown -R postgres "$dir"
conf=$dir/pgbackrest.conf
cat >"$conf" <<CONF
[global]
repo1-path=$dir/repo
repo1-retention-full=2
log-path=$dir/log
lock-path=$dir/lock
spool-path=$dir/spool
log-level-console=warn
start-fast=y
[fos]
pg1-path=$dir/data
pg1-port=$port
pg1-socket-path=$dir
CONF
chown postgres "$conf"
pgbr="pgbackrest --config=$conf --stanza=fos"
as_pg "$bin/initdb -D $dir/data -A trust -U postgres -E UTF8 --no-locale" >/dev/null
cat >>"$dir/data/postgresql.conf" <<PGCONF
port = $port
unix_socket_directories = '$dir'
listen_addresses = '127.0.0.1'
wal_level = replica
archive_mode = on
archive_command = '$pgbr archive-push %p'
archive_timeout = 60
PGCONF
as_pg "$bin/pg_ctl -D $dir/data -l $dir/log/postgres.log -w start" >/dev/null
psql() { as_pg "$bin/psql -h 127.0.0.1 -p $port -U postgres -d fos -tAq $*"; }
as_pg "$bin/psql -h 127.0.0.1 -p $port -U postgres -qc 'CREATE DATABASE fos'"
url="postgres://postgres@127.0.0.1:$port/fos?sslmode=disable"

bindir=$(mktemp -d); trap 'stop; rm -rf "$dir" "$bindir"' EXIT
CGO_ENABLED=0 go build -o "$bindir/fos-server" ./cmd/fos-server
members() { # members FROM COUNT FILE
  { echo "matricule,cin,last_name,first_name,email,phone,birth_date,echelle,echelon,recruitment_date,children_count"
    for ((i = $1; i < $1 + $2; i++)); do
      printf '6%06d,PI%06d,Alaoui,Sara,pitr%d@example.test,,1980-01-01,10,5,2005-09-01,2\n' "$i" "$i" "$i"
    done; } >"$3"
}
members 1 "$n" "$bindir/first.csv"
members $((n + 1)) "$n" "$bindir/mistake.csv"
"$bindir/fos-server" members import --db "$url" "$bindir/first.csv" >/dev/null

as_pg "$pgbr stanza-create" && as_pg "$pgbr check"
t0=$(date +%s.%N)
as_pg "$pgbr --type=full backup"
t1=$(date +%s.%N)
size=$(du -sk "$dir/repo/backup" | cut -f1)
sleep 1
target=$(psql -c "'SELECT now()'")
sleep 1
"$bindir/fos-server" members import --db "$url" "$bindir/mistake.csv" >/dev/null
psql -c "'SELECT pg_switch_wal()'" >/dev/null   # archive the WAL holding the mistake
sleep 2
before=$(psql -c "'SELECT COUNT(*) FROM members'")
[ "$before" -eq $((2 * n)) ] || { echo "pitr-drill: $before members before the recovery, want $((2 * n))" >&2; exit 1; }

stop
t2=$(date +%s.%N)
as_pg "$pgbr --delta --type=time '--target=$target' --target-action=promote restore"
as_pg "$bin/pg_ctl -D $dir/data -l $dir/log/postgres.log -w -t 300 start" >/dev/null
until [ "$(psql -c "'SELECT pg_is_in_recovery()'")" = f ]; do sleep 0.2; done
t3=$(date +%s.%N)
after=$(psql -c "'SELECT COUNT(*) FROM members'")
[ "$after" -eq "$n" ] || { echo "pitr-drill: $after members after recovery to $target, want $n" >&2; exit 1; }

# fos-server serves the recovered database: it starts, migrates nothing, answers /readyz.
log=$bindir/serve.log
"$bindir/fos-server" serve --db "$url" --addr 127.0.0.1:0 --admin-addr "" >"$log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q '"msg":"listening"' "$log" && break; sleep 0.1; done
base=$(sed -n 's/.*"msg":"listening","url":"\([^"]*\)".*/\1/p' "$log" | head -n 1)
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true)
kill "$pid"; wait "$pid" || true
[ "$code" = 200 ] || { echo "pitr-drill: fos-server on the recovered database: /readyz $code" >&2; cat "$log" >&2; exit 1; }
printf 'DRILL pgbackrest: full backup of %d members in %.1f s (%d KiB in the repository); recovery to %s (before a second import of %d) in %.1f s; %d members after, fos-server ready\n' \
  "$n" "$(awk "BEGIN{print $t1 - $t0}")" "$size" "$target" "$n" "$(awk "BEGIN{print $t3 - $t2}")" "$after"
