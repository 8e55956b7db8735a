"""Runs and times the three forms of bench/bundles.sh (see there)."""
import json, os, statistics, subprocess, sys, time
binary, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
flat = sorted(f"./{f}" for f in os.listdir(f"{work}/flat"))
bundles = sorted(f"./{b}/scenario.yaml" for b in os.listdir(f"{work}/bundles"))
forms = {
    "flat": (f"{work}/flat", flat),
    "bundles": (f"{work}/bundles", bundles),
    "tree": (work, ["bundles"]),
}
def run(cwd, args):
    with open(f"{work}/out.json", "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([binary, "check", "--format", "json", *args], cwd=cwd, stdout=out)
        _, _, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    with open(f"{work}/out.json") as out:
        summary = json.load(out)["summary"]
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, summary
runs = {k: [] for k in forms}
for _ in range(rounds):
    for label, (cwd, args) in forms.items():
        wall, user, sys_, rss, summary = run(cwd, args)
        runs[label].append((wall, user + sys_, rss))
        print(f"{label:<8} wall {wall:6.3f} s  user {user:5.3f} s  sys {sys_:5.3f} s  "
              f"peak {rss:6.1f} MiB  {summary}")
med = {k: (statistics.median(w for w, _, _ in v), statistics.median(c for _, c, _ in v),
           max(r for _, _, r in v)) for k, v in runs.items()}
f = med["flat"]
for label in ("bundles", "tree"):
    b = med[label]
    print(f"{label}: median wall {b[0]:.3f} s vs flat {f[0]:.3f} s, {b[0] / f[0]:.2f}x; "
          f"median CPU {b[1] / f[1]:.2f}x; peak {b[2]:.1f} MiB")
