#!/usr/bin/env python3
"""Time cfgate, its peers and a parse-only floor on one corpus; write markdown.

Runs alternate between tools (round-robin, rotated each round) so that drift
on the machine hits every tool alike. Wall time by perf_counter around the
process; peak memory (max RSS) by GNU time. Exit codes are recorded, not
judged: the corpus holds invalid files on purpose.
"""
import argparse
import datetime
import glob
import os
import platform
import statistics
import subprocess
import tempfile
import time


def run(cmd):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = time.perf_counter() - start
        lines = [l for l in open(t.name).read().splitlines() if l.strip().isdigit()]
        rss_kib = int(lines[-1]) if lines else 0
    return wall, rss_kib, proc.returncode


def run_plain(cmd):
    """Wall time of the process alone (no /usr/bin/time wrapper, whose own
    fork and exec would be counted in a few-millisecond run)."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, 0, proc.returncode


def npm_version(bin_path, package):
    root = os.path.dirname(os.path.dirname(bin_path))
    try:
        import json
        with open(os.path.join(root, package, "package.json")) as f:
            return f"{package} {json.load(f)['version']}"
    except Exception as e:  # a missing version is not worth failing the run
        return f"unknown ({e})"


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except Exception as e:  # a missing version is not worth failing the run
        return f"unknown ({e})"


# Everything after this line of the report is kept by a re-run.
KEEP_MARKER = "<!-- bench/run.sh rewrites the report above this line and keeps what follows -->\n"


def main():
    ap = argparse.ArgumentParser()
    for name in ["corpus", "cfgate", "floor", "check-jsonschema", "ajv", "schema", "out"]:
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--extra", help="markdown appended after the notes (criterion table)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--single-runs", type=int, default=20)
    a = ap.parse_args()

    files = sorted(glob.glob(os.path.join(a.corpus, "**", "*.yaml"), recursive=True))
    single = files[0]
    tools = {
        "cfgate check": lambda paths: [a.cfgate, "check", "--format", "json"] + paths,
        "parse-only floor": lambda paths: [a.floor] + paths,
        "check-jsonschema": lambda paths: [a.check_jsonschema, "--schemafile", a.schema] + paths,
        "ajv-cli": lambda paths: [a.ajv, "validate", "--spec=draft2020", "--strict=false",
                                  "--all-errors", "-c", "ajv-formats", "-s", a.schema]
                                 + [x for p in paths for x in ("-d", p)],
    }
    corpus_arg = {
        "cfgate check": [a.corpus],
        "parse-only floor": [a.corpus],
        "check-jsonschema": files,
        "ajv-cli": [os.path.join(a.corpus, "**", "*.yaml")],
    }
    names = list(tools)
    corpus = {n: [] for n in names}
    for r in range(a.rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        for n in order:
            wall, rss, code = run(tools[n](corpus_arg[n]))
            corpus[n].append((wall, rss, code))
            print(f"round {r + 1} {n}: {wall:.3f}s {rss / 1024:.1f} MiB exit {code}", flush=True)
    singles = {n: [] for n in names}
    for i in range(a.single_runs):
        for n in names:
            wall, rss, code = run_plain(tools[n]([single]))
            singles[n].append((wall, rss, code))
    print("single-file runs done", flush=True)

    med = {n: statistics.median(w for w, _, _ in corpus[n]) for n in names}
    rss = {n: max(m for _, m, _ in corpus[n]) / 1024 for n in names}
    smed = {n: statistics.median(w for w, _, _ in singles[n]) * 1000 for n in names}
    base = med["cfgate check"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.date.today()} by `bash bench/run.sh` on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), {len(files)} generated scenario files "
        f"(`bench/gen_corpus.py`, every 10th file invalid), {a.rounds} alternating rounds; "
        f"single-file: median of {a.single_runs} runs of the whole process, timed "
        f"without the /usr/bin/time wrapper (peak RSS comes from the corpus runs).",
        "",
        "| tool | corpus wall (median) | vs cfgate | peak RSS | single file (median) | exit codes |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for n in names:
        codes = sorted({c for _, _, c in corpus[n]})
        lines.append(
            f"| {n} | {med[n]:.3f} s | {med[n] / base:.2f}x | {rss[n]:.1f} MiB | {smed[n]:.1f} ms | {codes} |"
        )
    targets = [
        ("corpus: >= 100x faster than check-jsonschema", med["check-jsonschema"] / base, ">= 100", med["check-jsonschema"] / base >= 100),
        ("corpus: >= 5x faster than ajv-cli", med["ajv-cli"] / base, ">= 5", med["ajv-cli"] / base >= 5),
        ("corpus: within 1.5x of the parse-only floor", base / med["parse-only floor"], "<= 1.5", base / med["parse-only floor"] <= 1.5),
        ("single file under 10 ms", smed["cfgate check"], "< 10 ms", smed["cfgate check"] < 10),
        ("corpus peak memory under 64 MiB", rss["cfgate check"], "< 64 MiB", rss["cfgate check"] < 64),
    ]
    lines += ["", "| target | measured | goal | met |", "| --- | ---: | --- | --- |"]
    for name, value, goal, ok in targets:
        lines.append(f"| {name} | {value:.2f} | {goal} | {'yes' if ok else 'NO'} |")
    lines += [
        "",
        "Versions:",
        "",
        f"- cfgate: {version([a.cfgate, '--version'])}",
        f"- check-jsonschema: {version([a.check_jsonschema, '--version'])}",
        f"- ajv-cli: {npm_version(a.ajv, 'ajv-cli')}, {npm_version(a.ajv, 'ajv')}",
        "",
        "The peers validate against the same `schemas/scenario.schema.json` that",
        "cfgate generates; cfgate additionally reports positions and the rules a",
        "schema cannot express (unique roles, topology edges, template syntax).",
        "",
    ]
    # The analysis (what bounds each number) is written by hand beside the
    # harness and carried into every regenerated report.
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
    if os.path.exists(notes):
        with open(notes) as f:
            lines += [f.read()]
    if a.extra and os.path.exists(a.extra):
        with open(a.extra) as f:
            lines += [f.read()]
    # Sections other harnesses and people wrote below the marker (audit,
    # templates, bundles, adversarial inputs) are kept as they are.
    kept = ""
    if os.path.exists(a.out):
        with open(a.out) as f:
            previous = f.read()
        if KEEP_MARKER in previous:
            kept = previous[previous.index(KEEP_MARKER) + len(KEEP_MARKER):]
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n\n" + KEEP_MARKER + kept)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
