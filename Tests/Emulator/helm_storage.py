"""Helm storage Secrets made at run time from a readable description (standard library only).

Helm's Secret storage driver (helm/helm pkg/storage/driver/secrets.go and util.go, v4) stores release
`<name>` version `<v>` as Secret `sh.helm.release.v1.<name>.v<v>` of type `helm.sh/release.v1`, labelled
`name`, `owner: helm`, `status`, `version` (plus `createdAt`, and `modifiedAt` once updated, in Unix
seconds), with one data key `release` holding base64(gzip(release JSON)), gzip at best compression.
Secret data is base64 once more in the API, so `data.release` as kubectl prints it is
base64(base64(gzip(json))). The release JSON's `manifest` holds the rendered YAML documents.

The description (a seed object or a body for POST /_emulator/objects):

    {"apiVersion": "emulator.kubectl-rsip/v1", "kind": "HelmStorageRelease",
     "name": "podinfo", "namespace": "apps",      # the release and the namespace it deploys to
     "storageNamespace": "apps",                   # where the Secret goes (default: namespace)
     "version": 1, "status": "deployed",           # deployed, superseded, failed, pending-upgrade...
     "chart": {"name": "podinfo", "version": "6.7.1", "appVersion": "6.7.1"},
     "values": {...}, "manifest": "apiVersion: v1\\nkind: Service\\n...",
     "firstDeployed": RFC 3339, "lastDeployed": RFC 3339, "description": "Install complete",
     "modifiedAt": RFC 3339 (optional), "labels": {...} (optional, added to the Secret)}
"""
import base64
import datetime
import gzip
import json

API_VERSION = "emulator.kubectl-rsip/v1"
KIND = "HelmStorageRelease"


def is_description(obj):
    return isinstance(obj, dict) and obj.get("apiVersion") == API_VERSION and obj.get("kind") == KIND


def _unix(ts):
    t = datetime.datetime.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return str(int(t.timestamp()))


def _go_json(value):
    """encoding/json's output: compact, with <, > and & escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def release_json(d):
    """The release object Helm stores (field order of helm.sh/helm/v4 pkg/release/v1.Release)."""
    chart = d.get("chart") or {}
    manifest = d.get("manifest", "")
    meta = {"name": chart.get("name", d["name"]), "version": chart.get("version", "0.1.0")}
    if chart.get("description"):
        meta["description"] = chart["description"]
    meta["apiVersion"] = "v2"
    if chart.get("appVersion"):
        meta["appVersion"] = chart["appVersion"]
    meta["type"] = "application"
    templates = []
    for i, doc in enumerate(x for x in manifest.split("\n---\n") if x.strip()):
        templates.append({"name": f"templates/{i}.yaml", "data": base64.b64encode(doc.encode()).decode()})
    info = {"first_deployed": d.get("firstDeployed") or d.get("lastDeployed"),
            "last_deployed": d.get("lastDeployed") or d.get("firstDeployed"),
            "description": d.get("description", "Install complete"), "status": d.get("status", "deployed")}
    return {
        "name": d["name"],
        "info": {k: v for k, v in info.items() if v},
        "chart": {"metadata": meta, "lock": None, "templates": templates, "values": d.get("chartValues") or {},
                  "schema": None, "files": []},
        "config": d.get("values") or {},
        "manifest": manifest,
        "version": int(d.get("version", 1)),
        "namespace": d.get("namespace", "default"),
    }


def encode(release):
    """What Helm's driver puts in the Secret's `release` key: base64 of gzip of the JSON."""
    raw = gzip.compress(_go_json(release).encode(), compresslevel=9, mtime=0)
    return base64.b64encode(raw).decode()


def decode(text):
    """The inverse of `encode` (accepts a release stored without gzip, as old Helm 3 did)."""
    raw = base64.b64decode(text)
    if raw[:3] == b"\x1f\x8b\x08":
        raw = gzip.decompress(raw)
    return json.loads(raw)


def secret(d):
    """The Secret Helm's driver writes for the description `d`."""
    version = int(d.get("version", 1))
    status = d.get("status", "deployed")
    created = d.get("lastDeployed") or d.get("firstDeployed") or "2026-11-25T10:00:00Z"
    labels = dict(d.get("labels") or {})
    labels.update({"name": d["name"], "owner": "helm", "status": status, "version": str(version),
                   "createdAt": _unix(created)})
    if d.get("modifiedAt"):
        labels["modifiedAt"] = _unix(d["modifiedAt"])
    stored = encode(release_json(d))
    return {
        "apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": f"sh.helm.release.v1.{d['name']}.v{version}",
                     "namespace": d.get("storageNamespace") or d.get("namespace", "default"),
                     "creationTimestamp": created[:19] + "Z", "labels": dict(sorted(labels.items()))},
        # Secret data is base64 in the API: the driver's base64 text, encoded once more.
        "data": {"release": base64.b64encode(stored.encode()).decode()},
        "type": "helm.sh/release.v1",
    }
