#!/usr/bin/env bash
# The agents' console's pages in French and Arabic, as headless Chromium
# renders them against the real server: docs/console/<page>-<fr|ar>.png.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/console
FOS_CONSOLE_SCREENSHOTS="$PWD/docs/console" go test -count=1 -run '^Test(Supervisor)?Screenshots$' ./server/console/
ls docs/console
