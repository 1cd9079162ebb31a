#!/usr/bin/env bash
# make portal-audit: Lighthouse (pinned in package-lock.json; 13 wants Node
# 22, Debian has 20) runs the local Chromium on the portal's login,
# Estivage and tracked-request pages of a fresh demo server, as a logged-in
# member for the last two (the session cookie passed as a header). Fails
# unless accessibility is 100 and best practices 95 or more on each; prints
# every score and the performance figures (mobile, simulated throttling).
# Reports in tools/lighthouse/reports/. Usage: tools/lighthouse/audit.sh
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
for cmd in node npm curl; do
  command -v "$cmd" >/dev/null || { echo "portal-audit: $cmd is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
done
stamp=node_modules/.fos-lock
if ! cmp -s package-lock.json "$stamp" || [ ! -x node_modules/.bin/lighthouse ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  cp package-lock.json "$stamp"
fi
CHROME_PATH=${CHROME_PATH:-$(command -v chromium || command -v chromium-browser)}
export CHROME_PATH

tmp=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
(cd ../.. && CGO_ENABLED=0 go build -o "$tmp/fos-server" ./cmd/fos-server)
"$tmp/fos-server" demo --addr "127.0.0.1:$port" --admin-addr "127.0.0.1:$((port + 1))" >"$tmp/demo.out" 2>"$tmp/demo.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
read -r member password < <(awk '$1 == "member:" { print $2, $4; exit }' "$tmp/demo.out")

# Log in through the form, then ask for the summer reimbursement.
jar=$tmp/jar
token() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
field() { sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" "$2" | head -1; }
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/connexion" | token)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "identifier=$member" \
  --data-urlencode "password=$password" "$base/connexion"
curl -fs -c "$jar" -b "$jar" "$base/estivage/demander/summer" >"$tmp/confirm.html"
args=()
for f in csrf key birth_date echelle echelon recruitment_date children_count; do
  args+=(--data-urlencode "$f=$(field "$f" "$tmp/confirm.html")")
done
request=$(curl -fs -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "${args[@]}" "$base/estivage/demander/summer")
request=${request%/depot}
cookie=$(awk '$6 == "fos_portal" { print $6 "=" $7 }' "$jar")
[ -n "$cookie" ] && [ -n "$request" ] || { echo "portal-audit: could not log in and ask (see $tmp/demo.err)" >&2; exit 1; }
printf '{"Cookie": "%s"}' "$cookie" >"$tmp/headers.json"

mkdir -p reports
run() { # name url [headers]
  local extra=()
  [ -n "${3:-}" ] && extra=(--extra-headers="$3")
  node_modules/.bin/lighthouse "$2" --quiet --output=json --output-path="$here/reports/$1.json" \
    --only-categories=performance,accessibility,best-practices --chrome-flags="--headless=new --no-sandbox" "${extra[@]}"
}
run login "$base/connexion"
run estivage "$base/estivage" "$tmp/headers.json"
run request "$request" "$tmp/headers.json"

node - login estivage request <<'JS'
const fs = require("fs");
let ok = true;
console.log("page      perf  a11y  best   FCP     LCP     TBT    CLS    bytes");
for (const name of process.argv.slice(2)) {
  const r = JSON.parse(fs.readFileSync(`reports/${name}.json`, "utf8"));
  const c = r.categories, a = r.audits;
  const s = k => Math.round(c[k].score * 100);
  const v = k => a[k].displayValue.replace(/\s/g, " ");
  console.log(name.padEnd(9), String(s("performance")).padStart(4), String(s("accessibility")).padStart(5),
    String(s("best-practices")).padStart(5), v("first-contentful-paint").padStart(7), v("largest-contentful-paint").padStart(7),
    v("total-blocking-time").padStart(7), v("cumulative-layout-shift").padStart(6), String(a["total-byte-weight"].numericValue).padStart(7));
  if (r.finalDisplayedUrl.includes("/connexion") && name !== "login") { console.log(`  ${name}: not logged in`); ok = false; }
  if (s("accessibility") < 100) { ok = false; console.log(`  ${name}: accessibility below 100`); }
  if (s("best-practices") < 95) { ok = false; console.log(`  ${name}: best practices below 95`); }
  for (const k of ["accessibility", "best-practices"]) for (const ref of c[k].auditRefs) {
    const au = a[ref.id]; if (ref.weight > 0 && au.score !== null && au.score < 1) console.log(`  ${name}: ${k}: ${ref.id}: ${au.title}`);
  }
}
process.exit(ok ? 0 : 1);
JS
