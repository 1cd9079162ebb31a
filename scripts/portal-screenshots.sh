#!/usr/bin/env bash
# The members' portal's pages in French and Arabic, at 360×640 and
# 1280×800, as headless Chromium renders them against the real server:
# docs/portal/<page>-<fr|ar>-<width>.png.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/portal
FOS_PORTAL_SCREENSHOTS="$PWD/docs/portal" go test -count=1 -run '^TestScreenshots$' ./server/portal/
ls docs/portal
