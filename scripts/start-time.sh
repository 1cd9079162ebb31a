#!/usr/bin/env bash
# make start-time: the app's cold start to its first painted frame, side by
# side with a minimal Fyne form (cmd/fos-startform), under Xvfb. Each run is
# a new process with fresh preferences; both report the moment their content
# is first drawn (internal/firstframe) and quit. Runs alternate, ROUNDS each
# (15 by default); the medians are printed, and the figure: the median of
# the ratios app / form of each pair, run back to back so that both share
# the machine's load of the moment. The target is <= 1.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-15}
lang=${START_LANG:-fr_MA.UTF-8} # the app opens in this language (ar_MA.UTF-8 for Arabic)
mkdir -p bin
go build -o bin/fos-mobile .
go build -o bin/fos-startform ./cmd/fos-startform

work=$(mktemp -d)
xpid=
cleanup() {
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. scripts/lib/xvfb.sh
start_xvfb "$work" || { xpid=${XVFB_PID:-}; exit 1; }
xpid=$XVFB_PID
display=$DISPLAY_NUM

# one BINARY: milliseconds from exec to the first painted frame. The
# process is killed once it has reported (or after 30 s): only the moment
# it printed matters.
one() {
  local home t0 t1 pid line=""
  home=$(mktemp -d "$work/h.XXXX")
  t0=$(date +%s%N)
  DISPLAY=$display HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data \
    DBUS_SESSION_BUS_ADDRESS=unix:path=$home/no-bus LANG=$lang FOS_API_URL=http://127.0.0.1:9 \
    FOS_FIRST_FRAME=1 "$1" >"$home/out" 2>/dev/null &
  pid=$!
  for _ in $(seq 3000); do
    line=$(grep -m1 '^first-frame ' "$home/out" || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "$line" ] || { echo "start-time: $1 painted nothing" >&2; exit 1; }
  t1=${line#first-frame }
  echo $(((t1 - t0) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

one bin/fos-startform >/dev/null # warm the file cache for both
one bin/fos-mobile >/dev/null
: >"$work/app"
: >"$work/form"
: >"$work/ratio"
for i in $(seq "$rounds"); do
  # Alternate which one goes first, so neither always finds a cooler cache.
  if [ $((i % 2)) = 0 ]; then
    f=$(one bin/fos-startform); a=$(one bin/fos-mobile)
  else
    a=$(one bin/fos-mobile); f=$(one bin/fos-startform)
  fi
  echo "$f" >>"$work/form"; echo "$a" >>"$work/app"
  awk -v a="$a" -v f="$f" 'BEGIN { printf "%.3f\n", a / f }' >>"$work/ratio"
done
form=$(median <"$work/form")
app=$(median <"$work/app")
echo "minimal form: $(tr '\n' ' ' <"$work/form")ms, median $form ms"
echo "app (login):  $(tr '\n' ' ' <"$work/app")ms, median $app ms"
ratio=$(median <"$work/ratio")
awk -v r="$ratio" -v n="$rounds" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
  'BEGIN { printf "app / form = %.2f, the median of the ratios of %d pairs (load %s; target <= 1)\n", r, n, l; exit !(r <= 1) }'
