#!/usr/bin/env python3
"""Generates a control-plane capture for `cfgate audit` (JSON Lines, one
`{"routingKey", "payload"}` record per line), deterministic.

The mix follows a running swarm: every worker's status-full first, then
status-deltas (most of the traffic), config-update signals with their
outcomes, status-full refreshes and alerts. Every message is valid unless
--bad-every N makes every Nth one break a rule (a delta carrying config).

    python3 bench/audit_capture.py 1000000 > /tmp/capture.jsonl
    /usr/bin/time -v target/release/cfgate audit /tmp/capture.jsonl
"""

import argparse
import json
import sys

ROLES = ["generator", "moderator", "processor", "postprocessor"]
WORKERS = [(role, f"bench-{role}-{i}") for role in ROLES for i in range(1, 6)]
RUNTIME = {"templateId": "tpl-bench", "runId": "run-bench-1", "containerId": "c-1",
           "image": "ghcr.io/pockethive/worker:0.15.0", "stackName": "ph-bench"}
IO_STATE = {"work": {"input": "ok", "output": "ok"}}


def envelope(n, kind, typ, role, instance, data, corr=None, idem=None):
    env = {
        "timestamp": f"2026-11-30T10:{(n // 60) % 60:02d}:{n % 60:02d}Z",
        "version": "1",
        "kind": kind,
        "type": typ,
        "origin": f"{role}:{instance}",
        "scope": {"swarmId": "bench", "role": role, "instance": instance},
        "correlationId": corr,
        "idempotencyKey": idem,
    }
    if kind != "signal":
        env["runtime"] = RUNTIME
    env["data"] = data
    return env


def key(env):
    family = {"signal": "signal.{t}", "outcome": "event.outcome.{t}",
              "metric": "event.metric.{t}", "event": "event.alert.{t}"}[env["kind"]]
    s = env["scope"]
    return f"{family.format(t=env['type'])}.{s['swarmId']}.{s['role']}.{s['instance']}"


def status_full(n, role, instance):
    config = {"inputs": {"type": "SCHEDULER", "scheduler": {"ratePerSec": 20, "maxMessages": 0}},
              "message": {"bodyType": "SIMPLE", "body": "ping"}}
    data = {"enabled": True, "tps": 40, "startedAt": "2026-11-30T09:00:00Z", "config": config,
            "io": {"work": {"queues": {"in": [f"{instance}.in"], "out": ["rk.out"]},
                            "queueStats": {f"{instance}.in": {"depth": n % 7, "consumers": 1}}},
                   "control": {"queues": {"in": [f"ctl.{instance}"]}}},
            "ioState": IO_STATE, "context": {"traffic": "ph.bench.hive"}}
    return envelope(n, "metric", "status-full", role, instance, data)


def message(n, bad):
    role, instance = WORKERS[n % len(WORKERS)]
    if n < len(WORKERS) or n % 500 == 0:
        return status_full(n, role, instance)
    slot = n % 50
    if slot == 7:
        return envelope(n, "signal", "config-update", role, instance,
                        {"inputs": {"scheduler": {"ratePerSec": 20 + n % 5}}},
                        corr=f"c-{n}", idem=f"i-{n}")
    if slot == 8:
        m = n - 1
        return envelope(n, "outcome", "config-update", *WORKERS[m % len(WORKERS)],
                        {"status": "Applied", "enabled": True}, corr=f"c-{m}", idem=f"i-{m}")
    if slot == 9:
        return envelope(n, "event", "alert", role, instance,
                        {"level": "warn", "code": "io.backpressure",
                         "message": f"queue {instance}.in is backing up",
                         "context": {"backend": "rabbitmq"}})
    data = {"enabled": True, "tps": n % 97, "ioState": IO_STATE, "context": {"traffic": "ph.bench.hive"}}
    if bad:
        data["config"] = {"inputs": {"scheduler": {"ratePerSec": 20}}}
    return envelope(n, "metric", "status-delta", role, instance, data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="messages to generate")
    parser.add_argument("--bad-every", type=int, default=0, help="break every Nth message")
    args = parser.parse_args()
    out = sys.stdout
    for n in range(args.count):
        bad = args.bad_every > 0 and n > len(WORKERS) and n % args.bad_every == 0
        env = message(n, bad)
        out.write(json.dumps({"routingKey": key(env), "payload": env}, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
