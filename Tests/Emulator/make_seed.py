#!/usr/bin/env python3
"""Regenerates seed/*.json (the emulator's seed scenario). Standard library only.

    python3 Tests/Emulator/make_seed.py

Ids are the controller's: decimal Adler-32 of the tag. Digests are fake but stable (sha256 of
"digest:<tag>"). lastExportedRevision follows flux-operator-rsip.md section 2.8 (sha256 of the
sigs.k8s.io/yaml encoding of exportedInputs); every value here is plain except the all-digit id.
"""
import hashlib
import json
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "seed")
CREATED = "2026-11-25T10:00:00Z"


def fake_digest(tag):
    return "sha256:" + hashlib.sha256(f"digest:{tag}".encode()).hexdigest()


def export(tags, defaults):
    out = []
    for t in tags:
        m = {"id": str(zlib.adler32(t.encode())), "tag": t, "digest": fake_digest(t)}
        for k, v in defaults.items():
            m.setdefault(k, v)
        out.append(dict(sorted(m.items())))
    return out


def revision(inputs):
    if not inputs:
        y = "[]\n"
    else:
        lines = []
        for m in inputs:
            first = True
            for k, v in m.items():
                val = f'"{v}"' if v.isdigit() else v
                lines.append(("- " if first else "  ") + f"{k}: {val}")
                first = False
        y = "\n".join(lines) + "\n"
    return "sha256:" + hashlib.sha256(y.encode()).hexdigest()


def meta(name, ns=None, **extra):
    m = {"name": name}
    if ns:
        m["namespace"] = ns
    m["creationTimestamp"] = CREATED
    m.update(extra)
    return m


def main():
    objs = {}
    objs["00-namespaces.json"] = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": meta("flux-system")},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": meta("apps")},
    ]
    tags = sorted(["app-microservice1", "app-microservice2", "app-microservice3"], reverse=True)
    inputs = export(tags, {"env": "production"})
    rsip = {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
        "metadata": meta("app-microservices-tags", "flux-system", generation=1,
                         labels={"app.kubernetes.io/part-of": "microservices"},
                         annotations={"fluxcd.controlplane.io/reconcileEvery": "10m",
                                      "reconcile.fluxcd.io/requestedAt": "2026-11-25T10:00:30Z"}),
        "spec": {
            "type": "OCIArtifactTag",
            "url": "oci://registry.example:5000/apps/microservices",
            "secretRef": {"name": "registry-auth"},
            "filter": {"includeTag": "^app-", "limit": 100},
            "defaultValues": {"env": "production"},
        },
        "status": {
            "conditions": [{
                "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                "message": "Reconciliation finished in 412ms", "observedGeneration": 1,
                "lastTransitionTime": "2026-11-25T10:00:31Z"}],
            "exportedInputs": inputs,
            "lastExportedRevision": revision(inputs),
            "lastHandledReconcileAt": "2026-11-25T10:00:30Z",
        },
    }
    frontend = {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
        "metadata": meta("app-frontend-tags", "flux-system", generation=1,
                         labels={"app.kubernetes.io/part-of": "frontend"}),
        "spec": {
            "type": "OCIArtifactTag",
            "url": "oci://registry.example:5000/apps/frontend",
            "filter": {"semver": ">=1.0.0", "limit": 100},
        },
        "status": {
            "conditions": [{
                "type": "Ready", "status": "False", "reason": "ReconciliationFailed",
                "message": "failed to call OCI provider: failed to list OCI tags for "
                           "'registry.example:5000/apps/frontend': GET https://registry.example:5000/v2/apps/"
                           "frontend/tags/list?n=1000: UNAUTHORIZED: authentication required",
                "observedGeneration": 1, "lastTransitionTime": "2026-11-25T10:00:32Z"}, {
                "type": "Reconciling", "status": "True", "reason": "ProgressingWithRetry",
                "message": "Reconciliation in progress", "observedGeneration": 1,
                "lastTransitionTime": "2026-11-25T10:00:32Z"}],
            "lastExportedRevision": revision([]),
        },
    }
    suspended_inputs = export(["1.2.0", "1.1.0"], {})
    suspended = {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
        "metadata": meta("podinfo-tags", "apps", generation=2,
                         annotations={"fluxcd.controlplane.io/reconcile": "disabled"}),
        "spec": {
            "type": "OCIArtifactTag",
            "url": "oci://registry.example:5000/stefanprodan/podinfo",
            "filter": {"semver": ">=1.0.0", "limit": 2},
        },
        "status": {
            "conditions": [{
                "type": "Ready", "status": "True", "reason": "ReconciliationDisabled",
                "message": "Reconciliation is disabled", "observedGeneration": 2,
                "lastTransitionTime": "2026-11-25T10:00:33Z"}],
            "exportedInputs": suspended_inputs,
            "lastExportedRevision": revision(suspended_inputs),
        },
    }
    objs["10-rsips.json"] = [rsip, frontend, suspended]
    template = (
        "---\n"
        "apiVersion: source.toolkit.fluxcd.io/v1\n"
        "kind: OCIRepository\n"
        "metadata:\n"
        "  name: << inputs.tag >>\n"
        "  namespace: << inputs.provider.namespace >>\n"
        "spec:\n"
        "  interval: 10m\n"
        "  url: oci://registry.example:5000/apps/microservices\n"
        "  ref:\n"
        "    digest: << inputs.digest >>\n"
        "  secretRef:\n"
        "    name: registry-auth\n"
        "---\n"
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\n"
        "kind: Kustomization\n"
        "metadata:\n"
        "  name: << inputs.tag >>\n"
        "  namespace: << inputs.provider.namespace >>\n"
        "spec:\n"
        "  interval: 1h\n"
        "  path: ./\n"
        "  prune: true\n"
        "  sourceRef:\n"
        "    kind: OCIRepository\n"
        "    name: << inputs.tag >>\n"
        "  targetNamespace: apps\n"
        "  postBuild:\n"
        "    substitute:\n"
        "      env: << inputs.env >>\n"
        "      id: \"<< inputs.id >>\"\n"
    )
    entries = []
    for m in inputs:
        entries.append({"id": f"flux-system_{m['tag']}_source.toolkit.fluxcd.io_OCIRepository", "v": "v1"})
        entries.append({"id": f"flux-system_{m['tag']}_kustomize.toolkit.fluxcd.io_Kustomization", "v": "v1"})
    rset = {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
        "metadata": meta("app-microservices", "flux-system", generation=1,
                         labels={"app.kubernetes.io/part-of": "microservices"}),
        "spec": {
            "inputsFrom": [{"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                            "name": "app-microservices-tags"}],
            "resourcesTemplate": template,
        },
        "status": {
            "conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                            "message": "Reconciliation finished in 1.2s", "observedGeneration": 1,
                            "lastTransitionTime": "2026-11-25T10:00:40Z"}],
            "inventory": {"entries": sorted(entries, key=lambda e: e["id"])},
            "lastAppliedRevision": revision(inputs),
        },
    }
    rendered = []
    for m in inputs:
        labels = {"resourceset.fluxcd.controlplane.io/name": "app-microservices",
                  "resourceset.fluxcd.controlplane.io/namespace": "flux-system"}
        rendered.append({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": meta(m["tag"], "flux-system", generation=1, labels=labels),
            "spec": {"interval": "10m", "url": "oci://registry.example:5000/apps/microservices",
                     "ref": {"digest": m["digest"]}, "secretRef": {"name": "registry-auth"}},
            "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                                       "message": f"stored artifact for digest '{m['digest']}'",
                                       "observedGeneration": 1, "lastTransitionTime": "2026-11-25T10:00:45Z"}]},
        })
        rendered.append({
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
            "metadata": meta(m["tag"], "flux-system", generation=1, labels=labels),
            "spec": {"interval": "1h", "path": "./", "prune": True,
                     "sourceRef": {"kind": "OCIRepository", "name": m["tag"]}, "targetNamespace": "apps",
                     "postBuild": {"substitute": {"env": m["env"], "id": m["id"]}}},
            "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                       "message": f"Applied revision: {m['digest']}", "observedGeneration": 1,
                                       "lastTransitionTime": "2026-11-25T10:00:50Z"}],
                       # What the microservice's artifact deployed, as Flux records it.
                       "inventory": {"entries": [
                           {"id": f"apps_{m['tag'].removeprefix('app-')}_apps_Deployment", "v": "v1"},
                           {"id": f"apps_{m['tag'].removeprefix('app-')}__Service", "v": "v1"},
                       ]}},
        })
    objs["20-resourcesets.json"] = [rset] + rendered
    objs["30-core.json"] = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("flux-operator", "flux-system")},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("default", "flux-system")},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("default", "apps")},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("flux-operator-settings", "flux-system"),
         "data": {"reconcileEvery": "10m"}},
    ]
    os.makedirs(SEED, exist_ok=True)
    for name, items in objs.items():
        with open(os.path.join(SEED, name), "w") as fh:
            json.dump(items, fh, indent=2, sort_keys=False)
            fh.write("\n")
    print(json.dumps([(m["tag"], m["id"]) for m in inputs]), revision(inputs))


if __name__ == "__main__":
    main()
