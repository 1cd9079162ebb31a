#!/usr/bin/env bash
# make screenshot: docs/screenshot-fr.png and docs/screenshot-ar.png, the
# Estivage menu rendered headlessly with the app's bundled fonts (no display
# and no machine fonts involved, so the images are the same everywhere).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs
FOS_SCREENSHOT_DIR="$PWD/docs" go test -count=1 -run '^TestScreenshots$' ./screens/ >/dev/null
ls -l docs/screenshot-fr.png docs/screenshot-ar.png
