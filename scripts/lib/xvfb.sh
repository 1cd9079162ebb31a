# Sourced by the scripts that draw the app under Xvfb (smoke.sh, start-time.sh).
#
# start_xvfb DIR: starts Xvfb on a display number it picks itself (-displayfd,
# so no collision with a display or a stale lock left by another run), waits
# until the server says it is ready (it writes the number only then; the first
# start on a fresh machine compiles its keymap and can take several seconds),
# and sets DISPLAY_NUM (":N") and XVFB_PID. Fails with Xvfb's own log when it
# dies or is not ready within XVFB_TIMEOUT seconds (60 by default).
start_xvfb() {
  local dir=$1 deadline
  : >"$dir/xvfb.display"
  Xvfb -displayfd 3 -screen 0 800x900x24 -nolisten tcp 3>"$dir/xvfb.display" >"$dir/xvfb.log" 2>&1 &
  XVFB_PID=$!
  deadline=$((SECONDS + ${XVFB_TIMEOUT:-60}))
  until [ -n "$(tr -d '[:space:]' <"$dir/xvfb.display")" ]; do
    if ! kill -0 "$XVFB_PID" 2>/dev/null; then
      echo "Xvfb exited before it was ready:" >&2
      cat "$dir/xvfb.log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "Xvfb not ready after ${XVFB_TIMEOUT:-60} s:" >&2
      cat "$dir/xvfb.log" >&2
      return 1
    fi
    sleep 0.1
  done
  DISPLAY_NUM=:$(tr -d '[:space:]' <"$dir/xvfb.display")
  # Ready means it answers a client, not only that it has a number.
  xdpyinfo -display "$DISPLAY_NUM" >/dev/null || {
    echo "Xvfb on $DISPLAY_NUM does not answer:" >&2
    cat "$dir/xvfb.log" >&2
    return 1
  }
}
