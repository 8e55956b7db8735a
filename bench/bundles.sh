#!/usr/bin/env bash
# Bundle checking against the same descriptors checked as flat files:
#   bash bench/bundles.sh [N]
# Prints wall time and peak RSS (GNU time) of one run each. Target (issue
# 13): bundles within 2x the flat files' time, under 64 MiB peak.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
cargo build -q --release --locked -p config-cli --bin cfgate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_bundles.py "$work" "$n"
bin=$(pwd)/target/release/cfgate
# Warm the page cache once for both.
cat "$work"/flat/*.yaml "$work"/bundles/*/scenario.yaml > /dev/null
run() {
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" "$bin" check --format json "$@" > "$work/out.json" || true
  python3 -c "import json,sys; s=json.load(open('$work/out.json'))['summary']; print('  ', s)"
}
( cd "$work/flat" && run "flat descriptors ($n)" ./*.yaml )
( cd "$work/bundles" && run "bundles ($n)" ./*/scenario.yaml )
