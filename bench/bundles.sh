#!/usr/bin/env bash
# Bundle checking against the same descriptors checked as flat files:
#   bash bench/bundles.sh [N] [ROUNDS]
# Runs the release `cfgate check` ROUNDS times on each form, alternating so
# all see the same load: the flat descriptors named as files, the bundles
# named by their `scenario.yaml`, and the bundle tree named as one folder
# (a walk). Prints each run's wall, user and system time (microseconds,
# from wait4) and peak RSS, then the median ratios to the flat run
# (bench/bundles_runner.py). With valgrind installed and CALLGRIND=1, also
# the instruction counts of one run each (repeatable on a loaded machine).
# Target (issue 13): bundles within 2x the flat files' time, under 64 MiB
# peak. Results: docs/BENCHMARKS.md, "Bundle checks".
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
rounds=${2:-3}
cargo build -q --release --locked -p config-cli --bin cfgate
cargo build -q --release --locked -p config-core --example parse_floor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_bundles.py "$work" "$n"
bin=$(pwd)/target/release/cfgate
# Warm the page cache once for every form.
find "$work" -type f -exec cat {} + > /dev/null
python3 bench/bundles_runner.py "$bin" "$(pwd)/target/release/examples/parse_floor" "$work" "$rounds"
if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind > /dev/null; then
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" check --format json "$@" 2>&1 > /dev/null \
      | sed -n 's/.*Collected : //p'
  }
  fi=$(cd "$work/flat" && count ./*.yaml)
  bi=$(cd "$work/bundles" && count ./*/scenario.yaml)
  echo "instructions: flat $fi, bundles $bi, ratio $(echo "scale=2; $bi / $fi" | bc)x"
fi
