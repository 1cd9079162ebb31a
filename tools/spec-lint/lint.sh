#!/usr/bin/env bash
# Lints api/openapi.yaml with the Redocly CLI pinned in package-lock.json and
# the rules of redocly.yaml: zero errors or it fails. It then proves the
# rules bite: copies of the spec with a mistake issue 11 found (an unquoted
# example, nullable without type, a schema named like a generated type)
# must each fail. Installs the CLI with npm ci only when node_modules does
# not match the lock file. Usage: tools/spec-lint/lint.sh
set -euo pipefail
cd "$(dirname "$0")"
spec=../../api/openapi.yaml

for cmd in node npm; do
  command -v "$cmd" >/dev/null || { echo "spec-lint: $cmd is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
done
# Redocly CLI 2.x needs Node.js 20.19+ (20.x) or 22.12+.
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit((a===20&&b>=19)||(a===22&&b>=12)||a>22?0:1)'; then
  echo "spec-lint: Node.js $(node --version) is too old for Redocly CLI 2.x (needs 20.19+ or 22.12+)" >&2
  exit 1
fi

stamp=node_modules/.fos-lock
if ! cmp -s package-lock.json "$stamp" || [ ! -x node_modules/.bin/redocly ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  cp package-lock.json "$stamp"
fi

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_NOTIFICATIONS=true REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# Seeded mistakes, each a sed expression on a copy of the spec and the rule
# that must report it as an error. The copies live elsewhere, so the ignore
# file does not apply to them.
mutants=(
  "unquoted-example|s/message: 'the session is missing, expired or revoked'/message: the session is missing, expired or revoked/|no-invalid-media-type-examples"
  "nullable-without-type|s/- {type: object, nullable: true, enum: \[null\]}/- {nullable: true, enum: [null]}/|nullable-type-sibling"
  "generated-name-collision|s/LoginResult/LoginResponse/g|rule/schema-names-clear-of-generated-ones"
)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$spec")
for m in "${mutants[@]}"; do
  IFS='|' read -r name expr _ <<<"$m"
  sed -e "$expr" "$spec" >"$tmp/mutant-$name.yaml"
  files+=("$tmp/mutant-$name.yaml")
done

# One run for all (node starts once). Node 20 makes Redocly print an
# end-of-life banner, dropped here. block prints one file's report.
out=$(node_modules/.bin/redocly lint --config redocly.yaml --format=stylish "${files[@]}" 2>&1 | grep -v '[║╔╚]' || true)
block() { awk -v f="$1" 'index($0, "validating ") == 1 { on = index($0, f "...") > 0 } on' <<<"$out"; }

real=$(block /openapi.yaml)
echo "$real"
if [ -z "$real" ]; then
  echo "spec-lint: the linter gave no report on api/openapi.yaml:" >&2
  echo "$out" >&2
  exit 1
fi
if grep -q ' error ' <<<"$real"; then
  echo "spec-lint: api/openapi.yaml has lint errors (above)" >&2
  exit 1
fi
for m in "${mutants[@]}"; do
  IFS='|' read -r name _ rule <<<"$m"
  if cmp -s "$spec" "$tmp/mutant-$name.yaml"; then
    echo "spec-lint: the seeded mistake '$name' no longer applies to api/openapi.yaml; update it in $0" >&2
    exit 1
  fi
  if ! block "/mutant-$name.yaml" | grep -Eq "error +$rule "; then
    echo "spec-lint: the seeded mistake '$name' was not reported by $rule" >&2
    exit 1
  fi
done
echo "spec-lint: api/openapi.yaml lints clean with zero errors, and the rules catch each seeded mistake (${#mutants[@]})"
