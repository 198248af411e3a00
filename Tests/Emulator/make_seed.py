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


def pod_template_hash(name):
    """A stable stand-in for the ReplicaSet's pod-template-hash (10 characters of its alphabet)."""
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    h = int(hashlib.sha256(f"template:{name}".encode()).hexdigest(), 16)
    out = ""
    for _ in range(10):
        h, r = divmod(h, len(alphabet))
        out += alphabet[r]
    return out


def workloads(n, ks_name):
    """The Deployment and Service a microservice's artifact holds, as kustomize-controller applied
    them (its labels) and as the cluster runs them (an available rollout, an allocated ClusterIP)."""
    name = f"microservice{n}"
    labels = {"app.kubernetes.io/name": name,
              "kustomize.toolkit.fluxcd.io/name": ks_name,
              "kustomize.toolkit.fluxcd.io/namespace": "flux-system"}
    selector = {"app.kubernetes.io/name": name}
    replicas = 2
    rolled_out = "2026-11-25T10:01:05Z"
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": meta(name, "apps", generation=1, labels=labels,
                         annotations={"deployment.kubernetes.io/revision": "1"}),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"creationTimestamp": None, "labels": selector},
                "spec": {
                    "containers": [{
                        "name": "app", "image": f"registry.example:5000/apps/{name}:1.0.0",
                        "imagePullPolicy": "IfNotPresent",
                        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                    }],
                    "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                    "securityContext": {}, "terminationGracePeriodSeconds": 30,
                },
            },
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
        },
        "status": {
            "observedGeneration": 1,
            "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
            "availableReplicas": replicas,
            "conditions": [
                {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                 "message": "Deployment has minimum availability.",
                 "lastUpdateTime": rolled_out, "lastTransitionTime": rolled_out},
                {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                 "message": f'ReplicaSet "{name}-{pod_template_hash(name)}" has successfully progressed.',
                 "lastUpdateTime": rolled_out, "lastTransitionTime": "2026-11-25T10:00:55Z"},
            ],
        },
    }
    ip = f"10.96.120.{10 + n}"
    service = {
        "apiVersion": "v1", "kind": "Service",
        "metadata": meta(name, "apps", labels=labels),
        "spec": {
            "type": "ClusterIP", "clusterIP": ip, "clusterIPs": [ip],
            "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster",
            "sessionAffinity": "None", "selector": selector,
            "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}],
        },
        "status": {"loadBalancer": {}},
    }
    return deployment, service


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
    workload_objs = []
    for m in inputs:
        # What source-controller stored and kustomize-controller applied for this input.
        revision_of = f"{m['tag']}@{m['digest']}"
        labels = {"resourceset.fluxcd.controlplane.io/name": "app-microservices",
                  "resourceset.fluxcd.controlplane.io/namespace": "flux-system"}
        rendered.append({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": meta(m["tag"], "flux-system", generation=1, labels=labels),
            "spec": {"interval": "10m", "url": "oci://registry.example:5000/apps/microservices",
                     "ref": {"digest": m["digest"]}, "secretRef": {"name": "registry-auth"}},
            "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                                       "message": f"stored artifact for digest '{m['digest']}'",
                                       "observedGeneration": 1, "lastTransitionTime": "2026-11-25T10:00:45Z"}],
                       "observedGeneration": 1,
                       "artifact": {
                           "digest": m["digest"], "revision": revision_of,
                           "lastUpdateTime": "2026-11-25T10:00:45Z",
                           "path": f"ocirepository/flux-system/{m['tag']}/{m['digest'].split(':', 1)[1]}.tar.gz",
                           "url": "http://source-controller.flux-system.svc.cluster.local./ocirepository/"
                                  f"flux-system/{m['tag']}/{m['digest'].split(':', 1)[1]}.tar.gz"}},
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
                       ]},
                       "observedGeneration": 1,
                       "lastAppliedRevision": revision_of,
                       "lastAttemptedRevision": revision_of},
        })
        workload_objs.extend(workloads(int(m["tag"].removeprefix("app-microservice")), m["tag"]))
    objs["20-resourcesets.json"] = [rset] + rendered
    objs["30-core.json"] = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("flux-operator", "flux-system")},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("default", "flux-system")},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("default", "apps")},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("flux-operator-settings", "flux-system"),
         "data": {"reconcileEvery": "10m"}},
    ]
    # The microservices' workloads in namespace apps (named by the Kustomizations' inventories).
    objs["40-workloads.json"] = sorted(workload_objs, key=lambda o: (o["kind"], o["metadata"]["name"]))
    os.makedirs(SEED, exist_ok=True)
    for name, items in objs.items():
        with open(os.path.join(SEED, name), "w") as fh:
            json.dump(items, fh, indent=2, sort_keys=False)
            fh.write("\n")
    print(json.dumps([(m["tag"], m["id"]) for m in inputs]), revision(inputs))


if __name__ == "__main__":
    main()
