#!/usr/bin/env python3
"""Prints the push list of N tags of one small Flux-style artifact (stdout, JSON), for
Tests/Fixtures/registry/registry_client.py push or bench/write_storage.py.

    python3 bench/make_tags.py N [MAJOR=2] [NAME=bench] > push.json

Tags vMAJOR.0.0 ... vMAJOR.<N-1>.0 share one content (a ConfigMap named NAME, so one layer);
each has its own revision annotation, so each manifest, and its digest, differs.
"""
import json
import sys

n = int(sys.argv[1])
major = int(sys.argv[2]) if len(sys.argv) > 2 else 2
name = sys.argv[3] if len(sys.argv) > 3 else "bench"
content = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{k: v}}\n"
json.dump([{"tag": f"v{major}.{i}.0", "content": content, "revision": f"main@sha1:{i:040x}"} for i in range(n)],
          sys.stdout)
