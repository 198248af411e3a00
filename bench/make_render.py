#!/usr/bin/env python3
"""Writes a -f file for `kubectl rsip render`: one OCIArtifactTag provider exporting N inputs and
a ResourceSet consuming it with R resources (2: the seed's OCIRepository + Kustomization; 10: those
plus eight everyday objects using the usual template functions). Deterministic.

    make_render.py N R > file.yaml
"""
import hashlib, json, sys, zlib

n, r = int(sys.argv[1]), int(sys.argv[2])
inputs = []
for i in range(n):
    tag = f"app-service{i:05d}"
    inputs.append({"id": str(zlib.adler32(tag.encode())), "tag": tag,
                   "digest": "sha256:" + hashlib.sha256(tag.encode()).hexdigest()})
provider = {
    "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider",
    "metadata": {"name": "app-tags", "namespace": "flux-system"},
    "spec": {"type": "OCIArtifactTag", "url": "oci://registry.example:5000/apps/microservices",
             "filter": {"includeTag": "^app-", "limit": 10000}},
    "status": {"exportedInputs": inputs},
}
seed = [
    {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
     "metadata": {"name": "<< inputs.tag >>", "namespace": "<< inputs.provider.namespace >>"},
     "spec": {"interval": "10m", "url": "oci://registry.example:5000/apps/microservices",
              "ref": {"digest": "<< inputs.digest >>"}, "secretRef": {"name": "registry-auth"}}},
    {"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
     "metadata": {"name": "<< inputs.tag >>", "namespace": "<< inputs.provider.namespace >>"},
     "spec": {"interval": "1h", "path": "./", "prune": True, "targetNamespace": "apps",
              "sourceRef": {"kind": "OCIRepository", "name": "<< inputs.tag >>"},
              "postBuild": {"substitute": {"id": "<< inputs.id | quote >>"}}}},
]
extra = [
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "<< inputs.tag | slugify >>-config", "namespace": "apps"},
     "data": {"tag": "<< inputs.tag >>", "short": "<< inputs.digest | trimPrefix \"sha256:\" | trunc 12 >>"}},
    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "<< inputs.tag >>", "namespace": "apps"}},
    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "<< inputs.tag >>", "namespace": "apps"},
     "spec": {"selector": {"app": "<< inputs.tag >>"}, "ports": [{"port": 80, "targetPort": 8080}]}},
    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "<< inputs.tag >>", "namespace": "apps",
     "labels": {"app": "<< inputs.tag >>", "id": "<< inputs.id | quote >>"}},
     "spec": {"replicas": "<< if hasSuffix \"0\" inputs.tag >>2<< else >>1<< end >>",
              "template": {"spec": {"containers": [{"name": "app", "image": "registry.example:5000/apps/<< inputs.tag >>@<< inputs.digest >>"}]}}}},
    {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "<< inputs.tag >>", "namespace": "apps"},
     "spec": {"minReplicas": 1, "maxReplicas": 5, "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "<< inputs.tag >>"}}},
    {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "<< inputs.tag >>", "namespace": "apps"},
     "spec": {"podSelector": {"matchLabels": {"app": "<< inputs.tag >>"}}, "policyTypes": ["Ingress"]}},
    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "<< inputs.tag >>-view", "namespace": "apps"},
     "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
     "subjects": [{"kind": "ServiceAccount", "name": "<< inputs.tag >>", "namespace": "apps"}]},
    {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "<< inputs.tag >>-meta", "namespace": "apps"},
     "stringData": {"inputs": "<< inputs | toJson >>", "sum": "<< inputs.digest | sha256sum | trunc 16 >>"}},
]
resources = (seed + extra)[:r]
rset = {
    "apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSet",
    "metadata": {"name": "apps", "namespace": "flux-system"},
    "spec": {"inputsFrom": [{"apiVersion": "fluxcd.controlplane.io/v1", "kind": "ResourceSetInputProvider", "name": "app-tags"}],
             "resources": resources},
}
print(json.dumps(provider))
print("---")
print(json.dumps(rset))
