#!/usr/bin/env python3
"""Prints a v1 List for bench/doctor.sh (stdout, JSON): NAMESPACES namespaces `team-NN`, RSIPS
OCIArtifactTag providers `p-NNN` spread evenly across them, provider i on
oci://127.0.0.1:PORT/apps/r-<i mod REPOS>, and one ResourceSet per namespace taking every provider
of it by label (a ConfigMap per input). Each provider (semver ">=0.0.0") has the status the
controller writes after a good scan of DIGESTS.json's tags (newest version first, ids, digests), Ready, with its
`flux-operator` status write at the time of generation, so `diff -A` and `doctor -A` both find
nothing and exit 0.

    python3 bench/doctor_make_objects.py PORT DIGESTS.json RSIPS NAMESPACES REPOS > objects.json
"""
import datetime
import json
import os
import sys
import zlib

port, digests_file = sys.argv[1], sys.argv[2]
rsips, namespaces, repos = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
CREATED = "2026-11-25T10:00:00Z"
NOW = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Emulator"))
from make_seed import revision  # noqa: E402

digests = json.load(open(digests_file))
# semver ">=0.0.0": newest version first (text order would put v4.9.0 above v4.19.0, which doctor
# rightly reports as TextOrderedVersions).
tags = sorted(digests, key=lambda t: tuple(int(x) for x in t.lstrip("v").split(".")), reverse=True)
inputs = [{"digest": digests[t], "id": str(zlib.adler32(t.encode())), "tag": t} for t in tags[:100]]  # filter.limit 100
ready = {"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded", "message": "Reconciliation finished in 300ms",
         "observedGeneration": 1, "lastTransitionTime": NOW}
items = []
for n in range(namespaces):
    ns = f"team-{n:02d}"
    items.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "creationTimestamp": CREATED}})
    items.append({
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
        "metadata": {"name": "apps", "namespace": ns, "creationTimestamp": CREATED, "generation": 1},
        "spec": {"inputsFrom": [{"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                 "selector": {"matchLabels": {"bench": "doctor"}}}],
                 "resourcesTemplate": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                                      "  name: << inputs.provider.name >>-<< inputs.id >>\ndata:\n  tag: << inputs.tag | quote >>\n"},
        "status": {"conditions": [ready]}})
for i in range(rsips):
    ns = f"team-{i % namespaces:02d}"
    items.append({
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
        "metadata": {"name": f"p-{i:03d}", "namespace": ns, "creationTimestamp": CREATED, "generation": 1,
                     "labels": {"bench": "doctor"},
                     "managedFields": [{"manager": "flux-operator", "operation": "Update", "subresource": "status",
                                        "apiVersion": "fluxcd.controlplane.io/v1", "time": NOW,
                                        "fieldsType": "FieldsV1", "fieldsV1": {"f:status": {".": {}}}}]},
        "spec": {"type": "OCIArtifactTag", "url": f"oci://127.0.0.1:{port}/apps/r-{i % repos:03d}", "filter": {"semver": ">=0.0.0", "limit": 100}},
        "status": {"conditions": [ready], "exportedInputs": inputs, "lastExportedRevision": revision(inputs),
                   "lastHandledReconcileAt": CREATED}})
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)
