#!/usr/bin/env python3
"""Prints a v1 List of 10 Namespaces + N ResourceSetInputProviders for bench/get.sh (stdout, JSON).

    python3 bench/make_rsips.py [N=500] [NAMESPACES=10]

Deterministic (seeded RNG). Objects look like the controller's: OCIArtifactTag with url/filter,
labels and annotations, and a status with 3-10 exportedInputs (id = decimal Adler-32 of the tag,
fake digest = sha256 of "digest:<tag>"), a Ready=True condition, lastExportedRevision (sha256 of
the YAML encoding of exportedInputs, as Tests/Emulator/make_seed.py does) and lastHandledReconcileAt.
"""
import json
import os
import random
import sys
import zlib

N = int(sys.argv[1]) if len(sys.argv) > 1 else 500
NS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
CREATED = "2026-11-25T10:00:00Z"
rng = random.Random(42)

# The seed generator already knows the controller's digest and revision rules.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Emulator"))
from make_seed import fake_digest, revision  # noqa: E402


namespaces = [f"team-{i:02d}" for i in range(NS)]
items = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "creationTimestamp": CREATED}}
         for ns in namespaces]
for i in range(N):
    ns = namespaces[i % NS]
    app = f"svc-{i:03d}"
    k = rng.randint(3, 10)
    minor = rng.randint(0, 20)
    tags = [f"1.{minor}.{p}" for p in range(k)][::-1]           # newest first
    inputs = []
    for t in tags:
        m = {"digest": fake_digest(f"{app}:{t}"), "id": str(zlib.adler32(t.encode())), "tag": t}
        inputs.append(dict(sorted(m.items())))
    handled = f"2026-11-25T10:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    items.append({
        "apiVersion": "fluxcd.controlplane.io/v1",
        "kind": "ResourceSetInputProvider",
        "metadata": {
            "name": f"{app}-tags",
            "namespace": ns,
            "creationTimestamp": CREATED,
            "generation": 1,
            "labels": {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": ns,
                       "toolkit.fluxcd.io/tenant": ns},
            "annotations": {"fluxcd.controlplane.io/reconcileEvery": "10m",
                            "reconcile.fluxcd.io/requestedAt": handled},
        },
        "spec": {
            "type": "OCIArtifactTag",
            "url": f"oci://registry.example:5000/{ns}/{app}",
            "secretRef": {"name": "registry-auth"},
            "filter": {"semver": ">=1.0.0", "limit": 10},
        },
        "status": {
            "conditions": [{
                "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                "message": f"Reconciliation finished in {rng.randint(80, 900)}ms",
                "observedGeneration": 1, "lastTransitionTime": handled,
            }],
            "exportedInputs": inputs,
            "lastExportedRevision": revision(inputs),
            "lastHandledReconcileAt": handled,
        },
    })
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout, separators=(",", ":"))
