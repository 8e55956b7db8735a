#!/usr/bin/env python3
"""Fails when a dependency needs a newer Rust than the workspace declares.

The workspace's `rust-version` (Cargo.toml) is what `cargo install` users need.
Only one toolchain exists on our machines, so instead of building with the old
one this reads every dependency's own declared `rust-version` (cargo metadata)
over the crates a build of cfgate compiles (normal and build dependencies of
the workspace members, transitively, every platform) and compares. Clippy's
`incompatible_msrv` lint (on in `cargo clippy -D warnings`) covers our own use
of newer standard-library APIs against the same `rust-version`.
Dev-dependencies are listed for information only: they build the tests, not
the tool.
"""
import json
import subprocess
import sys


def version(text):
    """`1.88` and `1.88.0` are the same version."""
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = {p["id"]: p for p in metadata["packages"]}
    members = set(metadata["workspace_members"])
    declared = {packages[m].get("rust_version") for m in members}
    if len(declared) != 1 or None in declared:
        sys.exit(f"msrv: workspace members declare {declared}; expected one rust-version")
    ours = declared.pop()
    nodes = {n["id"]: n for n in metadata["resolve"]["nodes"]}

    def closure(kinds_of_first_step):
        seen, todo = set(), []
        for member in members:
            for dep in nodes[member]["deps"]:
                if any(k["kind"] in kinds_of_first_step for k in dep["dep_kinds"]):
                    todo.append(dep["pkg"])
        while todo:
            pkg = todo.pop()
            if pkg in seen or pkg in members:
                continue
            seen.add(pkg)
            for dep in nodes[pkg]["deps"]:
                if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
                    todo.append(dep["pkg"])
        return seen

    built = closure((None, "build"))
    tests = closure(("dev",)) - built
    need = max(
        (packages[p] for p in built if packages[p].get("rust_version")),
        key=lambda p: version(p["rust_version"]),
    )
    print(f"msrv: declared {ours}; dependencies need {need['rust_version']} ({need['name']} {need['version']})")
    for p in sorted(tests):
        rv = packages[p].get("rust_version")
        if rv and version(rv) > version(ours):
            print(f"msrv: note: dev-dependency {packages[p]['name']} {packages[p]['version']} needs {rv} (tests only)")
    too_new = sorted(
        (packages[p]["name"], packages[p]["version"], packages[p]["rust_version"])
        for p in built
        if packages[p].get("rust_version") and version(packages[p]["rust_version"]) > version(ours)
    )
    for name, ver, rv in too_new:
        print(f"msrv: error: {name} {ver} needs Rust {rv}, newer than rust-version {ours}")
    if too_new:
        sys.exit("msrv: raise rust-version in Cargo.toml (and README), or pin older dependencies")


if __name__ == "__main__":
    main()
