"""Runs and times the three forms of bench/bundles.sh (see there)."""
import json, os, statistics, subprocess, sys, time
binary, floor, work, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
flat = sorted(f"./{f}" for f in os.listdir(f"{work}/flat"))
bundles = sorted(f"./{b}/scenario.yaml" for b in os.listdir(f"{work}/bundles"))
check = [binary, "check", "--format", "json"]
# The parse-only floor (config-core/examples/parse_floor.rs): reading and
# parsing the same files, nothing else.
forms = {
    "flat": (f"{work}/flat", check + flat),
    "bundles": (f"{work}/bundles", check + bundles),
    "tree": (work, check + ["bundles"]),
    "floor-flat": (f"{work}/flat", [floor] + flat),
    "floor-bundles": (f"{work}/bundles", [floor, "--bundle-files"] + bundles),
}
def run(cwd, command):
    with open(f"{work}/out.txt", "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out)
        _, _, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    with open(f"{work}/out.txt") as out:
        text = out.read()
    summary = json.loads(text)["summary"] if command[0] == binary else text.strip()
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, summary
runs = {k: [] for k in forms}
for _ in range(rounds):
    for label, (cwd, args) in forms.items():
        wall, user, sys_, rss, summary = run(cwd, args)
        runs[label].append((wall, user + sys_, rss))
        print(f"{label:<13} wall {wall:6.3f} s  user {user:5.3f} s  sys {sys_:5.3f} s  "
              f"peak {rss:6.1f} MiB  {summary}")
med = {k: (statistics.median(w for w, _, _ in v), statistics.median(c for _, c, _ in v),
           max(r for _, _, r in v)) for k, v in runs.items()}
def ratio(label, base):
    b, f = med[label], med[base]
    print(f"{label}: median wall {b[0]:.3f} s vs {base} {f[0]:.3f} s, {b[0] / f[0]:.2f}x; "
          f"median CPU {b[1] / f[1]:.2f}x; peak {b[2]:.1f} MiB")
ratio("bundles", "flat")
ratio("tree", "flat")
ratio("floor-bundles", "floor-flat")
