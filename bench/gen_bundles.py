#!/usr/bin/env python3
"""Writes N PocketHive bundles (scenario.yaml, two request templates,
variables.yaml, one SUT, authProfiles.yaml) for the bundle benchmark, plus
the same descriptors as flat files (flat/<i>.yaml: no bundle to check).

    python3 bench/gen_bundles.py OUT_DIR [N]
"""
import os
import sys

SCENARIO = """protocolVersion: "2.0.0"
id: bench-{i}
name: Bench {i}
template:
  image: swarm-controller:latest
  bees:
    - role: generator
      image: generator:latest
      work:
        out:
          out: build-{i}
      ports:
        - {{ id: out, direction: out }}
      config:
        inputs:
          type: SCHEDULER
          scheduler:
            ratePerSec: "{{{{ vars.rate }}}}"
            maxMessages: 100
        message:
          bodyType: SIMPLE
          body: '{{"n": {i}}}'
          headers:
            x-ph-service-id: svc{i}
            x-ph-call-id: "{{{{ pickWeighted('create', 3, 'read', 1) }}}}"
    - role: request-builder
      image: request-builder:latest
      work:
        in:
          in: build-{i}
        out:
          out: send-{i}
      ports:
        - {{ id: in, direction: in }}
        - {{ id: out, direction: out }}
      config:
        templateRoot: /app/scenario/templates/http
        serviceId: svc{i}
        passThroughOnMissingTemplate: false
    - role: processor
      image: processor:latest
      work:
        in:
          in: send-{i}
      ports:
        - {{ id: in, direction: in }}
      config:
        baseUrl: "{{{{ sut.endpoints['default'].baseUrl }}}}"
        mode: THREAD_COUNT
        threadCount: 2
        inputs:
          type: RABBITMQ
        outputs:
          type: RABBITMQ
topology:
  version: 1
  edges:
    - id: e1
      from: {{ role: generator, port: out }}
      to: {{ role: request-builder, port: in }}
    - id: e2
      from: {{ role: request-builder, port: out }}
      to: {{ role: processor, port: in }}
"""

TEMPLATE = """serviceId: svc{i}
callId: {call}
protocol: HTTP
method: POST
pathTemplate: /api/{call}?client={{{{ vars.client }}}}
headersTemplate:
  content-type: application/json
  x-request: "{{{{ payload.id | default('none') }}}}"
bodyTemplate: |
  {{% if payload.vip %}}{{"vip": true, "n": {i}}}{{% else %}}{{"n": {i}}}{{% endif %}}
authRef:
  profileId: token
  applyAs: HTTP_AUTHORIZATION_BEARER
"""

VARIABLES = """version: 1
definitions:
  - {{ name: rate, scope: global, type: int, required: true }}
  - {{ name: client, scope: global, type: string, required: true }}
  - {{ name: target, scope: sut, type: string, required: true }}
profiles:
  - {{ id: default, name: Default }}
  - {{ id: load, name: Load }}
values:
  global:
    default: {{ rate: 1, client: "c{i}" }}
    load: {{ rate: 50, client: "c{i}" }}
  sut:
    default:
      local: {{ target: "http://mock:8080" }}
    load:
      local: {{ target: "http://mock:8080" }}
"""

SUT = """id: local
name: Local mock
endpoints:
  default:
    kind: HTTP
    baseUrl: http://mock:8080
"""

AUTH = """profiles:
  token:
    type: static-token
    token: not-a-real-token
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    for i in range(n):
        b = os.path.join(out, "bundles", f"b{i:05d}")
        scenario = SCENARIO.format(i=i)
        write(os.path.join(b, "scenario.yaml"), scenario)
        write(os.path.join(out, "flat", f"b{i:05d}.yaml"), scenario)
        for call in ("create", "read"):
            write(os.path.join(b, "templates", "http", f"{call}.yaml"), TEMPLATE.format(i=i, call=call))
        write(os.path.join(b, "variables.yaml"), VARIABLES.format(i=i))
        write(os.path.join(b, "sut", "local", "sut.yaml"), SUT)
        write(os.path.join(b, "authProfiles.yaml"), AUTH)


if __name__ == "__main__":
    main()
