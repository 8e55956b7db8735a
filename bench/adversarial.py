#!/usr/bin/env python3
"""Adversarial inputs for cfgate: files built to make a checker slow, hungry
or verbose (issue 17). Generates them, runs every command on them at the
default budgets, and prints a Markdown table of wall time, peak RSS (GNU
time) and output size, with the targets (5 s, 256 MiB, 1 MiB of output per
file) checked.

    python3 bench/adversarial.py [--bin target/release/cfgate] [--out DIR] [--generate-only]

The e2e test `tests/e2e/hardening_budgets.rs` builds the same shapes (smaller
where the verdict does not depend on size) and asserts the output bounds.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

BEES = 8_500
UNKNOWN_KEYS = 90_000
DUPLICATE_KEYS = 90_000
PATCH_KEYS = 99_000
ENV_LINES = 100_000

HEAD = 'protocolVersion: "2.0.0"\nid: adversarial\nname: adversarial\ndescription: d\n'


VALID_CONFIG = (
    "      config: {inputs: {type: SCHEDULER, scheduler: {ratePerSec: 1, maxMessages: 0}}, "
    "message: {bodyType: SIMPLE, body: hi}}\n"
)


def bee(role, extra=VALID_CONFIG):
    """A valid generator bee (its config, or `extra` in its place)."""
    return f"    - role: {role}\n      image: generator:latest\n      work: {{}}\n{extra}"


def edges_file(legacy):
    """8,500 bees and 8,500 edges naming no bee (PH120, or PH521 in
    migrate), kept lean (no config, ports or ids) so the file stays within
    the 200,000-node budget: every bee and edge is also a finding."""
    out = [HEAD, "template:\n  image: swarm-controller:latest\n  bees:\n"]
    out += [f"    - {{role: bee-{i:05}, image: generator:latest}}\n" for i in range(BEES)]
    out.append("topology:\n  version: 1\n  edges:\n")
    key = "beeId" if legacy else "role"
    for i in range(BEES):
        out.append(f"    - {{from: {{{key}: nobee-{i:05}}}, to: {{{key}: bee-{i:05}}}}}\n")
    return "".join(out)


def config_map_file(keys, duplicate):
    """One bee whose config holds many keys (unknown, or each given twice)."""
    out = [HEAD, "template:\n  image: swarm-controller:latest\n  bees:\n"]
    out.append(
        bee(
            "gen",
            "      config:\n        inputs: {type: SCHEDULER, scheduler: {ratePerSec: 1, maxMessages: 0}}\n"
            "        message: {bodyType: SIMPLE, body: hi}\n",
        )
    )
    if duplicate:
        for i in range(keys // 2):
            out.append(f"        k{i}: 1\n        k{i}: 2\n")
    else:
        for i in range(keys):
            out.append(f"        unknownKey{i}: {i}\n")
    return "".join(out)


def deep_file(depth):
    """Flow sequences nested `depth` deep."""
    return HEAD + "x: " + "[" * depth + "]" * depth + "\n"


def patch_files():
    base = (
        "inputs:\n  type: SCHEDULER\n  scheduler: {ratePerSec: 5, maxMessages: 0}\n"
        "outputs:\n  type: RABBITMQ\nmessage:\n  bodyType: SIMPLE\n  body: hi\n"
    )
    patch = "".join(f"key{i}: {i}\n" for i in range(PATCH_KEYS))
    return base, patch


def long_bodies_file(bees, body):
    """`bees` generator bees whose message body is `body` characters long:
    `plan` prints each body (cut at 8192 characters) until its byte budget."""
    text = "x" * body
    out = [HEAD, "template:\n  image: swarm-controller:latest\n  bees:\n"]
    for i in range(bees):
        out.append(
            bee(
                f"bee-{i:04}",
                "      config: {inputs: {type: SCHEDULER, scheduler: {ratePerSec: 1, maxMessages: 0}}, "
                f"message: {{bodyType: SIMPLE, body: {text}}}}}\n",
            )
        )
    return "".join(out)


def unknown_host_keys_file(keys):
    """A PocketHive worker host's application.yml whose scheduler block holds
    `keys` unknown keys (PH390 warnings in `validate`)."""
    out = [
        "pockethive:\n  control-plane:\n    swarm-id: s1\n    instance-id: gen-1\n"
        "    worker:\n      role: generator\n  inputs:\n    type: SCHEDULER\n"
        "    scheduler:\n      ratePerSec: 5\n"
    ]
    out += [f"      unknownKey{i}: {i}\n" for i in range(keys)]
    return "".join(out)


def env_file():
    """Malformed and unknown lines, each one a finding."""
    return "".join(f"KTRDR_X_{i}:secret=x\n" for i in range(ENV_LINES // 2)) + "".join(
        f"KTRDR_UNKNOWN_{i}=v\n" for i in range(ENV_LINES // 2)
    )


def generate(out):
    files = {
        "edges.yaml": edges_file(legacy=False),
        "edges-legacy.yaml": edges_file(legacy=True),
        "unknown-keys.yaml": config_map_file(UNKNOWN_KEYS, duplicate=False),
        "duplicate-keys.yaml": config_map_file(DUPLICATE_KEYS, duplicate=True),
        "deep-64.yaml": deep_file(64),
        "deep-1024.yaml": deep_file(1024),
        "deep-100000.yaml": deep_file(100_000),
    }
    base, patch = patch_files()
    files["patch-base.yaml"] = base
    files["patch-99k.yaml"] = patch
    os.makedirs(os.path.join(out, "env"), exist_ok=True)
    files["env/.env.local"] = env_file()
    files["long-body.yaml"] = long_bodies_file(1, 8 << 20)
    files["many-bodies.yaml"] = long_bodies_file(400, 20_000)
    os.makedirs(os.path.join(out, "host"), exist_ok=True)
    files["host/application.yml"] = unknown_host_keys_file(UNKNOWN_KEYS)
    for name, text in files.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(text)
    return files


def commands():
    y = ["edges.yaml", "unknown-keys.yaml", "duplicate-keys.yaml", "deep-64.yaml"]
    runs = []
    for f in y:
        for fmt in ["human", "json", "sarif"]:
            runs.append((f, ["check", "--format", fmt, f]))
        runs.append((f, ["plan", f]))
        runs.append((f, ["migrate", "--diff", f]))
    runs.append(("edges-legacy.yaml", ["migrate", "edges-legacy.yaml"]))
    runs.append(("edges-legacy.yaml", ["migrate", "--format", "json", "edges-legacy.yaml"]))
    runs.append(("edges-legacy.yaml", ["check", "edges-legacy.yaml"]))
    runs.append(("deep-1024.yaml", ["check", "--max-depth", "1024", "deep-1024.yaml"]))
    runs.append(("deep-1024.yaml", ["plan", "--max-depth", "1024", "deep-1024.yaml"]))
    runs.append(("deep-100000.yaml", ["check", "deep-100000.yaml"]))
    runs.append(("deep-100000.yaml", ["check", "--max-depth", "100000", "deep-100000.yaml"]))
    patch = ["patch", "--image", "generator:latest", "--base", "patch-base.yaml"]
    runs.append(("patch-99k.yaml", patch + ["patch-99k.yaml"]))
    runs.append(("patch-99k.yaml", patch + ["--started", "patch-99k.yaml"]))
    runs.append(("patch-99k.yaml", patch + ["--strict", "--started", "patch-99k.yaml"]))
    runs.append(("env/.env.local", ["validate", "--component", "worker"]))
    runs.append(("env/.env.local", ["validate", "--component", "worker", "--format", "json"]))
    runs.append(("env/.env.local", ["explain", "--component", "worker"]))
    runs.append(("env/.env.local", ["migrate", "--diff", ".env.local"]))
    for f in ["long-body.yaml", "many-bodies.yaml"]:
        runs.append((f, ["plan", f]))
        runs.append((f, ["check", f]))
    host = ["--component", "pockethive-worker"]
    runs.append(("host/application.yml", ["validate", *host]))
    runs.append(("host/application.yml", ["validate", *host, "--format", "json"]))
    runs.append(("host/application.yml", ["explain", *host]))
    return runs


def measure(binary, workdir, file, args):
    folder = os.path.dirname(file)
    cwd = os.path.join(workdir, folder) if folder else workdir
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.run(
            ["/usr/bin/time", "-v", binary, *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env={k: v for k, v in os.environ.items() if not k.startswith(("KTRDR_", "CFGATE_"))},
        )
        out_bytes = out.tell()
        err.seek(0)
        err_text = err.read().decode("utf-8", "replace")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err_text).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", err_text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    # GNU time's own report is at the end of stderr; the rest is cfgate's.
    own_err = len(err_text.split("\tCommand being timed")[0].encode())
    return proc.returncode, seconds, rss / 1024, out_bytes + own_err


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/cfgate")
    parser.add_argument("--out", default=None)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    workdir = args.out or tempfile.mkdtemp(prefix="cfgate-adversarial-")
    files = generate(workdir)
    if args.generate_only:
        print(workdir)
        return 0
    binary = os.path.abspath(args.bin)
    print("| input | size | command | exit | time (s) | peak RSS (MiB) | output | targets |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    failed = 0
    for file, cmd in commands():
        code, seconds, rss, out = measure(binary, workdir, file, cmd)
        ok = seconds < 5 and rss < 256 and out < 1024 * 1024
        failed += not ok
        size = len(files[file].encode())
        print(
            f"| {file} | {size / 1024:,.0f} KiB | `cfgate {' '.join(cmd)}` | {code} | "
            f"{seconds:.2f} | {rss:.0f} | {out / 1024:,.1f} KiB | {'met' if ok else 'MISSED'} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
