#!/usr/bin/env bash
# Rebuilds server/auth/commonpw/passwords.txt, the common passwords the
# server refuses, from the npm package @zxcvbn-ts/language-common (MIT; its
# list ranks passwords from public leaks, most common first). Kept: every
# entry of 12 characters or more (the policy's minimum: they can be typed
# as they are), and the entries of 4 to 11 characters among the 20,000
# most common that end in a letter (bases that a password may extend with
# digits or symbols, "soleil2026!"). Needs npm and node. Usage:
# scripts/common-passwords.sh [VERSION]
set -euo pipefail
version="${1:-4.1.3}"
out="$(cd "$(dirname "$0")/.." && pwd)/server/auth/commonpw"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@zxcvbn-ts/language-common@$version" >/dev/null && tar xzf ./*.tgz)
cp "$tmp/package/LICENSE.txt" "$out/LICENSE.txt"
node -e '
const list = require(process.argv[1]);
const keep = list.filter((p, i) => p.length >= 12 || (i < 20000 && p.length >= 4 && /[a-z]$/.test(p)));
process.stdout.write(keep.join("\n") + "\n");
' "$tmp/package/src/passwords.json" > "$out/passwords.txt"
echo "$(wc -l < "$out/passwords.txt") passwords from @zxcvbn-ts/language-common@$version in $out/passwords.txt"
