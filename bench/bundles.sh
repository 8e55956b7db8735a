#!/usr/bin/env bash
# Bundle checking against the same descriptors checked as flat files:
#   bash bench/bundles.sh [N] [ROUNDS]
# Runs the release `cfgate check` ROUNDS times on each (alternating, so both
# see the same load) and prints wall, user and system time and peak RSS of
# each run (GNU time), then the CPU-time ratio. With valgrind installed and
# CALLGRIND=1, also the instruction counts of one run each (repeatable on a
# loaded machine). Target (issue 13): bundles within 2x the flat files'
# time, under 64 MiB peak. Results: docs/BENCHMARKS.md, "Bundle checks".
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
rounds=${2:-3}
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
  /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$bin" check --format json "$@" > "$work/out.json" || true
  read -r wall user sys rss < "$work/time"
  echo "$label $wall $user $sys $rss" >> "$work/runs"
  printf '%-8s wall %6.2f s  user %5.2f s  sys %5.2f s  peak %6.1f MiB  %s\n' "$label" "$wall" "$user" "$sys" \
    "$(echo "$rss / 1024" | bc -l)" \
    "$(python3 -c "import json; print(json.load(open('$work/out.json'))['summary'])")"
}
for _ in $(seq "$rounds"); do
  ( cd "$work/flat" && run flat ./*.yaml )
  ( cd "$work/bundles" && run bundles ./*/scenario.yaml )
done
python3 - "$work/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    runs.setdefault(label, []).append((float(wall), float(user) + float(sys_), int(rss)))
med = {k: (statistics.median(w for w, _, _ in v), statistics.median(c for _, c, _ in v),
           max(r for _, _, r in v)) for k, v in runs.items()}
f, b = med["flat"], med["bundles"]
print(f"median wall ratio {b[0] / f[0]:.2f}x, median CPU ratio {b[1] / f[1]:.2f}x, "
      f"bundle peak {b[2] / 1024:.1f} MiB")
EOF
if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind > /dev/null; then
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" check --format json "$@" 2>&1 > /dev/null \
      | sed -n 's/.*Collected : //p'
  }
  fi=$(cd "$work/flat" && count ./*.yaml)
  bi=$(cd "$work/bundles" && count ./*/scenario.yaml)
  echo "instructions: flat $fi, bundles $bi, ratio $(echo "scale=2; $bi / $fi" | bc)x"
fi
