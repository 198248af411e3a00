#!/usr/bin/env python3
"""Regenerates seed/*.json (the emulator's default scenario) and seed-helm/*.json (the opt-in
HelmRelease scenario, loaded on top of the default one). Standard library only.

    python3 Tests/Emulator/make_seed.py

Ids are the controller's: decimal Adler-32 of the tag. Digests are fake but stable (sha256 of
"digest:<tag>"). lastExportedRevision follows flux-operator-rsip.md section 2.8 (sha256 of the
sigs.k8s.io/yaml encoding of exportedInputs); every value here is plain except the all-digit id.
"""
import hashlib
import json
import os
import zlib

import helm_storage
import managed_fields

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "seed")
SEED_HELM = os.path.join(HERE, "seed-helm")
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


def workloads(n, ks_name, labels=None, annotations=None, version="1.0.0", generation=1):
    """The Deployment and Service a microservice's artifact holds, as kustomize-controller applied
    them (its labels) and as the cluster runs them (an available rollout, an allocated ClusterIP).
    A Helm release passes helm-controller's labels and Helm's annotations instead."""
    name = f"microservice{n}"
    if labels is None:
        labels = {"app.kubernetes.io/name": name,
                  "kustomize.toolkit.fluxcd.io/name": ks_name,
                  "kustomize.toolkit.fluxcd.io/namespace": "flux-system"}
    selector = {"app.kubernetes.io/name": name}
    replicas = 2
    rolled_out = "2026-11-25T10:01:05Z"
    deployment = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": meta(name, "apps", generation=generation, labels=labels,
                         annotations={**(annotations or {}), "deployment.kubernetes.io/revision": str(generation)}),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"creationTimestamp": None, "labels": selector},
                "spec": {
                    "containers": [{
                        "name": "app", "image": f"registry.example:5000/apps/{name}:{version}",
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
            "observedGeneration": generation,
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
        "metadata": meta(name, "apps", labels=labels, **({"annotations": annotations} if annotations else {})),
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


# ---- the opt-in HelmRelease scenario (seed-helm/) -------------------------------------------------

HELM_TEMPLATE = (
    "---\n"
    "apiVersion: source.toolkit.fluxcd.io/v1\n"
    "kind: OCIRepository\n"
    "metadata:\n"
    "  name: << inputs.tag >>\n"
    "  namespace: << inputs.provider.namespace >>\n"
    "spec:\n"
    "  interval: 10m\n"
    "  url: oci://registry.example:5000/charts/microservices\n"
    "  ref:\n"
    "    digest: << inputs.digest >>\n"
    "  layerSelector:\n"
    "    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip\n"
    "    operation: copy\n"
    "  secretRef:\n"
    "    name: registry-auth\n"
    "---\n"
    "apiVersion: helm.toolkit.fluxcd.io/v2\n"
    "kind: HelmRelease\n"
    "metadata:\n"
    "  name: << inputs.tag >>\n"
    "  namespace: << inputs.provider.namespace >>\n"
    "spec:\n"
    "  interval: 1h\n"
    "  releaseName: << inputs.tag | trimPrefix \"chart-\" >>\n"
    "  targetNamespace: apps\n"
    "  storageNamespace: apps\n"
    "  chartRef:\n"
    "    kind: OCIRepository\n"
    "    name: << inputs.tag >>\n"
    "  values:\n"
    "    env: << inputs.env >>\n"
    "    id: \"<< inputs.id >>\"\n"
    "  <<- if eq inputs.tag \"chart-microservice6\" >>\n"
    "  kubeConfig:\n"
    "    secretRef:\n"
    "      name: edge-kubeconfig\n"
    "  <<- end >>\n"
)


def yaml_text(value, indent=0):
    """Block-style YAML of plain JSON values (keys in the order given), as a post-renderer prints it."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                lines.append(yaml_text(v, indent if isinstance(v, list) else indent + 2))
            else:
                lines.append(f"{pad}{k}: {yaml_scalar(v)}")
    else:
        for item in value:
            body = yaml_text(item, indent + 2) if isinstance(item, (dict, list)) else pad + "  " + yaml_scalar(item)
            lines.append(pad + "- " + body.lstrip(" "))
    return "\n".join(lines)


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    text = str(v)
    plain = text and not text[0] in "-?:,[]{}#&*!|>'\"%@`" and ": " not in text and " #" not in text
    if plain and not text.replace(".", "").isdigit() and text not in ("true", "false", "null", "yes", "no", "on", "off"):
        return text
    return json.dumps(text)


def release_manifest(name, hr, version):
    """What helm-controller stores as the release manifest: the chart's Service and Deployment after its
    post-renderer added the origin labels (helm-controller internal/postrender: OriginLabels), without
    namespaces (Helm charts seldom set them; the release namespace applies)."""
    labels = {"app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": name,
              "helm.toolkit.fluxcd.io/name": hr, "helm.toolkit.fluxcd.io/namespace": "flux-system"}
    selector = {"app.kubernetes.io/name": name}
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"labels": labels, "name": name},
               "spec": {"ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}],
                        "selector": selector, "type": "ClusterIP"}}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"labels": labels, "name": name},
                  "spec": {"replicas": 2, "selector": {"matchLabels": selector},
                           "template": {"metadata": {"labels": selector},
                                        "spec": {"containers": [{
                                            "image": f"registry.example:5000/apps/{name}:{version}", "name": "app",
                                            "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}]}]}}}}
    return yaml_text(service) + "\n---\n" + yaml_text(deployment) + "\n"


def snapshot(name, version, status, chart_version, digest, config, first, last, action=None, current=True):
    """A status.history entry (helm-controller api/v2 Snapshot). Snapshots written before helm-controller
    v1.5.0 carry no apiVersion and no action."""
    s = {}
    if current:
        s["apiVersion"] = "v2"
    s.update({"digest": "sha256:" + hashlib.sha256(f"release:{name}.v{version}".encode()).hexdigest(),
              "name": name, "namespace": "apps", "version": version, "status": status})
    if action and current:
        s["action"] = action
    s.update({"chartName": name, "chartVersion": chart_version, "appVersion": chart_version.split("+")[0],
              "configDigest": "sha256:" + hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest(),
              "firstDeployed": first, "lastDeployed": last, "ociDigest": digest})
    return s


def helm_seed(rsip_inputs_revision=None):
    """seed-helm/: microservices 4 to 6 shipped as Helm charts. Provider `helm-microservices-tags`
    exports one tag per chart; ResourceSet `helm-microservices` renders an OCIRepository and a HelmRelease
    (chartRef to it) per tag. chart-microservice4 is a Flux v2.8+ release (status.inventory),
    chart-microservice5 an older one (status.history + storageNamespace only, upgraded once: v1 superseded,
    v2 deployed), chart-microservice6 deploys to a remote cluster (spec.kubeConfig). Helm storage Secrets
    are described here and built by the emulator at start (helm_storage.py); a Receiver targets the
    provider (served with --receivers)."""
    out = {}
    tags = sorted(["chart-microservice4", "chart-microservice5", "chart-microservice6"], reverse=True)
    inputs = export(tags, {"env": "production"})
    spec = {"type": "OCIArtifactTag", "url": "oci://registry.example:5000/charts/microservices",
            "secretRef": {"name": "registry-auth"}, "filter": {"includeTag": "^chart-", "limit": 100},
            "defaultValues": {"env": "production"}}
    labels = {"app.kubernetes.io/part-of": "helm-microservices"}
    status = {
        "conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                        "message": "Reconciliation finished in 380ms", "observedGeneration": 1,
                        "lastTransitionTime": "2026-11-25T10:00:31Z"}],
        "exportedInputs": inputs, "lastExportedRevision": revision(inputs),
        "lastHandledReconcileAt": "2026-11-25T10:00:30Z"}
    annotations = {"fluxcd.controlplane.io/reconcileEvery": "10m",
                   "reconcile.fluxcd.io/requestedAt": "2026-11-25T10:00:30Z"}
    applied = {"metadata": {"labels": labels, "annotations": {"fluxcd.controlplane.io/reconcileEvery": "10m"}},
               "spec": spec}
    rsip = {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
        "metadata": meta("helm-microservices-tags", "flux-system", generation=1, labels=labels,
                         annotations=annotations, managedFields=[
                             # Who wrote what, as the API server records it: the spec applied by hand,
                             # the requestedAt token by `flux-operator reconcile`, the status by the
                             # controller's last scan (the time issue 23's LAST RECONCILED reads).
                             managed_fields.entry("kubectl-client-side-apply", "Update", "fluxcd.controlplane.io/v1",
                                                  CREATED, managed_fields.owned_paths(applied)),
                             managed_fields.entry("flux-operator-ctl", "Update", "fluxcd.controlplane.io/v1",
                                                  "2026-11-25T10:00:30Z",
                                                  {("f:metadata", "f:annotations", "f:reconcile.fluxcd.io/requestedAt")}),
                             managed_fields.entry("flux-operator", "Update", "fluxcd.controlplane.io/v1",
                                                  "2026-11-25T10:00:31Z",
                                                  managed_fields.subset(managed_fields.owned_paths({"status": status}),
                                                                        "f:status"), "status"),
                         ]),
        "spec": spec, "status": status,
    }
    out["10-rsips.json"] = [rsip]

    rset_labels = {"resourceset.fluxcd.controlplane.io/name": "helm-microservices",
                   "resourceset.fluxcd.controlplane.io/namespace": "flux-system"}
    rendered, workload_objs, storage, entries = [], [], [], []
    for m in inputs:
        tag, digest = m["tag"], m["digest"]
        n = int(tag.removeprefix("chart-microservice"))
        name = f"microservice{n}"
        entries.append({"id": f"flux-system_{tag}_helm.toolkit.fluxcd.io_HelmRelease", "v": "v2"})
        entries.append({"id": f"flux-system_{tag}_source.toolkit.fluxcd.io_OCIRepository", "v": "v1"})
        revision_of = f"{tag}@{digest}"
        hexd = digest.split(":", 1)[1]
        rendered.append({
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
            "metadata": meta(tag, "flux-system", generation=1, labels=rset_labels),
            "spec": {"interval": "10m", "url": "oci://registry.example:5000/charts/microservices",
                     "ref": {"digest": digest},
                     "layerSelector": {"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
                                       "operation": "copy"},
                     "secretRef": {"name": "registry-auth"}},
            "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                                       "message": f"stored artifact for digest '{digest}'", "observedGeneration": 1,
                                       "lastTransitionTime": "2026-11-25T10:00:45Z"}],
                       "observedGeneration": 1,
                       "artifact": {"digest": digest, "revision": revision_of, "lastUpdateTime": "2026-11-25T10:00:45Z",
                                    "path": f"ocirepository/flux-system/{tag}/{hexd}.tar.gz",
                                    "url": "http://source-controller.flux-system.svc.cluster.local./ocirepository/"
                                           f"flux-system/{tag}/{hexd}.tar.gz"}},
        })
        values = {"env": m["env"], "id": m["id"]}
        hr_spec = {"interval": "1h", "releaseName": name, "targetNamespace": "apps", "storageNamespace": "apps",
                   "chartRef": {"kind": "OCIRepository", "name": tag}, "values": values}
        if n == 6:
            hr_spec["kubeConfig"] = {"secretRef": {"name": "edge-kubeconfig"}}
        version = "1.1.0" if n == 5 else "1.0.0"
        release_version = 2 if n == 5 else 1
        # helm-controller appends the first 12 hex digits of the OCI digest to the chart version.
        chart_version = f"{version}+{hexd[:12]}"
        action = "upgrade" if release_version > 1 else "install"
        reason = "UpgradeSucceeded" if release_version > 1 else "InstallSucceeded"
        message = (f"Helm {action} succeeded for release apps/{name}.v{release_version} with chart "
                   f"{name}@{chart_version}")
        deployed = f"2026-11-25T10:0{release_version}:0{n}Z"
        first = f"2026-11-25T10:01:0{n}Z"
        history = [snapshot(name, release_version, "deployed", chart_version, digest, values, first, deployed,
                            action, current=n != 5)]
        old_digest = fake_digest(f"{tag}:1.0.0")
        if n == 5:
            history.append(snapshot(name, 1, "superseded", f"1.0.0+{old_digest.split(':')[1][:12]}", old_digest,
                                    values, first, first, current=False))
        hr_status = {
            "conditions": [
                {"type": "Ready", "status": "True", "reason": reason, "message": message, "observedGeneration": 1,
                 "lastTransitionTime": deployed},
                {"type": "Released", "status": "True", "reason": reason, "message": message, "observedGeneration": 1,
                 "lastTransitionTime": deployed}],
            "observedGeneration": 1, "lastAttemptedGeneration": 1,
            "lastAttemptedRevision": chart_version, "lastAttemptedRevisionDigest": digest,
            "lastAttemptedConfigDigest": history[0]["configDigest"], "lastAttemptedReleaseAction": action,
            "storageNamespace": "apps", "history": history,
        }
        if n != 5:
            # helm-controller v1.5.0 (Flux v2.8) and later: the release's objects, Helm hooks excluded.
            hr_status["inventory"] = {"entries": [{"id": f"apps_{name}__Service", "v": "v1"},
                                                  {"id": f"apps_{name}_apps_Deployment", "v": "v1"}]}
        rendered.append({
            "apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
            "metadata": meta(tag, "flux-system", generation=1, labels=rset_labels),
            "spec": hr_spec, "status": hr_status,
        })
        if n == 6:
            continue  # deployed to the remote cluster: no workloads and no Helm storage here
        helm_labels = {"app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/name": name,
                       "helm.toolkit.fluxcd.io/name": tag, "helm.toolkit.fluxcd.io/namespace": "flux-system"}
        helm_annotations = {"meta.helm.sh/release-name": name, "meta.helm.sh/release-namespace": "apps"}
        workload_objs.extend(workloads(n, tag, labels=helm_labels, annotations=helm_annotations, version=version,
                                       generation=release_version))
        for v in range(1, release_version + 1):
            latest = v == release_version
            storage.append({
                "apiVersion": helm_storage.API_VERSION, "kind": helm_storage.KIND,
                "name": name, "namespace": "apps", "storageNamespace": "apps", "version": v,
                "status": "deployed" if latest else "superseded",
                "chart": {"name": name, "version": chart_version if latest else history[-1]["chartVersion"],
                          "appVersion": version if latest else "1.0.0"},
                "values": values,
                "manifest": release_manifest(name, tag, version if latest else "1.0.0"),
                "firstDeployed": first, "lastDeployed": deployed if latest else first,
                "description": ("Upgrade complete" if v > 1 else "Install complete"),
                **({} if latest else {"modifiedAt": deployed}),
            })
    rset = {
        "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
        "metadata": meta("helm-microservices", "flux-system", generation=1, labels=labels),
        "spec": {"inputsFrom": [{"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                 "name": "helm-microservices-tags"}],
                 "resourcesTemplate": HELM_TEMPLATE},
        "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                   "message": "Reconciliation finished in 1.4s", "observedGeneration": 1,
                                   "lastTransitionTime": "2026-11-25T10:00:40Z"}],
                   "inventory": {"entries": sorted(entries, key=lambda e: e["id"])},
                   "lastAppliedRevision": revision(inputs)},
    }
    out["20-resourcesets.json"] = [rset] + rendered
    out["30-receivers.json"] = [{
        "apiVersion": "notification.toolkit.fluxcd.io/v1", "kind": "Receiver",
        "metadata": meta("helm-microservices", "flux-system", generation=1),
        "spec": {"type": "generic-hmac", "interval": "10m", "secretRef": {"name": "webhook-token"},
                 "resources": [{"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
                                "name": "helm-microservices-tags"}]},
    }]
    out["40-workloads.json"] = sorted(workload_objs, key=lambda o: (o["kind"], o["metadata"]["name"]))
    out["50-helm-storage.json"] = storage
    return out


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
    for directory, files in ((SEED, objs), (SEED_HELM, helm_seed())):
        os.makedirs(directory, exist_ok=True)
        for name, items in files.items():
            with open(os.path.join(directory, name), "w") as fh:
                json.dump(items, fh, indent=2, sort_keys=False)
                fh.write("\n")
    print(json.dumps([(m["tag"], m["id"]) for m in inputs]), revision(inputs))


if __name__ == "__main__":
    main()
