#!/usr/bin/env python3
"""Generate a reproducible corpus of PocketHive-style scenario bundles.

Usage: gen_corpus.py OUT_DIR [--files N] [--bees-per-file K] [--invalid-every M] [--seed S]

Each scenario is a bundle (`team-NN/bench-NNNNN/scenario.yaml`), as the
platform and `cfgate check` find them. Every worker kind appears; every M-th file carries one deliberate error (a bad
enum value, a value out of range, a missing required field, a wrong type or a
broken template), so checkers do real work on both paths. Same seed, same files.
"""
import argparse
import os
import random

BEES = {
    "generator": """      config:
        inputs:
          type: SCHEDULER
          scheduler:
            ratePerSec: {rate}
            maxMessages: 0
        message:
          bodyType: HTTP
          path: /api/{n}
          method: POST
          body: '{{"event":"bench-{n}"}}'
          headers:
            content-type: application/json
""",
    "moderator": """      config:
        mode:
          type: rate-per-sec
          ratePerSec: {rate}
""",
    "processor": """      config:
        baseUrl: "{{{{ sut.endpoints['default'].baseUrl }}}}/api"
        mode: THREAD_COUNT
        threadCount: {small}
        keepAlive: true
        connectionReuse: GLOBAL
        inputs:
          type: RABBITMQ
        outputs:
          type: RABBITMQ
""",
    "request-builder": """      config:
        templateRoot: /app/scenario/templates/http
        serviceId: svc-{n}
        passThroughOnMissingTemplate: false
""",
    "http-sequence": """      config:
        baseUrl: http://sut:8080
        templateRoot: /app/scenario/templates/http
        serviceId: seq-{n}
        threadCount: {small}
        steps:
          - id: login
            callId: login
        debugCapture:
          enabled: false
""",
    "postprocessor": """      config:
        forwardToOutput: false
        txOutcomeSinkMode: NONE
        dropTxOutcomeWithoutCallId: true
""",
    "trigger": """      config:
        intervalMs: {rate}
        singleRequest: false
        actionType: rest
        url: http://sut:8080/ping
        method: GET
        body: ping
        headers: {{}}
""",
    "db-query": """      config:
        adapter: POSTGRES
        templateRoot: /app/scenario/templates/db
        serviceId: db
        queryId: q{n}
        threadCount: {small}
        queryTimeoutMs: 5000
        connection:
          jdbcUrl: jdbc:postgresql://db:5432/app
          username: app
          password: ""
        pool:
          maxSize: 4
          minIdle: 1
          connectionTimeoutMs: 1000
          validationTimeoutMs: 500
          idleTimeoutMs: 60000
          maxLifetimeMs: 600000
        retry:
          maxAttempts: 3
          initialBackoffMs: 100
          backoffMultiplier: 2.0
          maxBackoffMs: 1000
          on: [SQLSTATE_CLASS_08]
""",
    "clearing-export": """      config:
        mode: template
        streamingAppendEnabled: false
        streamingWindowMs: 1000
        strictTemplate: true
        lineSeparator: '\\n'
        fileNameTemplate: "out-{n}.txt"
        headerTemplate: "H"
        recordTemplate: "{{{{ record.id }}}}"
        footerTemplate: "F"
        localTargetDir: /tmp/out
        localTempSuffix: .tmp
        writeManifest: false
        recordSourceStep: latest
        recordSourceStepIndex: 0
        recordBuildFailurePolicy: stop
        businessCodeFilterEnabled: false
        maxRecordsPerFile: 1000
        flushIntervalMs: 1000
        maxBufferedRecords: 100
""",
    "swarm-controller": """      config:
        trafficPolicy:
          bufferGuard:
            enabled: true
            queueAlias: genQ
            targetDepth: 100
            minDepth: 10
            maxDepth: 1000
""",
}

# One deliberate error per invalid file: (kind, old text, new text).
BREAKAGES = [
    ("processor", "mode: THREAD_COUNT", "mode: THREADS"),
    ("moderator", "type: rate-per-sec", "type: rate-per-minute"),
    ("postprocessor", "forwardToOutput: false", "forwardToOutput: maybe"),
    ("request-builder", "serviceId: svc", "serviceIdd: svc"),
    ("generator", "maxMessages: 0", "maxMessages: -5"),
    ("processor", "['default']", "['default'"),
]

KINDS = list(BEES)


def scenario(index, bees_per_file, broken, rng):
    kinds = [KINDS[(index + i) % len(KINDS)] for i in range(bees_per_file)]
    if broken and broken[0] not in kinds:
        kinds[0] = broken[0]
    lines = [
        "protocolVersion: \"2.0.0\"",
        f"id: bench-{index}",
        f"name: Bench scenario {index}",
        "description: generated for benchmarks",
        "template:",
        "  image: swarm-controller:latest",
        "  bees:",
    ]
    done = False
    for i, kind in enumerate(kinds):
        body = BEES[kind].format(n=index, rate=rng.randint(1, 500), small=rng.randint(1, 16))
        if broken and not done and kind == broken[0] and broken[1] in body:
            body = body.replace(broken[1], broken[2], 1)
            done = True
        lines += [
            f"    - role: {kind}-{i}",
            f"      image: ghcr.io/pockethive/{kind}:0.15",
            "      work:",
            "        in: { in: q%d }" % i,
            "        out: { out: q%d }" % (i + 1),
            "      ports:",
            "        - { id: in, direction: in }",
            "        - { id: out, direction: out }",
        ]
        lines.append(body.rstrip("\n"))
    lines += ["topology:", "  version: 1", "  edges:"]
    for i in range(len(kinds) - 1):
        lines += [
            f"    - id: e{i}",
            f"      from: {{ role: {kinds[i]}-{i}, port: out }}",
            f"      to: {{ role: {kinds[i + 1]}-{i + 1}, port: in }}",
        ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--bees-per-file", type=int, default=5)
    parser.add_argument("--invalid-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for index in range(args.files):
        shard = os.path.join(args.out, f"team-{index % 100:02d}")
        os.makedirs(shard, exist_ok=True)
        broken = None
        if args.invalid_every and index % args.invalid_every == args.invalid_every - 1:
            broken = BREAKAGES[(index // args.invalid_every) % len(BREAKAGES)]
        # Each scenario is a bundle: a folder holding `scenario.yaml`.
        bundle = os.path.join(shard, f"bench-{index:05d}")
        os.makedirs(bundle, exist_ok=True)
        with open(os.path.join(bundle, "scenario.yaml"), "w") as f:
            f.write(scenario(index, args.bees_per_file, broken, rng))


if __name__ == "__main__":
    main()
