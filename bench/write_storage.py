#!/usr/bin/env python3
"""Writes tags straight into docker-registry's filesystem storage, much faster than one PUT per
manifest over HTTP, and prints {"tag": "sha256:..."} (stdout, JSON) like registry_client.py push.

    python3 bench/write_storage.py ROOT REPOSITORY PUSH.json > digests.json

ROOT is the registry's storage rootdirectory; PUSH.json is bench/make_tags.py's list. The layout
is what a PUT of each manifest leaves behind: blobs/sha256/<2>/<hex>/data, and per repository
_layers/sha256/<hex>/link, _manifests/revisions/sha256/<hex>/link and
_manifests/tags/<tag>/{current,index/sha256/<hex>}/link. The manifests are byte for byte those
registry_client.py push makes, so the digests are the same.
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "registry"))
from registry_client import OCI_MANIFEST, layer_for  # noqa: E402

root, repo, items = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
v2 = os.path.join(root, "docker", "registry", "v2")
rp = os.path.join(v2, "repositories", repo)


def blob(data):
    h = hashlib.sha256(data).hexdigest()
    d = os.path.join(v2, "blobs", "sha256", h[:2], h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "data"), "wb") as f:
        f.write(data)
    return h


def link(*parts, h):
    d = os.path.join(rp, *parts)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "link"), "w") as f:
        f.write("sha256:" + h)


config = b"{}"
ch = blob(config)
link("_layers", "sha256", ch, h=ch)
layers, out = {}, {}
for it in items:
    c = it.get("content", "")
    if c not in layers:
        layer = layer_for(c)
        layers[c] = (blob(layer), len(layer))
        link("_layers", "sha256", layers[c][0], h=layers[c][0])
    lh, ls = layers[c]
    m = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
         "config": {"mediaType": "application/vnd.cncf.flux.config.v1+json", "digest": "sha256:" + ch,
                    "size": len(config)},
         "layers": [{"mediaType": "application/vnd.cncf.flux.content.v1.tar+gzip", "digest": "sha256:" + lh,
                     "size": ls}],
         "annotations": {"org.opencontainers.image.created": "2024-01-01T00:00:00Z",
                         "org.opencontainers.image.revision": it.get("revision", ""),
                         "org.opencontainers.image.source": "https://example.invalid/rsip-test"}}
    h = blob(json.dumps(m, separators=(",", ":")).encode())
    link("_manifests", "revisions", "sha256", h, h=h)
    link("_manifests", "tags", it["tag"], "current", h=h)
    link("_manifests", "tags", it["tag"], "index", "sha256", h, h=h)
    out[it["tag"]] = "sha256:" + h
json.dump(out, sys.stdout)
