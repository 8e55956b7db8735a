#!/usr/bin/env bash
# Side-by-side benchmark of `cfgate check` against check-jsonschema and ajv-cli,
# plus a parse-only floor, on a generated corpus. Writes docs/BENCHMARKS.md.
#
#   bash bench/run.sh [--files N] [--rounds R] [--single-runs S]
#
# Peers are installed from their registries into bench/.cache (PyPI
# check-jsonschema in a venv, npm ajv-cli) the first time. Needs python3, npm,
# GNU time (/usr/bin/time; `apt-get install time` if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
files=10000 rounds=3 single_runs=40
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --single-runs) single_runs=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--files N] [--rounds R] [--single-runs S]" >&2; exit 2 ;;
  esac
done

cache="$root/bench/.cache"
mkdir -p "$cache"
if [ ! -x "$cache/venv/bin/check-jsonschema" ]; then
  echo "== installing check-jsonschema (PyPI) into $cache/venv"
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install -q check-jsonschema
fi
if [ ! -x "$cache/npm/node_modules/.bin/ajv" ]; then
  echo "== installing ajv-cli (npm) into $cache/npm"
  npm install --silent --no-audit --no-fund --prefix "$cache/npm" ajv-cli@5 ajv-formats
fi
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }

echo "== building release binaries"
cargo build -q --release --locked -p config-cli --bin cfgate
cargo build -q --release --locked -p config-core --example parse_floor

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== generating $files scenario files into $work/corpus"
python3 bench/gen_corpus.py "$work/corpus" --files "$files"

echo "== criterion benches (in-process)"
{
  echo
  echo "## In-process (criterion: the middle of its estimate)"
  echo
  echo "| bench | time |"
  echo "| --- | ---: |"
  cargo bench -q --locked -p config-core --bench validate_all --bench check_scenario 2>/dev/null |
    awk '/time:/ {
           if ($1 != "time:") { n = $0; sub(/ *time:.*/, "", n); name = n }
           for (i = 1; i <= NF; i++) if ($i == "time:") print "| " name " | " $(i + 3) " " $(i + 4) " |"
           next
         }
         /^[^ ]/ { name = $0 }'
} > "$work/criterion.md"

python3 bench/measure.py \
  --corpus "$work/corpus" \
  --rounds "$rounds" \
  --single-runs "$single_runs" \
  --cfgate "$root/target/release/cfgate" \
  --floor "$root/target/release/examples/parse_floor" \
  --check-jsonschema "$cache/venv/bin/check-jsonschema" \
  --ajv "$cache/npm/node_modules/.bin/ajv" \
  --schema "$root/schemas/scenario.schema.json" \
  --extra "$work/criterion.md" \
  --out "$root/docs/BENCHMARKS.md"
echo "== wrote docs/BENCHMARKS.md"
