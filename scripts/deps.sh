#!/usr/bin/env bash
# Installs the Debian packages a make target needs, when they are missing.
# As root it installs them; otherwise it prints the one apt-get line to run
# and fails. Usage: scripts/deps.sh build|test|run|server|spec
set -euo pipefail

build="gcc libc6-dev pkg-config libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev"
window="xvfb xdotool imagemagick x11-utils xauth"
keyring="dbus gnome-keyring libsecret-tools"
data="unicode-data"
# The console's browser tests (chromedp) and screenshots: headless Chromium
# and a font with Arabic glyphs for it.
browser="chromium fonts-dejavu-core"
packaging="zip unzip"
# systemd-analyze verify checks deploy/fos-server.service (no booted systemd needed).
unit="systemd"

case "${1:-}" in
  server) want="wrk" ;;
  build) want="$build" ;;
  run) want="$build curl" ;;
  test) want="$build $window $keyring $data $browser wrk $packaging $unit" ;;
  spec) want="" ;;
  *) echo "usage: $0 build|test|run|server|spec" >&2; exit 2 ;;
esac

if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed: install Go 1.26 or newer first (https://go.dev/doc/install)." >&2
  exit 1
fi

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The OpenAPI linter (tools/spec-lint) runs on Node.js. Machines may have
# node and npm from elsewhere than Debian (NodeSource), whose packages
# Debian's npm would conflict with: look for the commands, not the packages.
if { [ "$1" = test ] || [ "$1" = spec ]; } && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages. Run this once, then try again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
echo "Installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
