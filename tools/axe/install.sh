#!/usr/bin/env bash
# Installs axe-core, pinned in package-lock.json, whose axe.min.js the web
# surfaces' browser tests (server/webtest) inject into every page. npm ci
# runs only when node_modules does not match the lock file.
# Usage: tools/axe/install.sh
set -euo pipefail
cd "$(dirname "$0")"
for cmd in node npm; do
  command -v "$cmd" >/dev/null || { echo "axe: $cmd is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
done
stamp=node_modules/.fos-lock
if ! cmp -s package-lock.json "$stamp" || [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  cp package-lock.json "$stamp"
fi
