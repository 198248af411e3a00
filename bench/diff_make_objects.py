#!/usr/bin/env python3
"""Prints a v1 List for the diff benchmarks (stdout, JSON): the flux-system Namespace, the `bench-ca`
Secret (data.ca.crt = the front's CA) and the `bench` ResourceSetInputProvider (OCIArtifactTag on
oci://127.0.0.1:PORT/apps/bench, filter.limit 1000, certSecretRef bench-ca) whose
status.exportedInputs is exactly what the controller would export for the pushed tags: reverse
byte order (no semver filter), id = decimal Adler-32 of the tag, the real digests from the push.

    python3 bench/diff_make_objects.py PORT CA.crt DIGESTS.json > objects.json

PORT is whatever serves the registry on 127.0.0.1 with TLS from CA.crt: bench/diff-legacy.sh
passes front.py's port and CA, bench/diff-matrix.sh the latency proxy's port and docker-registry's own
CA (LIMIT=N, N tags; the Secret and the RSIP are replaced in place for each cell, as the emulator
upserts seeded objects). DIGESTS.json is registry_client.py push's output ({"tag": "sha256:..."},
or the same map from bench/write_storage.py). bench/memory.sh also sets NAME (default bench),
REPOSITORY (apps/bench) and LIMIT (1000), and passes `-` for CA.crt: no Secret and no
certSecretRef (a plain-HTTP local registry).
"""
import base64
import json
import os
import sys
import zlib

port, ca_file, digests_file = sys.argv[1], sys.argv[2], sys.argv[3]
LIMIT = int(os.environ.get("LIMIT", "1000"))
NAME = os.environ.get("NAME", "bench")
REPOSITORY = os.environ.get("REPOSITORY", "apps/bench")
CREATED = "2026-11-25T10:00:00Z"

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Emulator"))
from make_seed import revision  # noqa: E402

digests = json.load(open(digests_file))
tags = sorted(digests, key=lambda t: t.encode(), reverse=True)[:LIMIT]  # the controller's order
inputs = [{"digest": digests[t], "id": str(zlib.adler32(t.encode())), "tag": t} for t in tags]
spec = {"type": "OCIArtifactTag", "url": f"oci://127.0.0.1:{port}/{REPOSITORY}", "filter": {"limit": LIMIT}}
items = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "flux-system", "creationTimestamp": CREATED}}]
if ca_file != "-":
    ca = base64.b64encode(open(ca_file, "rb").read()).decode()
    items.append({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                  "metadata": {"name": "bench-ca", "namespace": "flux-system", "creationTimestamp": CREATED},
                  "data": {"ca.crt": ca}})
    spec["certSecretRef"] = {"name": "bench-ca"}

items += [
    {"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
     "metadata": {"name": NAME, "namespace": "flux-system", "creationTimestamp": CREATED, "generation": 1},
     "spec": spec,
     "status": {
         "conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                         "message": "Reconciliation finished in 21s", "observedGeneration": 1,
                         "lastTransitionTime": CREATED}],
         "exportedInputs": inputs,
         "lastExportedRevision": revision(inputs),
         "lastHandledReconcileAt": CREATED,
     }},
]
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout, separators=(",", ":"))
