#!/usr/bin/env python3
"""A small Kubernetes API server emulator for kubectl-rsip tests (Python 3 standard library only).

Usage:
  python3 -u kube_emulator.py --tls-cert F --tls-key F [--client-ca F] --token T [--token T2 ...]
        [--seed DIR_OR_FILE ...] [--log FILE] [--no-crd] [--plain-http] [--history N]
        [--bookmark-interval S] [--simulate-controller] [--crds] [--receivers unpatched|patched]

Binds 127.0.0.1 on port 0 and prints `LISTENING <port>` as the first stdout line.
See README.md beside this file for the endpoints and the test hooks.
"""
import argparse
import base64
import copy
import datetime
import gzip
import json
import os
import re
import select
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse
import uuid
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import crds
import helm_storage
import managed_fields

# --------------------------------------------------------------------------------------------
# Resource types
# --------------------------------------------------------------------------------------------

FLUX_OP = "fluxcd.controlplane.io"
RW_VERBS = ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"]
NAME_DESC = ("Name must be unique within a namespace. Is required when creating resources, although some "
             "resources may allow a client to request the generation of an appropriate name automatically. "
             "Name is primarily intended for creation idempotence and configuration definition. Cannot be "
             "updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")
AGE_DESC = ("CreationTimestamp is a timestamp representing the server time when this object was created. It is "
            "not guaranteed to be set in happens-before order across separate operations. Clients may not set "
            "this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
            "Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")

RSIP_TYPES = ["Static", "GitHubBranch", "GitHubTag", "GitHubPullRequest", "GitLabBranch", "GitLabTag",
              "GitLabMergeRequest", "GitLabEnvironment", "AzureDevOpsBranch", "AzureDevOpsTag",
              "AzureDevOpsPullRequest", "AWSCodeCommitBranch", "AWSCodeCommitTag", "AWSCodeCommitPullRequest",
              "GiteaBranch", "GiteaTag", "GiteaPullRequest", "OCIArtifactTag", "ACRArtifactTag",
              "ECRArtifactTag", "GARArtifactTag", "ExternalService", "ExternalArtifact"]


def version_key(v):
    """Kubernetes version priority (GA > beta > alpha, higher numbers first; others last, by name)."""
    m = re.match(r"^v(\d+)(?:(alpha|beta)(\d+))?$", v)
    if not m:
        return (3, 0, 0, v)
    stage = {None: 0, "beta": 1, "alpha": 2}[m.group(2)]
    return (stage, -int(m.group(1)), -int(m.group(3) or 0), v)


class RType:
    """A kind. `version` may be a list: the versions served (like a CRD's served versions). They share
    one storage (the first listed is the storage version); `at(v)` is the kind seen through version v,
    and objects read through it carry that `apiVersion`."""

    def __init__(self, group, version, kind, plural, singular, namespaced=True, short=(), categories=(),
                 status=False, crd=False, columns=None, field_labels=(), generation=None, status_default=None,
                 defaults=None):
        versions = [version] if isinstance(version, str) else list(version)
        self.group, self.kind, self.plural, self.singular = group, kind, plural, singular
        self.versions = versions
        self.version = versions[0]
        self.storage_version = versions[0]
        self.namespaced, self.short, self.categories = namespaced, list(short), list(categories)
        self.status, self.crd = status, crd
        # metadata.generation kept and bumped on spec changes (CRDs and workloads)
        self.generation = crd if generation is None else generation
        self.status_default = status_default  # the status a create starts with (None: no status)
        self.defaults = defaults  # fn(obj, old, emulator) applying the API server's defaults on create/update
        # columns: list of (name, type, format, description, priority, fn(obj, now) -> cell)
        self.columns = columns
        self.field_labels = ["metadata.name", "metadata.namespace"] + list(field_labels)

    def at(self, version):
        view = copy.copy(self)
        view.version = version
        return view

    @property
    def api_version(self):
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def storage_api_version(self):
        return f"{self.group}/{self.storage_version}" if self.group else self.storage_version

    def out(self, obj):
        """An object of this kind as read through this version (in place; pass a copy)."""
        if isinstance(obj, dict):
            obj["apiVersion"] = self.api_version
        return obj

    @property
    def qualified(self):  # resource name as used in error messages
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def key(self):
        return (self.group, self.plural)


def human_duration(seconds_f):
    """apimachinery duration.HumanDuration."""
    seconds = int(seconds_f)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def parse_time(ts):
    try:
        return datetime.datetime.strptime(ts.replace("Z", "+00:00")[:19] + "+00:00", "%Y-%m-%dT%H:%M:%S%z") \
            if ts.endswith("Z") else datetime.datetime.fromisoformat(ts)
    except Exception:
        return None


def age_of(obj, now):
    ts = (obj.get("metadata") or {}).get("creationTimestamp")
    t = parse_time(ts) if isinstance(ts, str) else None
    if t is None:
        return "<unknown>"
    return human_duration((now - t).total_seconds())


def ready_condition(obj, field):
    for c in ((obj.get("status") or {}).get("conditions") or []):
        if isinstance(c, dict) and c.get("type") == "Ready":
            return c.get(field)
    return None


def col(name, typ, fmt, desc, fn, priority=0):
    return (name, typ, fmt, desc, priority, fn)


NAME_COL = col("Name", "string", "name", NAME_DESC, lambda o, n: o["metadata"]["name"])
CRD_AGE_COL = col("Age", "date", "", AGE_DESC, age_of)
CORE_AGE_COL = col("Age", "string", "", AGE_DESC, age_of)


# ---- cells and defaults of the built-in workload and Service types (pkg/printers/internalversion) ----


def _dig(obj, *path, default=None):
    cur = obj
    for p in path:
        if not isinstance(cur, dict):
            return default
        cur = cur.get(p)
    return default if cur is None else cur


def format_labels(m):
    """labels.FormatLabels: sorted k=v pairs, `<none>` when empty."""
    if not isinstance(m, dict) or not m:
        return "<none>"
    return ",".join(f"{k}={m[k]}" for k in sorted(m))


def selector_string(sel):
    """metav1.LabelSelectorAsSelector(sel).String()."""
    if not isinstance(sel, dict):
        return ""
    reqs = []
    for k, v in (sel.get("matchLabels") or {}).items():
        reqs.append((k, f"{k}={v}"))
    for e in sel.get("matchExpressions") or []:
        k, op, vals = e.get("key", ""), e.get("operator", ""), sorted(e.get("values") or [])
        if op == "In":
            reqs.append((k, f"{k} in ({','.join(vals)})"))
        elif op == "NotIn":
            reqs.append((k, f"{k} notin ({','.join(vals)})"))
        elif op == "Exists":
            reqs.append((k, k))
        elif op == "DoesNotExist":
            reqs.append((k, f"!{k}"))
    return ",".join(r for _, r in sorted(reqs, key=lambda r: r[0]))


def containers_cell(o, field):
    return ",".join(str(c.get(field, "")) for c in _dig(o, "spec", "template", "spec", "containers", default=[])
                    if isinstance(c, dict))


def replicas_cell(o):
    return f"{int(_dig(o, 'status', 'readyReplicas', default=0))}/{int(_dig(o, 'spec', 'replicas', default=1))}"


def service_external_ip(o):
    spec = o.get("spec") or {}
    ext = [str(x) for x in spec.get("externalIPs") or []]
    typ = spec.get("type", "ClusterIP")
    if typ in ("ClusterIP", "NodePort"):
        return ",".join(ext) if ext else "<none>"
    if typ == "LoadBalancer":
        lb = [i.get("ip") or i.get("hostname") or "" for i in _dig(o, "status", "loadBalancer", "ingress", default=[])
              if isinstance(i, dict)]
        lb = [x for x in lb if x]
        if ext or lb:
            return ",".join(lb + ext)
        return "<pending>"
    if typ == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_ports(o):
    pieces = []
    for p in _dig(o, "spec", "ports", default=[]):
        if not isinstance(p, dict):
            continue
        proto = p.get("protocol", "TCP")
        if p.get("nodePort"):
            pieces.append(f"{p.get('port', 0)}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port', 0)}/{proto}")
    return ",".join(pieces) or "<none>"


def _pod_template_defaults(spec):
    tpl = spec.setdefault("template", {})
    if isinstance(tpl, dict):
        tpl.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        pod = tpl.setdefault("spec", {})
        if isinstance(pod, dict):
            for c in pod.get("containers") or []:
                if not isinstance(c, dict):
                    continue
                image = str(c.get("image", ""))
                tag = image.rsplit("/", 1)[-1]
                latest = "@" not in image and (":" not in tag or tag.endswith(":latest"))
                c.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
                c.setdefault("resources", {})
                c.setdefault("terminationMessagePath", "/dev/termination-log")
                c.setdefault("terminationMessagePolicy", "File")
                for port in c.get("ports") or []:
                    if isinstance(port, dict):
                        port.setdefault("protocol", "TCP")
            pod.setdefault("restartPolicy", "Always")
            pod.setdefault("terminationGracePeriodSeconds", 30)
            pod.setdefault("dnsPolicy", "ClusterFirst")
            pod.setdefault("securityContext", {})
            pod.setdefault("schedulerName", "default-scheduler")


def deployment_defaults(obj, old, emu):
    spec = obj.setdefault("spec", {})
    if not isinstance(spec, dict):
        return
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        ru = strategy.setdefault("rollingUpdate", {})
        ru.setdefault("maxUnavailable", "25%")
        ru.setdefault("maxSurge", "25%")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    _pod_template_defaults(spec)


def statefulset_defaults(obj, old, emu):
    spec = obj.setdefault("spec", {})
    if not isinstance(spec, dict):
        return
    spec.setdefault("replicas", 1)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    strategy = spec.setdefault("updateStrategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        strategy.setdefault("rollingUpdate", {}).setdefault("partition", 0)
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("persistentVolumeClaimRetentionPolicy", {"whenDeleted": "Retain", "whenScaled": "Retain"})
    _pod_template_defaults(spec)


def daemonset_defaults(obj, old, emu):
    spec = obj.setdefault("spec", {})
    if not isinstance(spec, dict):
        return
    strategy = spec.setdefault("updateStrategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        ru = strategy.setdefault("rollingUpdate", {})
        ru.setdefault("maxUnavailable", 1)
        ru.setdefault("maxSurge", 0)
    spec.setdefault("revisionHistoryLimit", 10)
    _pod_template_defaults(spec)


def service_defaults(obj, old, emu):
    spec = obj.setdefault("spec", {})
    if not isinstance(spec, dict):
        return
    ospec = (old or {}).get("spec") or {}
    typ = spec.setdefault("type", "ClusterIP")
    if typ != "ExternalName":
        # An update keeps the allocated addresses (the API server's patchAllocatedValues).
        for k in ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"):
            if k not in spec and k in ospec:
                spec[k] = copy.deepcopy(ospec[k])
        if not spec.get("clusterIP"):
            spec["clusterIP"] = emu.allocate_cluster_ip()
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
        if spec["clusterIP"] != "None" or spec.get("selector"):
            spec.setdefault("ipFamilies", ["IPv4"])
            spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("internalTrafficPolicy", "Cluster")
    spec.setdefault("sessionAffinity", "None")
    old_ports = {(p.get("port"), p.get("protocol", "TCP")): p for p in ospec.get("ports") or [] if isinstance(p, dict)}
    for p in spec.get("ports") or []:
        if not isinstance(p, dict):
            continue
        p.setdefault("protocol", "TCP")
        if typ != "ExternalName":
            p.setdefault("targetPort", p.get("port"))
        if typ in ("NodePort", "LoadBalancer") and not p.get("nodePort"):
            prev = old_ports.get((p.get("port"), p["protocol"]), {}).get("nodePort")
            p["nodePort"] = prev or emu.allocate_node_port()
    if typ in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if typ == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)


CONTAINERS_COL = col("Containers", "string", "", "Names of each container in the template.",
                     lambda o, n: containers_cell(o, "name"), priority=1)
IMAGES_COL = col("Images", "string", "", "Images referenced by each container in the template.",
                 lambda o, n: containers_cell(o, "image"), priority=1)
READY_PODS_COL = col("Ready", "string", "", "Number of the pod with ready state", lambda o, n: replicas_cell(o))

RTYPES = [
    RType(FLUX_OP, "v1", "ResourceSetInputProvider", "resourcesetinputproviders", "resourcesetinputprovider",
          short=["rsip"], categories=["all", "fluxcd", "fluxcd-sources"], status=True, crd=True,
          columns=[NAME_COL, CRD_AGE_COL,
                   col("Ready", "string", "", "", lambda o, n: ready_condition(o, "status")),
                   col("Status", "string", "", "", lambda o, n: ready_condition(o, "message"))]),
    RType(FLUX_OP, "v1", "ResourceSet", "resourcesets", "resourceset", short=["rset"],
          categories=["all", "fluxcd"], status=True, crd=True,
          columns=[NAME_COL, CRD_AGE_COL,
                   col("Ready", "string", "", "", lambda o, n: ready_condition(o, "status")),
                   col("Status", "string", "", "", lambda o, n: ready_condition(o, "message"))]),
    RType("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations", "kustomization",
          short=["ks"], categories=["all", "fluxcd"], status=True, crd=True,
          columns=[NAME_COL, CRD_AGE_COL,
                   col("Ready", "string", "", "", lambda o, n: ready_condition(o, "status")),
                   col("Status", "string", "", "", lambda o, n: ready_condition(o, "message"))]),
    RType("source.toolkit.fluxcd.io", ["v1", "v1beta2"], "OCIRepository", "ocirepositories", "ocirepository",
          short=["ocirepo"], categories=["all", "fluxcd"], status=True, crd=True,
          columns=[NAME_COL,
                   col("URL", "string", "", "", lambda o, n: (o.get("spec") or {}).get("url")),
                   col("Ready", "string", "", "", lambda o, n: ready_condition(o, "status")),
                   col("Status", "string", "", "", lambda o, n: ready_condition(o, "message")),
                   CRD_AGE_COL]),
    RType("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases", "helmrelease",
          short=["hr"], categories=["all", "fluxcd"], status=True, crd=True,
          columns=[NAME_COL, CRD_AGE_COL,
                   col("Ready", "string", "", "", lambda o, n: ready_condition(o, "status")),
                   col("Status", "string", "", "", lambda o, n: ready_condition(o, "message"))]),
    RType("", "v1", "Namespace", "namespaces", "namespace", namespaced=False, short=["ns"], status=True,
          columns=[NAME_COL,
                   col("Status", "string", "", "The status of the namespace",
                       lambda o, n: (o.get("status") or {}).get("phase", "Active")),
                   CORE_AGE_COL], field_labels=["status.phase"]),
    RType("", "v1", "Secret", "secrets", "secret", columns=[
        NAME_COL,
        col("Type", "string", "", "The type of the secret", lambda o, n: o.get("type", "Opaque")),
        col("Data", "integer", "", "The number of entries in the data", lambda o, n: len(o.get("data") or {})),
        CORE_AGE_COL], field_labels=["type"]),
    RType("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", short=["sa"], columns=[
        NAME_COL,
        col("Secrets", "string", "", "Secrets is a list of the secrets in the same namespace that pods running "
            "using this ServiceAccount are allowed to use.", lambda o, n: len(o.get("secrets") or [])),
        CORE_AGE_COL]),
    RType("", "v1", "ConfigMap", "configmaps", "configmap", short=["cm"], columns=[
        NAME_COL,
        col("Data", "string", "", "Data contains the configuration data.",
            lambda o, n: len(o.get("data") or {}) + len(o.get("binaryData") or {})),
        CORE_AGE_COL]),
    RType("", "v1", "Service", "services", "service", short=["svc"], categories=["all"], status=True,
          status_default={"loadBalancer": {}}, defaults=service_defaults,
          field_labels=["spec.clusterIP", "spec.type"], columns=[
              NAME_COL,
              col("Type", "string", "", "type determines how the Service is exposed. Defaults to ClusterIP.",
                  lambda o, n: _dig(o, "spec", "type", default="")),
              col("Cluster-IP", "string", "", "clusterIP is the IP address of the service and is usually assigned "
                  "randomly.", lambda o, n: (_dig(o, "spec", "clusterIPs", default=[]) or ["<none>"])[0]),
              col("External-IP", "string", "", "externalIPs is a list of IP addresses for which nodes in the "
                  "cluster will also accept traffic for this service.", lambda o, n: service_external_ip(o)),
              col("Port(s)", "string", "", "The list of ports that are exposed by this service.",
                  lambda o, n: service_ports(o)),
              CORE_AGE_COL,
              col("Selector", "string", "", "Route service traffic to pods with label keys and values matching "
                  "this selector.", lambda o, n: format_labels(_dig(o, "spec", "selector")), priority=1)]),
    # apps/v1: built-in types (strategic merge patch, no resourceVersion needed on update) with a generation
    RType("apps", "v1", "Deployment", "deployments", "deployment", short=["deploy"], categories=["all"],
          status=True, generation=True, status_default={}, defaults=deployment_defaults, columns=[
              NAME_COL, READY_PODS_COL,
              col("Up-to-date", "string", "", "Total number of non-terminated pods targeted by this deployment "
                  "that have the desired template spec.",
                  lambda o, n: int(_dig(o, "status", "updatedReplicas", default=0))),
              col("Available", "string", "", "Total number of available pods (ready for at least "
                  "minReadySeconds) targeted by this deployment.",
                  lambda o, n: int(_dig(o, "status", "availableReplicas", default=0))),
              CORE_AGE_COL, CONTAINERS_COL, IMAGES_COL,
              col("Selector", "string", "", "Label selector for pods. Existing ReplicaSets whose pods are selected "
                  "by this will be the ones affected by this deployment. It must match the pod template's labels.",
                  lambda o, n: selector_string(_dig(o, "spec", "selector")), priority=1)]),
    RType("apps", "v1", "StatefulSet", "statefulsets", "statefulset", short=["sts"], categories=["all"],
          status=True, generation=True, status_default={"replicas": 0, "availableReplicas": 0},
          defaults=statefulset_defaults,
          columns=[NAME_COL, READY_PODS_COL, CORE_AGE_COL, CONTAINERS_COL, IMAGES_COL]),
    RType("apps", "v1", "DaemonSet", "daemonsets", "daemonset", short=["ds"], categories=["all"],
          status=True, generation=True, defaults=daemonset_defaults,
          status_default={"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0,
                          "numberReady": 0},
          columns=[
              NAME_COL,
              col("Desired", "integer", "", "The total number of nodes that should be running the daemon pod.",
                  lambda o, n: int(_dig(o, "status", "desiredNumberScheduled", default=0))),
              col("Current", "integer", "", "The number of nodes that are running at least 1 daemon pod and are "
                  "supposed to run the daemon pod.",
                  lambda o, n: int(_dig(o, "status", "currentNumberScheduled", default=0))),
              col("Ready", "integer", "", "The number of nodes that should be running the daemon pod and have one "
                  "or more of the daemon pod running with a Ready Condition.",
                  lambda o, n: int(_dig(o, "status", "numberReady", default=0))),
              col("Up-to-date", "integer", "", "The total number of nodes that are running updated daemon pod",
                  lambda o, n: int(_dig(o, "status", "updatedNumberScheduled", default=0))),
              col("Available", "integer", "", "The number of nodes that should be running the daemon pod and have "
                  "one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
                  lambda o, n: int(_dig(o, "status", "numberAvailable", default=0))),
              col("Node Selector", "string", "", "NodeSelector is a selector which must be true for the pod to fit "
                  "on a node.", lambda o, n: format_labels(_dig(o, "spec", "template", "spec", "nodeSelector"))),
              CORE_AGE_COL, CONTAINERS_COL, IMAGES_COL,
              col("Selector", "string", "", "A label query over pods that are managed by the daemon set.",
                  lambda o, n: selector_string(_dig(o, "spec", "selector")), priority=1)]),
]

FLUX_COLUMNS = [NAME_COL, CRD_AGE_COL,
                col("Ready", "string", "", "", lambda o, n: ready_condition(o, "status")),
                col("Status", "string", "", "", lambda o, n: ready_condition(o, "message"))]

# Kinds served only when asked for (--receivers, --crds): the default discovery stays as it was.
RECEIVER_RT = RType("notification.toolkit.fluxcd.io", "v1", "Receiver", "receivers", "receiver",
                    categories=["all", "fluxcd", "fluxcd-notifications"], status=True, crd=True, columns=FLUX_COLUMNS)
CRD_RT = RType("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions",
               "customresourcedefinition", namespaced=False, short=["crd", "crds"], categories=["api-extensions"],
               status=True, generation=True, columns=[
                   NAME_COL,
                   # The API server's default table convertor: the creation time as RFC 3339, not an age.
                   col("Created At", "date", "", AGE_DESC,
                       lambda o, n: (o.get("metadata") or {}).get("creationTimestamp"))])

# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class APIError(Exception):
    def __init__(self, code, reason, message, details=None, text=None, headers=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details
        self.text = text  # plain text body instead of a Status
        self.headers = headers or {}

    def status(self):
        s = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": self.message}
        if self.reason:
            s["reason"] = self.reason
        if self.details is not None:
            s["details"] = self.details
        s["code"] = self.code
        return s


def page_not_found():
    return APIError(404, "NotFound", "404 page not found", text="404 page not found\n")


def details(rt, name):
    d = {"name": name}
    if rt.group:
        d["group"] = rt.group
    d["kind"] = rt.plural
    return d


def not_found(rt, name):
    return APIError(404, "NotFound", f'{rt.qualified} "{name}" not found', details(rt, name))


def already_exists(rt, name):
    return APIError(409, "AlreadyExists", f'{rt.qualified} "{name}" already exists', details(rt, name))


def conflict(rt, name):
    return APIError(409, "Conflict",
                    f'Operation cannot be fulfilled on {rt.qualified} "{name}": the object has been modified; '
                    'please apply your changes to the latest version and try again', details(rt, name))


def bad_request(msg):
    return APIError(400, "BadRequest", msg)


def invalid(rt, name, causes):
    """causes: list of (reason, field, message-detail)."""
    kind_group = f"{rt.kind}.{rt.group}" if rt.group else rt.kind
    parts = [f"{f}: {m}" for (_, f, m) in causes]
    summary = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    d = {"name": name}
    if rt.group:
        d["group"] = rt.group
    d["kind"] = rt.kind
    d["causes"] = [{"reason": r, "message": m, "field": f} for (r, f, m) in causes]
    return APIError(422, "Invalid", f'{kind_group} "{name}" is invalid: {summary}', d)


# --------------------------------------------------------------------------------------------
# Selectors
# --------------------------------------------------------------------------------------------


def parse_label_selector(s):
    """Returns a list of requirements (key, op, values). Raises APIError on syntax errors."""
    reqs = []
    if not s:
        return reqs
    # split on commas outside parentheses
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    for p in parts:
        p = p.strip()
        if not p:
            raise bad_request(f'unable to parse requirement: found \'\', expected: identifier')
        m = re.match(r"^([A-Za-z0-9_./-]+)\s+(in|notin)\s*\((.*)\)$", p)
        if m:
            vals = [v.strip() for v in m.group(3).split(",") if v.strip() != "" or True]
            reqs.append((m.group(1), m.group(2), set(v for v in vals)))
            continue
        m = re.match(r"^([A-Za-z0-9_./-]+)\s*(==|!=|=)\s*([A-Za-z0-9_.-]*)$", p)
        if m:
            op = {"==": "=", "=": "=", "!=": "!="}[m.group(2)]
            reqs.append((m.group(1), op, {m.group(3)}))
            continue
        m = re.match(r"^!\s*([A-Za-z0-9_./-]+)$", p)
        if m:
            reqs.append((m.group(1), "!exists", set()))
            continue
        m = re.match(r"^([A-Za-z0-9_./-]+)$", p)
        if m:
            reqs.append((m.group(1), "exists", set()))
            continue
        raise bad_request(f"unable to parse requirement: {p}")
    return reqs


def labels_match(reqs, labels):
    labels = labels or {}
    for key, op, vals in reqs:
        has = key in labels
        v = labels.get(key)
        if op == "exists" and not has:
            return False
        if op == "!exists" and has:
            return False
        if op in ("=", "in") and (not has or v not in vals):
            return False
        if op in ("!=", "notin") and has and v in vals:
            return False
    return True


def parse_field_selector(rt, s):
    reqs = []
    if not s:
        return reqs
    for p in s.split(","):
        p = p.strip()
        if not p:
            continue
        m = re.match(r"^([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*)$", p)
        if not m:
            raise bad_request(f'invalid selector: \'{s}\'; can\'t understand \'{p}\'')
        field, op, val = m.group(1), m.group(2), m.group(3)
        if field not in rt.field_labels:
            raise bad_request(f'field label not supported: {field}')
        reqs.append((field, "!=" if op == "!=" else "=", val))
    return reqs


def field_value(obj, field):
    cur = obj
    for part in field.split("."):
        if not isinstance(cur, dict):
            return ""
        cur = cur.get(part)
    if cur is None:
        if field == "status.phase":
            return "Active"
        if field == "type":
            return "Opaque"
        return ""
    return str(cur)


def fields_match(reqs, obj):
    for field, op, val in reqs:
        v = field_value(obj, field)
        if op == "=" and v != val:
            return False
        if op == "!=" and v == val:
            return False
    return True


# --------------------------------------------------------------------------------------------
# Patches
# --------------------------------------------------------------------------------------------


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = {}
    result = copy.deepcopy(target)
    for k, v in patch.items():
        if v is None:
            result.pop(k, None)
        else:
            result[k] = merge_patch(result.get(k), v)
    return result


def strategic_merge_patch(target, patch):
    """An approximation for core types: a merge patch that ignores `$` directives."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(target, dict):
        target = {}
    result = copy.deepcopy(target)
    for k, v in patch.items():
        if k.startswith("$"):
            continue
        if v is None:
            result.pop(k, None)
        else:
            result[k] = strategic_merge_patch(result.get(k), v)
    return result


class PatchError(Exception):
    pass


def _ptr(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer: {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _walk(doc, parts):
    cur = doc
    for p in parts:
        if isinstance(cur, dict):
            if p not in cur:
                raise PatchError(f"doc is missing path: {p}")
            cur = cur[p]
        elif isinstance(cur, list):
            try:
                cur = cur[int(p)]
            except (ValueError, IndexError):
                raise PatchError(f"doc is missing path: {p}")
        else:
            raise PatchError(f"doc is missing path: {p}")
    return cur


def _get(doc, path):
    parts = _ptr(path)
    return _walk(doc, parts)


def _remove(doc, path):
    parts = _ptr(path)
    if not parts:
        raise PatchError("cannot remove root")
    parent = _walk(doc, parts[:-1])
    last = parts[-1]
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"unable to remove nonexistent key: {last}: missing value")
        return parent.pop(last)
    if isinstance(parent, list):
        try:
            return parent.pop(int(last))
        except (ValueError, IndexError):
            raise PatchError(f"Unable to remove invalid index: {last}")
    raise PatchError("remove on a scalar")


def _add(doc, path, value, replace=False):
    parts = _ptr(path)
    if not parts:
        return value
    try:
        parent = _walk(doc, parts[:-1])
    except PatchError:
        raise PatchError(f"add operation does not apply: doc is missing path: \"{path}\": missing value")
    last = parts[-1]
    if isinstance(parent, dict):
        if replace and last not in parent:
            raise PatchError(f"replace operation does not apply: doc is missing key: {path}: missing value")
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-" and not replace:
            parent.append(value)
        else:
            try:
                i = int(last)
            except ValueError:
                raise PatchError(f"invalid index {last}")
            if replace:
                if i >= len(parent):
                    raise PatchError("replace operation does not apply: index out of range")
                parent[i] = value
            else:
                if i > len(parent):
                    raise PatchError("add operation does not apply: index out of range")
                parent.insert(i, value)
    else:
        raise PatchError("add on a scalar")
    return doc


def json_patch(doc, ops):
    doc = copy.deepcopy(doc)
    if not isinstance(ops, list):
        raise PatchError("json patch must be a list of operations")
    for op in ops:
        kind = op.get("op")
        path = op.get("path", "")
        if kind == "add":
            doc = _add(doc, path, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            _remove(doc, path)
        elif kind == "replace":
            doc = _add(doc, path, copy.deepcopy(op.get("value")), replace=True)
        elif kind == "move":
            v = _remove(doc, op.get("from", ""))
            doc = _add(doc, path, v)
        elif kind == "copy":
            v = copy.deepcopy(_get(doc, op.get("from", "")))
            doc = _add(doc, path, v)
        elif kind == "test":
            if _get(doc, path) != op.get("value"):
                raise PatchError(f"testing value {path} failed: test failed")
        else:
            raise PatchError(f"Unexpected kind: {kind}")
    return doc


# --------------------------------------------------------------------------------------------
# Protobuf (typed clients such as `kubectl create secret` send application/vnd.kubernetes.protobuf)
# --------------------------------------------------------------------------------------------


def _pb_fields(buf):
    """Yields (field number, wire type, value) for a protobuf message."""
    i = 0

    def varint():
        nonlocal i
        shift = result = 0
        while True:
            b = buf[i]
            i += 1
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    while i < len(buf):
        key = varint()
        num, wt = key >> 3, key & 7
        if wt == 0:
            yield num, wt, varint()
        elif wt == 2:
            n = varint()
            yield num, wt, buf[i:i + n]
            i += n
        elif wt == 1:
            yield num, wt, buf[i:i + 8]
            i += 8
        elif wt == 5:
            yield num, wt, buf[i:i + 4]
            i += 4
        else:
            raise ValueError(f"unsupported wire type {wt}")


def _pb_map(raw, bytes_values=False):
    k = v = None
    for n, _, val in _pb_fields(raw):
        if n == 1:
            k = val.decode()
        elif n == 2:
            v = base64.b64encode(val).decode() if bytes_values else val.decode()
    return k, (v if v is not None else "")


def _pb_object_meta(raw):
    md = {}
    for n, _, v in _pb_fields(raw):
        if n in (1, 2, 3, 6):
            if v:  # an empty string is an unset field
                md[{1: "name", 2: "generateName", 3: "namespace", 6: "resourceVersion"}[n]] = v.decode()
        elif n in (11, 12):
            k, val = _pb_map(v)
            md.setdefault("labels" if n == 11 else "annotations", {})[k] = val
        elif n == 14:
            md.setdefault("finalizers", []).append(v.decode())
    return md


# Schema-driven decoding for the typed creates of workloads and Services (`kubectl create deployment`,
# `kubectl create service`, `kubectl expose`). A schema maps a field number to (json name, kind, sub-schema);
# kinds: str, int (zero dropped), int! (zero kept: a pointer or a required field), bool, msg, map, strs,
# msgs, intstr. Zero scalars are what gogo-protobuf sends for unset non-pointer fields: dropped as
# the JSON `omitempty` would. Fields not listed are ignored.

def _pb_int(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _pb_decode(raw, schema):
    out = {}
    for n, wt, v in _pb_fields(raw):
        if n not in schema:
            continue
        name, kind, sub = (schema[n] + (None,))[:3]
        if kind == "str":
            if v:
                out[name] = v.decode()
        elif kind in ("int", "int!"):
            i = _pb_int(v) if wt == 0 else 0
            if i or kind == "int!":
                out[name] = i
        elif kind == "bool":
            if v:
                out[name] = True
        elif kind == "msg":
            out[name] = _pb_decode(v, sub)
        elif kind == "map":
            k, val = _pb_map(v)
            out.setdefault(name, {})[k] = val
        elif kind == "strs":
            out.setdefault(name, []).append(v.decode())
        elif kind == "msgs":
            out.setdefault(name, []).append(_pb_decode(v, sub))
        elif kind == "intstr":
            d = _pb_decode(v, {1: ("type", "int"), 2: ("intVal", "int!"), 3: ("strVal", "str")})
            out[name] = d.get("strVal", "") if d.get("type") == 1 else d.get("intVal", 0)
    return out


PB_META = {1: ("name", "str"), 2: ("generateName", "str"), 3: ("namespace", "str"), 6: ("resourceVersion", "str"),
           11: ("labels", "map"), 12: ("annotations", "map"), 14: ("finalizers", "strs")}
PB_SELECTOR = {1: ("matchLabels", "map"),
               2: ("matchExpressions", "msgs", {1: ("key", "str"), 2: ("operator", "str"), 3: ("values", "strs")})}
PB_CONTAINER = {
    1: ("name", "str"), 2: ("image", "str"), 3: ("command", "strs"), 4: ("args", "strs"), 5: ("workingDir", "str"),
    6: ("ports", "msgs", {1: ("name", "str"), 2: ("hostPort", "int"), 3: ("containerPort", "int!"),
                          4: ("protocol", "str"), 5: ("hostIP", "str")}),
    7: ("env", "msgs", {1: ("name", "str"), 2: ("value", "str")}),
    8: ("resources", "msg", {1: ("limits", "map"), 2: ("requests", "map")}),
    13: ("terminationMessagePath", "str"), 14: ("imagePullPolicy", "str"), 20: ("terminationMessagePolicy", "str")}
PB_POD_SPEC = {2: ("containers", "msgs", PB_CONTAINER), 3: ("restartPolicy", "str"),
               4: ("terminationGracePeriodSeconds", "int!"), 6: ("dnsPolicy", "str"), 7: ("nodeSelector", "map"),
               8: ("serviceAccountName", "str"), 19: ("schedulerName", "str"), 20: ("initContainers", "msgs", PB_CONTAINER)}
PB_TEMPLATE = {1: ("metadata", "msg", PB_META), 2: ("spec", "msg", PB_POD_SPEC)}
PB_DEPLOYMENT = {
    1: ("metadata", "msg", PB_META),
    2: ("spec", "msg", {1: ("replicas", "int!"), 2: ("selector", "msg", PB_SELECTOR), 3: ("template", "msg", PB_TEMPLATE),
                        4: ("strategy", "msg", {1: ("type", "str"), 2: ("rollingUpdate", "msg", {
                            1: ("maxUnavailable", "intstr"), 2: ("maxSurge", "intstr")})}),
                        5: ("minReadySeconds", "int"), 6: ("revisionHistoryLimit", "int!"), 7: ("paused", "bool"),
                        9: ("progressDeadlineSeconds", "int!")})}
PB_SERVICE = {
    1: ("metadata", "msg", PB_META),
    2: ("spec", "msg", {1: ("ports", "msgs", {1: ("name", "str"), 2: ("protocol", "str"), 3: ("port", "int!"),
                                               4: ("targetPort", "intstr"), 5: ("nodePort", "int"),
                                               6: ("appProtocol", "str")}),
                        2: ("selector", "map"), 3: ("clusterIP", "str"), 4: ("type", "str"), 5: ("externalIPs", "strs"),
                        7: ("sessionAffinity", "str"), 10: ("externalName", "str"),
                        11: ("externalTrafficPolicy", "str"), 18: ("clusterIPs", "strs"), 19: ("ipFamilies", "strs"),
                        17: ("ipFamilyPolicy", "str"), 22: ("internalTrafficPolicy", "str")})}
PB_SCHEMAS = {"Deployment": PB_DEPLOYMENT, "Service": PB_SERVICE}


PROTOBUF_KINDS = {"Secret", "ConfigMap", "ServiceAccount", "Namespace"} | set(PB_SCHEMAS)


def decode_protobuf(body):
    """Decodes the Unknown envelope of a core/v1 Secret, ConfigMap, ServiceAccount, Namespace or Service,
    or an apps/v1 Deployment (the fields a typed create sends). Returns a JSON-style object."""
    if not body.startswith(b"k8s\x00"):
        raise ValueError("missing protobuf magic")
    api_version = kind = ""
    raw = b""
    for n, _, v in _pb_fields(body[4:]):
        if n == 1:
            for tn, _, tv in _pb_fields(v):
                if tn == 1:
                    api_version = tv.decode()
                elif tn == 2:
                    kind = tv.decode()
        elif n == 2:
            raw = v
    obj = {"apiVersion": api_version, "kind": kind, "metadata": {}}
    if kind in PB_SCHEMAS:
        obj.update(_pb_decode(raw, PB_SCHEMAS[kind]))
        obj.pop("status", None)
        return obj
    for n, wt, v in _pb_fields(raw):
        if n == 1:
            obj["metadata"] = _pb_object_meta(v)
        elif kind == "Secret":
            if n == 2:
                k, val = _pb_map(v, bytes_values=True)
                obj.setdefault("data", {})[k] = val
            elif n == 3:
                obj["type"] = v.decode()
            elif n == 4:
                k, val = _pb_map(v)
                obj.setdefault("stringData", {})[k] = val
            elif n == 5:
                obj["immutable"] = bool(v)
        elif kind == "ConfigMap":
            if n == 2:
                k, val = _pb_map(v)
                obj.setdefault("data", {})[k] = val
            elif n == 3:
                k, val = _pb_map(v, bytes_values=True)
                obj.setdefault("binaryData", {})[k] = val
            elif n == 4:
                obj["immutable"] = bool(v)
        elif kind == "ServiceAccount":
            if n in (2, 3):
                ref = {}
                for rn, _, rv in _pb_fields(v):
                    if rn == 1:
                        ref["name"] = rv.decode()
                obj.setdefault("secrets" if n == 2 else "imagePullSecrets", []).append(ref)
            elif n == 4:
                obj["automountServiceAccountToken"] = bool(v)
    return obj


# --------------------------------------------------------------------------------------------
# Store
# --------------------------------------------------------------------------------------------


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    def __init__(self, rtypes, history_limit):
        self.rtypes = rtypes
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.objects = {}  # (group, plural) -> {(ns, name): obj}
        for rt in rtypes:
            self.objects[rt.key] = {}
        self.rv = 100
        self.history = []  # (rv, type, rtkey, obj, oldobj)
        self.history_limit = history_limit
        self.floor = 0  # events with rv <= floor were dropped
        self.listeners = []  # callables(event_type, rt, obj, old)

    def next_rv(self):
        self.rv += 1
        return self.rv

    def record(self, typ, rt, obj, old):
        self.history.append((int(obj["metadata"]["resourceVersion"]), typ, rt.key, copy.deepcopy(obj),
                             copy.deepcopy(old) if old is not None else None))
        if len(self.history) > self.history_limit:
            dropped = self.history[: len(self.history) - self.history_limit]
            self.history = self.history[len(self.history) - self.history_limit:]
            self.floor = dropped[-1][0]
        self.cond.notify_all()
        for fn in list(self.listeners):
            try:
                fn(typ, rt, obj, old)
            except Exception:
                traceback.print_exc()

    def compact(self):
        with self.lock:
            self.history = []
            self.floor = self.rv
            self.cond.notify_all()

    def items(self, rt, ns):
        objs = self.objects[rt.key]
        keys = sorted(k for k in objs if ns is None or k[0] == ns)
        return [(k, objs[k]) for k in keys]


# --------------------------------------------------------------------------------------------
# Validation (a small part of the RSIP CRD's OpenAPI schema and CEL rules)
# --------------------------------------------------------------------------------------------


def validate(rt, obj):
    causes = []
    md = obj.get("metadata") or {}
    name = md.get("name") or ""
    if name and not re.match(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", name):
        causes.append(("FieldValueInvalid", "metadata.name",
                       f'Invalid value: "{name}": a lowercase RFC 1123 subdomain must consist of lower case '
                       "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                       "(e.g. 'example.com', regex used for validation is "
                       "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"))
    if rt.kind == "ResourceSetInputProvider":
        spec = obj.get("spec")
        if not isinstance(spec, dict):
            causes.append(("FieldValueRequired", "spec", "Required value"))
        else:
            t = spec.get("type")
            if t is None:
                causes.append(("FieldValueRequired", "spec.type", "Required value"))
            elif t not in RSIP_TYPES:
                sup = ", ".join(f'"{x}"' for x in RSIP_TYPES)
                causes.append(("FieldValueNotSupported", "spec.type",
                               f'Unsupported value: "{t}": supported values: {sup}'))
            url = spec.get("url")
            if url is not None and not re.match(r"^((http|https|oci)://.*){0,1}$", str(url)):
                causes.append(("FieldValueInvalid", "spec.url",
                               f'Invalid value: "{url}": spec.url in body should match '
                               "'^((http|https|oci)://.*){0,1}$'"))
            lim = (spec.get("filter") or {}).get("limit") if isinstance(spec.get("filter"), dict) else None
            if isinstance(lim, int) and lim > 10000:
                causes.append(("FieldValueInvalid", "spec.filter.limit",
                               f"Invalid value: {lim}: spec.filter.limit in body should be less than or equal to 10000"))
            if isinstance(t, str) and t.endswith("ArtifactTag") and not causes:
                if not isinstance(url, str) or not url.startswith("oci"):
                    causes.append(("FieldValueInvalid", "spec",
                                   f"Invalid value: \"object\": spec.url must start with 'oci://' when spec.type is {t}"))
                elif "/" not in url[len("oci://"):]:
                    causes.append(("FieldValueInvalid", "spec",
                                   "Invalid value: \"object\": spec.url must contain a repository path after the registry host"))
            if isinstance(spec.get("filter"), dict) and "limit" not in spec["filter"]:
                spec["filter"]["limit"] = 100  # CRD default
    return causes


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------

# The field manager each simulated controller writes status as.
STATUS_MANAGERS = {"ResourceSetInputProvider": "flux-operator", "ResourceSet": "flux-operator",
                   "Receiver": "notification-controller", "HelmRelease": "helm-controller",
                   "Kustomization": "kustomize-controller", "OCIRepository": "source-controller"}


class Emulator:
    def __init__(self, args):
        self.args = args
        self.crd = not args.no_crd
        self.receivers = args.receivers  # None, "unpatched" or "patched"
        self.serves_crds = args.crds or args.receivers is not None
        optional = ([RECEIVER_RT] if args.receivers else []) + ([CRD_RT] if self.serves_crds else [])
        self.rtypes = [rt for rt in RTYPES + optional if self.crd or rt.group != FLUX_OP]
        self.by_path = {}  # (group, version, plural) -> the kind seen through that version
        for rt in self.rtypes:
            for v in rt.versions:
                self.by_path[(rt.group, v, rt.plural)] = rt.at(v)
        self.store = Store(self.rtypes, args.history)
        self.log_lock = threading.Lock()
        self.log = []
        self.log_file = args.log
        self.tokens = set(args.token or [])
        self.basic = set(args.basic or [])
        self.faults = []  # dicts: {method, path (regex), status, delay, count, body, retryAfter}
        self.controller = {"enabled": args.simulate_controller, "delay": 0.2, "ready": "True",
                           "reason": "ReconciliationSucceeded", "message": "Reconciliation finished in 412ms",
                           "receivers": True}
        self.store.listeners.append(self.controller_hook)
        self.store.listeners.append(self.receiver_hook)
        self.bookmark_interval = args.bookmark_interval
        self.port = 0
        # API requests being served right now, and the most at once (GET /_emulator/stats).
        self.stats = {"inFlight": 0, "maxInFlight": 0, "total": 0}

    # ---- objects -------------------------------------------------------------------------

    def rtype_for(self, obj):
        """The kind of `obj` seen through its apiVersion (any served version), or None."""
        api = obj.get("apiVersion", "")
        group, _, version = api.rpartition("/")
        for rt in self.rtypes:
            if rt.group == group and version in rt.versions and rt.kind == obj.get("kind"):
                return rt.at(version)
        return None

    def group_versions(self, group):
        """The versions a group serves, preferred (highest priority) first."""
        vs = {v for rt in self.rtypes if rt.group == group for v in rt.versions}
        return sorted(vs, key=version_key)

    def allocate_cluster_ip(self):
        used = {(o.get("spec") or {}).get("clusterIP") for o in self.store.objects[("", "services")].values()}
        for n in range(10, 65000):
            ip = f"10.96.{n // 250}.{n % 250 + 1}"
            if ip not in used:
                return ip
        raise APIError(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full")

    def allocate_node_port(self):
        used = {p.get("nodePort") for o in self.store.objects[("", "services")].values()
                for p in ((o.get("spec") or {}).get("ports") or []) if isinstance(p, dict)}
        for port in range(30000, 32768):
            if port not in used:
                return port
        raise APIError(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: range is full")

    def seed_object(self, obj, keep_status=True):
        """Inserts or replaces an object as-is (status kept); returns the stored copy. A Helm storage
        description (helm_storage.py) becomes the Secret Helm would have written."""
        if obj.get("kind", "").endswith("List") and isinstance(obj.get("items"), list):
            return [self.seed_object(i, keep_status) for i in obj["items"]]
        if helm_storage.is_description(obj):
            obj = helm_storage.secret(obj)
        rt = self.rtype_for(obj)
        if rt is None:
            raise bad_request(f"no kind \"{obj.get('kind')}\" is registered for version \"{obj.get('apiVersion')}\"")
        obj = copy.deepcopy(obj)
        obj["apiVersion"] = rt.storage_api_version  # stored in the storage version
        md = obj.setdefault("metadata", {})
        ns = md.get("namespace") if rt.namespaced else None
        if rt.namespaced and not ns:
            ns = md["namespace"] = "default"
        if not rt.namespaced:
            md.pop("namespace", None)
        with self.store.lock:
            objs = self.store.objects[rt.key]
            old = objs.get((ns, md["name"]))
            md.setdefault("uid", old["metadata"]["uid"] if old else str(uuid.uuid4()))
            md.setdefault("creationTimestamp",
                          old["metadata"]["creationTimestamp"] if old else rfc3339(now_utc()))
            if rt.generation:
                md.setdefault("generation", old["metadata"].get("generation", 1) if old else 1)
            if rt.kind == "Secret":
                self._secret_string_data(obj)
            if rt.kind == "Namespace":
                obj.setdefault("spec", {"finalizers": ["kubernetes"]})
                obj.setdefault("status", {"phase": "Active"})
                md.setdefault("labels", {})["kubernetes.io/metadata.name"] = md["name"]
            md["resourceVersion"] = str(self.store.next_rv())
            objs[(ns, md["name"])] = obj
            self.store.record("MODIFIED" if old else "ADDED", rt, obj, old)
            return copy.deepcopy(obj)

    @staticmethod
    def _secret_string_data(obj):
        sd = obj.pop("stringData", None)
        if isinstance(sd, dict):
            data = obj.setdefault("data", {})
            for k, v in sd.items():
                data[k] = base64.b64encode(str(v).encode()).decode()
        obj.setdefault("type", "Opaque")

    def load_seed(self, path):
        files = []
        if os.path.isdir(path):
            files = sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".json"))
        else:
            files = [path]
        for f in files:
            with open(f) as fh:
                data = json.load(fh)
            items = data if isinstance(data, list) else [data]
            # namespaces first
            items.sort(key=lambda o: 0 if o.get("kind") == "Namespace" else 1)
            for obj in items:
                if self.rtype_for(obj) is None and not obj.get("kind", "").endswith("List") \
                        and not helm_storage.is_description(obj):
                    continue  # e.g. Flux objects under --no-crd, Receivers without --receivers
                self.seed_object(obj)

    def seed_crds(self):
        """One CustomResourceDefinition per served custom kind (the Receiver's with its real schema)."""
        for rt in self.rtypes:
            if rt.crd:
                self.seed_object(crds.crd_object(rt, self.receivers))

    def crd_schema(self, rt):
        """The stored CRD's schema for the version `rt` is seen through, or None (open or no CRD)."""
        if not rt.crd or not self.serves_crds:
            return None
        crd = self.store.objects[CRD_RT.key].get((None, f"{rt.plural}.{rt.group}"))
        return crds.served_schema(crd, rt.version)

    # ---- managedFields --------------------------------------------------------------------

    @staticmethod
    def record_fields(old, new, manager, api_version, subresource=None, operation="Update", applied=None,
                      ignore_status=False):
        """Sets new's metadata.managedFields after `manager` wrote `new` over `old` (None: a create)."""
        md = new.setdefault("metadata", {})
        entries = md.get("managedFields")
        if entries is None and old is not None:
            entries = (old.get("metadata") or {}).get("managedFields")
        before, after = old, new
        if ignore_status:  # the status subresource resets status on main-resource writes
            before = {k: v for k, v in (old or {}).items() if k != "status"}
            after = {k: v for k, v in new.items() if k != "status"}
            if applied is not None:
                applied = {k: v for k, v in applied.items() if k != "status"}
        fields = managed_fields.record(entries, before, after, manager, operation, api_version, rfc3339(now_utc()),
                                       subresource, applied)
        if fields:
            md["managedFields"] = fields
        else:
            md.pop("managedFields", None)

    # ---- fake controller ------------------------------------------------------------------

    def controller_hook(self, typ, rt, obj, old):
        c = self.controller
        if not c["enabled"] or rt.kind != "ResourceSetInputProvider" or typ == "DELETED":
            return
        ann = (obj.get("metadata") or {}).get("annotations") or {}
        token = ann.get("reconcile.fluxcd.io/requestedAt")
        if token is None or token == (obj.get("status") or {}).get("lastHandledReconcileAt"):
            return
        key = (obj["metadata"].get("namespace"), obj["metadata"]["name"])

        def run():
            time.sleep(c["delay"])
            with self.store.lock:
                cur = self.store.objects[rt.key].get(key)
                if cur is None:
                    return
                cann = cur["metadata"].get("annotations") or {}
                tok = cann.get("reconcile.fluxcd.io/requestedAt")
                if tok is None or tok == (cur.get("status") or {}).get("lastHandledReconcileAt"):
                    return
                new = copy.deepcopy(cur)
                st = new.setdefault("status", {})
                st["lastHandledReconcileAt"] = tok
                if "reconcile.fluxcd.io/forceAt" in cann:
                    st["lastHandledForceAt"] = cann["reconcile.fluxcd.io/forceAt"]
                disabled = str(cann.get("fluxcd.controlplane.io/reconcile", "")).lower() == "disabled"
                forced = cann.get("reconcile.fluxcd.io/forceAt") == tok
                if c.get("skipSchedule") and not forced and not disabled:
                    # Outside the schedule window: the token is acknowledged, nothing else changes.
                    st["nextSchedule"] = {"cron": "0 3 * * *", "timeZone": "UTC", "window": "1h",
                                          "when": "2026-11-26T03:00:00Z"}
                elif not disabled:
                    if c.get("exportedInputs") is not None:
                        # What a real pass would have found in the registry.
                        st["exportedInputs"] = copy.deepcopy(c["exportedInputs"])
                    st.pop("nextSchedule", None)
                    conds = [x for x in st.get("conditions") or [] if x.get("type") != "Ready"]
                    conds.insert(0, {"type": "Ready", "status": c["ready"], "reason": c["reason"],
                                     "message": c["message"], "lastTransitionTime": rfc3339(now_utc()),
                                     "observedGeneration": new["metadata"].get("generation", 1)})
                    st["conditions"] = conds
                # flux-operator patches status through the status subresource as field manager
                # "flux-operator" (cmd/operator/main.go controllerName; fluxcd/pkg runtime/patch).
                self.record_fields(cur, new, STATUS_MANAGERS[rt.kind], rt.api_version, "status")
                new["metadata"]["resourceVersion"] = str(self.store.next_rv())
                self.store.objects[rt.key][key] = new
                self.store.record("MODIFIED", rt, new, cur)

        threading.Thread(target=run, daemon=True).start()

    def receiver_hook(self, typ, rt, obj, old):
        """A fake notification-controller: a Receiver's status follows its token Secret, at once (the
        write that changed the Receiver or the Secret has already stored the new status when it answers)."""
        if not self.receivers or not self.controller.get("receivers", True) or (typ == "DELETED" and rt.kind != "Secret"):
            return
        md = obj.get("metadata") or {}
        ns = md.get("namespace")
        if rt.kind == "Receiver":
            self.reconcile_receiver(ns, md.get("name"))
        elif rt.kind == "Secret":
            for (rns, rname), r in list(self.store.objects[RECEIVER_RT.key].items()):
                if rns == ns and ((r.get("spec") or {}).get("secretRef") or {}).get("name") == md.get("name"):
                    self.reconcile_receiver(rns, rname)

    def reconcile_receiver(self, ns, name):
        """Receiver status as notification-controller's receiver_controller.go writes it: webhookPath
        `/hook/` + hex sha256(token + name + namespace), Ready True `Succeeded`, or Ready False
        `TokenNotFound` without a path when the Secret or its `token` key is missing."""
        with self.store.lock:
            cur = self.store.objects[RECEIVER_RT.key].get((ns, name))
            if cur is None or (cur.get("spec") or {}).get("suspend") is True:
                return
            spec = cur.get("spec") or {}
            gen = cur["metadata"].get("generation", 1)
            ref = (spec.get("secretRef") or {}).get("name")
            token, err = "", None
            if ref:
                sec = self.store.objects[("", "secrets")].get((ns, ref))
                if sec is None:
                    err = f"unable to read token from secret '{ns}/{ref}' error: secrets \"{ref}\" not found"
                elif "token" not in (sec.get("data") or {}):
                    err = f"invalid '{ns}/{ref}' secret data: required fields 'token'"
                else:
                    token = base64.b64decode(sec["data"]["token"]).decode("utf-8", "replace")
            new = copy.deepcopy(cur)
            st = new.setdefault("status", {})
            conds = {c.get("type"): c for c in st.get("conditions") or [] if isinstance(c, dict)}

            def cond(typ, status, reason, message):
                prev = conds.get(typ) or {}
                since = prev.get("lastTransitionTime") if prev.get("status") == status else None
                return {"type": typ, "status": status, "observedGeneration": gen,
                        "lastTransitionTime": since or rfc3339(now_utc()), "reason": reason, "message": message}

            if err:
                st.pop("webhookPath", None)
                st["conditions"] = [cond("Ready", "False", "TokenNotFound", err),
                                    cond("Reconciling", "True", "ProgressingWithRetry", "Reconciliation in progress")]
            else:
                path = "/hook/" + hashlib.sha256((token + name + ns).encode()).hexdigest()
                st["conditions"] = [cond("Ready", "True", "Succeeded", f"Receiver initialized for path: {path}")]
                st["observedGeneration"] = gen
                st["webhookPath"] = path
            requested = (cur["metadata"].get("annotations") or {}).get("reconcile.fluxcd.io/requestedAt")
            if requested is not None:
                st["lastHandledReconcileAt"] = requested
            if new == cur:
                return
            self.record_fields(cur, new, STATUS_MANAGERS["Receiver"], RECEIVER_RT.api_version, "status")
            new["metadata"]["resourceVersion"] = str(self.store.next_rv())
            self.store.objects[RECEIVER_RT.key][(ns, name)] = new
            self.store.record("MODIFIED", RECEIVER_RT, new, cur)

    def set_status_write_time(self, spec):
        """Hook: makes the last status write of `manager` (default: the kind's controller) on one object
        look as if it happened at `time` (RFC 3339) or `secondsAgo` seconds ago."""
        kind = spec.get("kind", "ResourceSetInputProvider")
        rt = next((r for r in self.rtypes if r.kind == kind and
                   (not spec.get("apiVersion") or r.group == spec["apiVersion"].rpartition("/")[0])), None)
        if rt is None:
            raise bad_request(f'no kind "{kind}" is served')
        if "time" in spec:
            when = str(spec["time"])
        else:
            when = rfc3339(now_utc() - datetime.timedelta(seconds=float(spec.get("secondsAgo", 0))))
        manager = spec.get("manager") or STATUS_MANAGERS.get(kind, "manager")
        key = (spec.get("namespace") if rt.namespaced else None, spec.get("name"))
        with self.store.lock:
            cur = self.store.objects[rt.key].get(key)
            if cur is None:
                raise not_found(rt, key[1])
            new = copy.deepcopy(cur)
            entries = new["metadata"].setdefault("managedFields", [])
            mine = next((e for e in entries if e.get("manager") == manager and e.get("subresource") == "status"
                         and e.get("operation") == "Update"), None)
            if mine is None:
                paths = managed_fields.subset(managed_fields.owned_paths(cur), "f:status")
                mine = managed_fields.entry(manager, "Update", rt.storage_api_version, when, paths, "status")
                entries.append(mine)
            mine["time"] = when
            entries.sort(key=managed_fields.sort_key)
            new["metadata"]["resourceVersion"] = str(self.store.next_rv())
            self.store.objects[rt.key][key] = new
            self.store.record("MODIFIED", rt, new, cur)
            return copy.deepcopy(new)

    # ---- request log ----------------------------------------------------------------------

    def record_request(self, entry):
        with self.log_lock:
            self.log.append(entry)
            if self.log_file:
                with open(self.log_file, "a") as fh:
                    fh.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as Go's servers set it: the headers and the body go out in two writes, and with
    # Nagle the body would wait for the client's delayed ACK of the headers (40 ms per answer).
    disable_nagle_algorithm = True
    server_version = "kube-emulator"
    sys_version = ""
    emu: Emulator = None

    def log_message(self, fmt, *args):  # quiet
        pass

    # ---- plumbing -------------------------------------------------------------------------

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_OPTIONS(self):
        self.dispatch("OPTIONS")

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            return self.rfile.read(n)
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            data = b""
            while True:
                line = self.rfile.readline().strip()
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                data += self.rfile.read(size)
                self.rfile.readline()
            return data
        return b""

    def send(self, code, body, content_type="application/json", extra=None):
        if isinstance(body, (dict, list)):
            data = json.dumps(body, separators=(",", ":")).encode() + b"\n"
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = body
        self.status_code = code
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-cache, private")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self.command != "HEAD" and len(data) > 128 * 1024 and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            data = gzip.compress(data)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_error_obj(self, e: APIError):
        if e.text is not None:
            self.send(e.code, e.text, "text/plain; charset=utf-8", {"X-Content-Type-Options": "nosniff", **e.headers})
        else:
            self.send(e.code, e.status(), "application/json", e.headers)

    def authenticate(self):
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Bearer "):
            return "token" if auth[len("Bearer "):].strip() in self.emu.tokens else None
        if auth.startswith("Basic "):
            try:
                pair = base64.b64decode(auth[len("Basic "):].strip()).decode("utf-8")
            except Exception:
                return None
            return "basic" if pair in self.emu.basic else None
        try:
            cert = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
        except Exception:
            cert = None
        if cert:
            return "client-cert"
        return "none"

    def record_log(self, started, method, path, query, auth, status, body):
        h = self.headers
        self.emu.record_request({
            "time": round(started, 3), "method": method, "path": path, "query": query,
            "params": self.q, "contentType": h.get("Content-Type") or "", "accept": h.get("Accept") or "",
            "userAgent": h.get("User-Agent") or "",
            "impersonate": h.get("Impersonate-User") or "",
            "impersonateGroups": h.get_all("Impersonate-Group") or [], "auth": auth or "invalid-token",
            "status": status, "body": body.decode("utf-8", "replace")[:4096] if body else "",
        })

    def dispatch(self, method):
        emu = self.emu
        started = time.time()
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self.q = {k: v[-1] for k, v in query.items()}
        self.status_code = 0
        auth = None
        body = b""
        self.in_flight = False
        self.write_operation = ("Update", None)  # ("Apply", applied configuration) for server-side apply
        try:
            if method in ("POST", "PUT", "PATCH", "DELETE"):
                body = self.read_body()
            if path.startswith("/_emulator/"):
                auth = "none"
                self.handle_emulator(method, path, body)
                return
            with emu.log_lock:
                st = emu.stats
                st["inFlight"] += 1
                st["total"] += 1
                st["maxInFlight"] = max(st["maxInFlight"], st["inFlight"])
            self.in_flight = True
            auth = self.authenticate()
            if auth in (None, "none") and path not in ("/healthz", "/livez", "/readyz"):
                if auth is None or True:
                    raise APIError(401, "Unauthorized", "Unauthorized")
            if self.apply_faults(method, path):
                return  # a fault wrote (or dropped) the answer itself
            self.route(method, path, body)
        except APIError as e:
            self.send_error_obj(e)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass
        except Exception as e:  # pragma: no cover
            traceback.print_exc()
            try:
                self.send_error_obj(APIError(500, "InternalError", f"Internal error occurred: {e}"))
            except Exception:
                pass
        finally:
            self.answered()  # no answer at all (a dropped connection): now
            if not path.startswith("/_emulator/") and not getattr(self, "logged_early", False):
                self.record_log(started, method, path, url.query, auth, self.status_code, body)

    def send_response(self, code, message=None):
        self.answered()
        super().send_response(code, message)

    def answered(self):
        """A request stops counting as in flight when its answer starts: a client sends its next
        request only after reading the answer, so the peak never runs ahead of the client."""
        if getattr(self, "in_flight", False):
            self.in_flight = False
            with self.emu.log_lock:
                self.emu.stats["inFlight"] -= 1

    def apply_faults(self, method, path):
        emu = self.emu
        with emu.log_lock:
            hit = None
            for f in emu.faults:
                if f.get("method") and f["method"] != method:
                    continue
                if f.get("path") and not re.search(f["path"], path):
                    continue
                if f.get("count") is not None:
                    if f["count"] <= 0:
                        continue
                    f["count"] -= 1
                hit = dict(f)
                break
        if not hit:
            return
        if hit.get("delay"):
            time.sleep(float(hit["delay"]))
        if self.apply_wire_fault(hit):
            return True
        if hit.get("status"):
            code = int(hit["status"])
            headers = dict(hit.get("headers") or {})
            if hit.get("retryAfter") is not None:
                headers["Retry-After"] = str(hit["retryAfter"])
            if "text" in hit:
                raise APIError(code, None, "", text=hit["text"], headers=headers)
            if "body" in hit:
                e = APIError(code, None, "", headers=headers)
                e.status = lambda b=hit["body"]: b
                raise e
            reasons = {400: "BadRequest", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 410: "Expired",
                       429: "TooManyRequests", 500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout"}
            msg = hit.get("message") or {500: "Internal error occurred: injected fault",
                                         429: "Too many requests, please try again later."}.get(code, "injected fault")
            raise APIError(code, hit.get("reason", reasons.get(code)), msg, headers=headers)

    def apply_wire_fault(self, hit):
        """Faults below the API layer; True when the answer was written (or the connection dropped).

        raw: str         -> that exact body, status `status` (default 200), application/json
        dropAfter: N     -> headers announcing `contentLength` (default N + 4096) bytes, N bytes of a
                            JSON list, then the connection is closed without finishing
        hugeBytes: N     -> 200 application/json, chunked, `hugePrefix` (default "") then N bytes of
                            `hugeFill` (default " "), streamed 1 MiB at a time (never buffered);
                            stops when the client leaves (N = 1 << 62 is an endless stream)
        """
        if "raw" in hit:
            self.send(int(hit.get("status") or 200), hit["raw"], hit.get("contentType", "application/json"),
                      dict(hit.get("headers") or {}))
            return True
        if hit.get("dropAfter") is not None:
            n = int(hit["dropAfter"])
            prefix = b'{"kind":"ResourceSetInputProviderList","apiVersion":"fluxcd.controlplane.io/v1","items":['
            data = (prefix + b" " * max(0, n - len(prefix)))[:n]
            self.status_code = int(hit.get("status") or 200)
            self.send_response(self.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(int(hit.get("contentLength") or n + 4096)))
            self.end_headers()
            try:
                self.wfile.write(data)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass
            self.drop_connection()
            return True
        if hit.get("hugeBytes") is not None:
            left = int(hit["hugeBytes"])
            fill = (hit.get("hugeFill") or " ").encode()
            block = (fill * (1 << 20))[: 1 << 20]
            self.status_code = 200
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                if hit.get("hugePrefix"):
                    self.write_chunk(hit["hugePrefix"].encode())
                while left > 0:
                    piece = block[: min(left, len(block))]
                    self.write_chunk(piece)
                    left -= len(piece)
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                pass
            self.close_connection = True
            return True
        return False

    def drop_connection(self):
        """Closes the TCP connection at once (no TLS close_notify, no chunk terminator)."""
        self.close_connection = True
        try:
            sock = self.connection
            raw = sock.detach() if isinstance(sock, ssl.SSLSocket) else sock
            if isinstance(raw, int):
                raw = socket.socket(fileno=raw)
            raw.shutdown(socket.SHUT_RDWR)
            raw.close()
        except OSError:
            pass

    # ---- test hooks -----------------------------------------------------------------------

    def handle_emulator(self, method, path, body):
        emu = self.emu
        data = json.loads(body) if body.strip() else None
        if path == "/_emulator/requests" and method == "GET":
            with emu.log_lock:
                return self.send(200, list(emu.log))
        if path == "/_emulator/reset-log" and method == "POST":
            with emu.log_lock:
                emu.log.clear()
            return self.send(200, {"ok": True})
        if path == "/_emulator/objects" and method == "POST":
            # One object, an array, or a List: bulk seeding in one request keeps tests fast.
            if isinstance(data, dict) and data.get("kind") == "List":
                data = data.get("items") or []
            if isinstance(data, list):
                return self.send(200, {"apiVersion": "v1", "kind": "List",
                                       "items": [emu.seed_object(o) for o in data]})
            res = emu.seed_object(data)
            return self.send(200, res)
        if path == "/_emulator/objects" and method == "GET":
            with emu.store.lock:
                out = []
                for rt in emu.rtypes:
                    out.extend(o for _, o in emu.store.items(rt, None))
            return self.send(200, {"apiVersion": "v1", "kind": "List", "items": out})
        if path == "/_emulator/faults" and method == "POST":
            with emu.log_lock:
                if isinstance(data, list):
                    emu.faults.extend(data)
                else:
                    emu.faults.append(data)
            return self.send(200, {"ok": True})
        if path == "/_emulator/reset-faults" and method == "POST":
            with emu.log_lock:
                emu.faults.clear()
            return self.send(200, {"ok": True})
        if path == "/_emulator/compact" and method == "POST":
            emu.store.compact()
            return self.send(200, {"ok": True, "resourceVersion": str(emu.store.rv)})
        if path == "/_emulator/controller" and method == "POST":
            emu.controller.update(data or {})
            return self.send(200, emu.controller)
        if path == "/_emulator/status-write-time" and method == "POST":
            return self.send(200, emu.set_status_write_time(data or {}))
        if path == "/_emulator/stats" and method == "GET":
            with emu.log_lock:
                return self.send(200, dict(emu.stats))
        if path == "/_emulator/reset-stats" and method == "POST":
            with emu.log_lock:
                emu.stats.update({"maxInFlight": emu.stats["inFlight"], "total": 0})
            return self.send(200, {"ok": True})
        if path == "/_emulator/state" and method == "GET":
            return self.send(200, {"resourceVersion": str(emu.store.rv), "historyFloor": str(emu.store.floor),
                                   "port": emu.port})
        raise page_not_found()

    # ---- routing --------------------------------------------------------------------------

    def route(self, method, path, body):
        emu = self.emu
        parts = [p for p in path.split("/") if p]
        if path in ("/healthz", "/livez", "/readyz"):
            return self.send(200, "ok", "text/plain; charset=utf-8")
        if path == "/version":
            return self.send(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.4",
                                   "gitCommit": "59526cd4867447956156ae3a602fcbac5fc0c84a", "gitTreeState": "clean",
                                   "buildDate": "2026-04-22T16:07:27Z", "goVersion": "go1.23.6", "compiler": "gc",
                                   "platform": "linux/amd64", "emulator": True})
        if path == "/openapi/v3" or path.startswith("/openapi/v3/"):
            return self.openapi_v3(path)
        if path.startswith("/openapi/"):
            raise page_not_found()
        if path == "/api":
            if self.wants_aggregated():
                return self.send_aggregated([rt for rt in emu.rtypes if rt.group == ""], core=True)
            return self.send(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": f"127.0.0.1:{emu.port}"}]})
        if path == "/apis":
            if self.wants_aggregated():
                return self.send_aggregated([rt for rt in emu.rtypes if rt.group != ""], core=False)
            return self.send(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                   "groups": [self.api_group(g) for g in self.groups()]})
        if parts and parts[0] == "api":
            if len(parts) < 2 or parts[1] != "v1":
                raise page_not_found()
            group, version, rest = "", "v1", parts[2:]
        elif parts and parts[0] == "apis":
            if len(parts) < 2 or parts[1] not in self.groups():
                raise page_not_found()
            if len(parts) == 2:
                return self.send(200, {"kind": "APIGroup", "apiVersion": "v1", **self.api_group(parts[1])})
            group, version, rest = parts[1], parts[2], parts[3:]
            if version not in emu.group_versions(group):
                raise page_not_found()
        else:
            raise page_not_found()
        if not rest:
            if method != "GET":
                raise APIError(405, "MethodNotAllowed", f"the server does not allow this method on the requested resource")
            return self.send(200, self.resource_list(group, version))
        ns = None
        if rest[0] == "namespaces" and len(rest) >= 3 and (group, version, rest[2]) in emu.by_path:
            ns, rest = rest[1], rest[2:]
        rt = emu.by_path.get((group, version, rest[0]))
        if rt is None or (ns is not None and not rt.namespaced) or len(rest) > 3:
            raise page_not_found()
        name = rest[1] if len(rest) >= 2 else None
        sub = rest[2] if len(rest) == 3 else None
        if sub is not None and not (sub == "status" and rt.status):
            raise page_not_found()
        if rt.namespaced and name is not None and ns is None:
            raise page_not_found()
        if name is None:
            if method == "GET":
                if self.q.get("watch") in ("true", "1"):
                    return self.watch(rt, ns, None)
                return self.list(rt, ns)
            if method == "POST":
                if not rt.namespaced or ns is not None:
                    return self.create(rt, ns, body)
                raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
            if method == "DELETE":
                return self.delete_collection(rt, ns)
            raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
        if method == "GET":
            return self.get(rt, ns, name)
        if method == "PUT":
            return self.update(rt, ns, name, body, sub)
        if method == "PATCH":
            return self.patch(rt, ns, name, body, sub)
        if method == "DELETE" and sub is None:
            return self.delete(rt, ns, name)
        raise APIError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")

    # ---- discovery ------------------------------------------------------------------------

    def groups(self):
        """Built-in groups first, then CRD groups (as the API server lists them)."""
        out = []
        for crd in (False, True):
            for rt in self.emu.rtypes:
                if rt.group and rt.crd == crd and rt.group not in out:
                    out.append(rt.group)
        return out

    def api_group(self, g):
        gvs = [{"groupVersion": f"{g}/{v}", "version": v} for v in self.emu.group_versions(g)]
        return {"name": g, "versions": gvs, "preferredVersion": gvs[0]}

    def wants_aggregated(self):
        acc = self.headers.get("Accept") or ""
        return "as=APIGroupDiscoveryList" in acc and "v=v2" in acc

    def send_aggregated(self, rts, core):
        acc = self.headers.get("Accept") or ""
        v = "v2" if re.search(r"g=apidiscovery\.k8s\.io;\s*v=v2(;|,|$)", acc) or "v=v2;" in acc else "v2beta1"
        groups = {}
        order = [""] if core else self.groups()
        for g in order:
            for rt in rts:
                if rt.group == g:
                    groups.setdefault(g, []).append(rt)
        items = []
        for g, lst in groups.items():
            versions = []
            for version in self.emu.group_versions(g):
                resources = self.discovery_resources([rt.at(version) for rt in lst if version in rt.versions])
                versions.append({"version": version, "resources": resources, "freshness": "Current"})
            md = {"creationTimestamp": None}
            if g:
                md["name"] = g
            items.append({"metadata": md, "versions": versions})
        ct = f"application/json;g=apidiscovery.k8s.io;v={v};as=APIGroupDiscoveryList"
        return self.send(200, {"kind": "APIGroupDiscoveryList", "apiVersion": f"apidiscovery.k8s.io/{v}",
                               "metadata": {}, "items": items}, ct, {"Vary": "Accept"})

    @staticmethod
    def discovery_resources(lst):
        """The aggregated-discovery (v2) resources of one group version."""
        resources = []
        for rt in sorted(lst, key=lambda r: r.plural):
            r = {"resource": rt.plural,
                 "responseKind": {"group": rt.group, "version": rt.version, "kind": rt.kind},
                 "scope": "Namespaced" if rt.namespaced else "Cluster",
                 "singularResource": rt.singular, "verbs": RW_VERBS}
            if rt.short:
                r["shortNames"] = rt.short
            if rt.categories:
                r["categories"] = rt.categories
            if rt.status:
                r["subresources"] = [{"subresource": "status", "responseKind": {
                    "group": rt.group, "version": rt.version, "kind": rt.kind}, "verbs": ["get", "patch", "update"]}]
            resources.append(r)
        return resources

    def openapi_v3(self, path):
        """A minimal OpenAPI v3: enough for kubectl's field-validation and patch-type checks.

        Every PATCH operation advertises the `fieldValidation` query parameter (so kubectl validates
        server-side and needs no schema) and no strategic merge patch (so `kubectl apply` uses a JSON
        merge patch). Schemas are open objects."""
        gvs, views = [], []
        for rt in self.emu.rtypes:
            for v in rt.versions:
                views.append(rt.at(v))
                gv = f"api/{v}" if not rt.group else f"apis/{rt.group}/{v}"
                if gv not in gvs:
                    gvs.append(gv)
        if path == "/openapi/v3":
            return self.send(200, {"paths": {gv: {"serverRelativeURL": f"/openapi/v3/{gv}?hash=EMULATOR{len(gv)}"}
                                             for gv in gvs}})
        gv = path[len("/openapi/v3/"):]
        if gv not in gvs:
            raise page_not_found()
        paths, schemas = {}, {}
        for rt in views:
            if (f"api/{rt.version}" if not rt.group else f"apis/{rt.group}/{rt.version}") != gv:
                continue
            gvk = {"group": rt.group, "version": rt.version, "kind": rt.kind}
            ref = ".".join(x for x in ["io.emulator", rt.group or "core", rt.version, rt.kind] if x)
            schemas[ref] = {"type": "object", "x-kubernetes-preserve-unknown-fields": True,
                            "x-kubernetes-group-version-kind": [gvk]}
            content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}

            def op(verb, params=(), body=None, action=None):
                o = {"tags": [rt.kind], "operationId": f"{verb}{rt.kind}", "parameters": [
                    {"name": n, "in": "query", "schema": {"type": "string", "uniqueItems": True}} for n in params],
                     "responses": {"200": {"description": "OK", "content": content}},
                     "x-kubernetes-action": action or verb, "x-kubernetes-group-version-kind": gvk}
                if body:
                    o["requestBody"] = {"content": {ct: {"schema": {"type": "object"}} for ct in body}}
                return o
            write = ["dryRun", "fieldManager", "fieldValidation"]
            patch_types = ["application/json-patch+json", "application/merge-patch+json",
                           "application/apply-patch+yaml"]
            prefix = f"/{gv}/namespaces/{{namespace}}/{rt.plural}" if rt.namespaced else f"/{gv}/{rt.plural}"
            paths[prefix] = {"get": op("list", ["labelSelector", "fieldSelector", "limit", "continue", "watch"],
                                       action="list"),
                             "post": op("create", write, ["application/json"], action="post")}
            paths[prefix + "/{name}"] = {"get": op("read", action="get"),
                                         "put": op("replace", write, ["application/json"]),
                                         "patch": op("patch", write + ["force"], patch_types),
                                         "delete": op("delete", ["dryRun"])}
            if rt.status:
                paths[prefix + "/{name}/status"] = {"get": op("readStatus", action="get"),
                                                    "put": op("replaceStatus", write, ["application/json"]),
                                                    "patch": op("patchStatus", write + ["force"], patch_types)}
        return self.send(200, {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.4"},
                               "paths": paths, "components": {"schemas": schemas}})

    def resource_list(self, group, version):
        res = []
        for rt in self.emu.rtypes:
            if rt.group != group or version not in rt.versions:
                continue
            r = {"name": rt.plural, "singularName": rt.singular, "namespaced": rt.namespaced, "kind": rt.kind,
                 "verbs": RW_VERBS}
            if rt.short:
                r["shortNames"] = rt.short
            if rt.categories:
                r["categories"] = rt.categories
            r["storageVersionHash"] = base64.b64encode(rt.kind.encode()[:8]).decode()[:11]
            res.append(r)
            if rt.status:
                res.append({"name": f"{rt.plural}/status", "singularName": "", "namespaced": rt.namespaced,
                            "kind": rt.kind, "verbs": ["get", "patch", "update"]})
        gv = f"{group}/{version}" if group else version
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": res}

    # ---- tables ---------------------------------------------------------------------------

    def wants_table(self):
        acc = self.headers.get("Accept") or ""
        return "as=Table" in acc

    def table(self, rt, objs, list_meta, with_columns=True):
        now = now_utc()
        include = self.q.get("includeObject", "Metadata")
        rows = []
        for o in objs:
            cells = [c[5](o, now) for c in rt.columns]
            row = {"cells": cells}
            if include == "Object":
                row["object"] = rt.out(copy.deepcopy(o))
            elif include != "None":
                row["object"] = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                 "metadata": o["metadata"]}
            rows.append(row)
        t = {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta}
        if with_columns:
            t["columnDefinitions"] = [{"name": c[0], "type": c[1], "format": c[2], "description": c[3],
                                       "priority": c[4]} for c in rt.columns]
        t["rows"] = rows
        return t

    # ---- verbs ----------------------------------------------------------------------------

    def get(self, rt, ns, name):
        store = self.emu.store
        with store.lock:
            obj = store.objects[rt.key].get((ns, name))
            if obj is None:
                raise not_found(rt, name)
            obj = rt.out(copy.deepcopy(obj))
        if self.wants_table():
            return self.send(200, self.table(rt, [obj], {"resourceVersion": obj["metadata"]["resourceVersion"]}),
                             "application/json")
        return self.send(200, obj)

    def selected(self, rt):
        return parse_label_selector(self.q.get("labelSelector", "")), parse_field_selector(rt, self.q.get("fieldSelector", ""))

    def list(self, rt, ns):
        store = self.emu.store
        lsel, fsel = self.selected(rt)
        limit = int(self.q.get("limit") or 0)
        cont = self.q.get("continue") or ""
        start_after, list_rv = None, None
        if cont:
            try:
                tok = json.loads(base64.urlsafe_b64decode(cont + "=" * (-len(cont) % 4)))
                start_after, list_rv = tuple(tok["start"]), str(tok["rv"])
            except Exception:
                raise bad_request("continue key is not valid: illegal base64 data at input byte 0")
            if int(list_rv) <= store.floor and self.q.get("_strict_continue"):
                raise APIError(410, "Expired", "The provided continue parameter is too old to display a "
                               "consistent list result.")
        with store.lock:
            rv = list_rv or str(store.rv)
            matched = []
            for k, o in store.items(rt, ns):
                if start_after is not None and (k[0] or "", k[1]) <= (start_after[0] or "", start_after[1]):
                    continue
                if labels_match(lsel, o["metadata"].get("labels")) and fields_match(fsel, o):
                    matched.append((k, copy.deepcopy(o)))
        meta = {"resourceVersion": rv}
        items = matched
        if limit > 0 and len(matched) > limit:
            items = matched[:limit]
            last = items[-1][0]
            meta["continue"] = base64.urlsafe_b64encode(json.dumps(
                {"v": "meta.k8s.io/v1", "rv": int(rv), "start": [last[0] or "", last[1]]},
                separators=(",", ":")).encode()).decode().rstrip("=")
            if not lsel and not fsel:
                meta["remainingItemCount"] = len(matched) - limit
        objs = [o for _, o in items]
        if self.wants_table():
            return self.send(200, self.table(rt, objs, meta))
        for o in objs:
            rt.out(o)
            o.setdefault("kind", rt.kind)
        return self.send(200, {"apiVersion": rt.api_version, "items": objs, "kind": f"{rt.kind}List",
                               "metadata": meta})

    def parse_obj(self, body, rt):
        ct = (self.headers.get("Content-Type") or "application/json").split(";")[0].strip()
        if ct == "application/vnd.kubernetes.protobuf" and rt.kind in PROTOBUF_KINDS:
            try:
                body = json.dumps(decode_protobuf(body)).encode()
            except Exception as e:
                raise bad_request(f"the emulator could not decode this protobuf body: {e}")
            ct = "application/json"
        if ct not in ("application/json", "application/yaml", "*/*", ""):
            raise APIError(415, "UnsupportedMediaType",
                           f'the body of the request was in an unknown format - accepted media types include: '
                           'application/json, application/yaml, application/vnd.kubernetes.protobuf')
        try:
            obj = json.loads(body)
        except Exception as e:
            raise bad_request(f"the object provided is unrecognized (must be of type {rt.kind}): "
                              f"couldn't get version/kind; json parse error: {e}")
        if not isinstance(obj, dict):
            raise bad_request(f"the object provided is unrecognized (must be of type {rt.kind})")
        if obj.get("kind") and obj.get("kind") != rt.kind:
            raise bad_request(f"the API version in the data ({obj.get('apiVersion')}) does not match the expected "
                              f"API version ({rt.api_version})" if obj.get("apiVersion") != rt.api_version else
                              f"the object provided is unrecognized (must be of type {rt.kind}): kind mismatch")
        if obj.get("apiVersion") and obj.get("apiVersion") != rt.api_version:
            raise bad_request(f"the API version in the data ({obj.get('apiVersion')}) does not match the expected "
                              f"API version ({rt.api_version})")
        obj["apiVersion"], obj["kind"] = rt.api_version, rt.kind
        obj.setdefault("metadata", {})
        return obj

    def dry_run(self):
        return "dryRun" in self.q

    def field_manager(self):
        """The `fieldManager` parameter, else the API server's default: the user agent up to its '/'."""
        return self.q.get("fieldManager") or managed_fields.manager_from_user_agent(self.headers.get("User-Agent"))

    def create(self, rt, ns, body):
        obj = self.parse_obj(body, rt)
        return self._create(rt, ns, obj, 201)

    def _create(self, rt, ns, obj, code):
        store = self.emu.store
        md = obj["metadata"]
        if rt.namespaced:
            if md.get("namespace") and md["namespace"] != ns:
                raise bad_request("the namespace of the provided object does not match the namespace sent on the request")
            md["namespace"] = ns
        else:
            md.pop("namespace", None)
        if not md.get("name"):
            if md.get("generateName"):
                md["name"] = md["generateName"] + uuid.uuid4().hex[:5]
            else:
                raise invalid(rt, "", [("FieldValueRequired", "metadata.name",
                                        "Required value: name or generateName is required")])
        name = md["name"]
        schema = self.emu.crd_schema(rt)
        if schema is not None:
            crds.apply_defaults(schema, {k: v for k, v in obj.items() if k != "status"})
        causes = validate(rt, obj)
        if schema is not None:
            crds.validate(schema, {k: v for k, v in obj.items() if k not in ("metadata", "status")}, "", causes)
        if causes:
            raise invalid(rt, name, causes)
        with store.lock:
            if rt.namespaced and (None, ns) not in store.objects[("", "namespaces")]:
                raise APIError(404, "NotFound", f'namespaces "{ns}" not found',
                               {"name": ns, "kind": "namespaces"})
            objs = store.objects[rt.key]
            if (ns, name) in objs:
                raise already_exists(rt, name)
            for k in ("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"):
                md.pop(k, None)
            md["uid"] = str(uuid.uuid4())
            md["creationTimestamp"] = rfc3339(now_utc())
            obj["apiVersion"] = rt.storage_api_version  # stored in the storage version
            if rt.generation:
                md["generation"] = 1
            else:
                md.pop("generation", None)
            if rt.status:  # a create starts with an empty status
                if rt.status_default is None:
                    obj.pop("status", None)
                else:
                    obj["status"] = copy.deepcopy(rt.status_default)
            if rt.defaults:
                rt.defaults(obj, None, self.emu)
            if rt.kind == "Secret":
                self.emu._secret_string_data(obj)
            if rt.kind == "Namespace":
                obj["spec"] = {"finalizers": ["kubernetes"]}
                obj["status"] = {"phase": "Active"}
                md.setdefault("labels", {})["kubernetes.io/metadata.name"] = name
            if schema is not None and "status" not in obj and "default" in (schema.get("properties") or {}).get("status", {}):
                obj["status"] = copy.deepcopy(schema["properties"]["status"]["default"])
            md.pop("managedFields", None)
            operation, applied = getattr(self, "write_operation", ("Update", None))
            self.emu.record_fields(None, obj, self.field_manager(), rt.api_version, None, operation, applied,
                                   ignore_status=rt.status)
            if self.dry_run():
                md["resourceVersion"] = str(store.rv)
                return self.send(code, rt.out(obj))
            md["resourceVersion"] = str(store.next_rv())
            objs[(ns, name)] = obj
            store.record("ADDED", rt, obj, None)
            return self.send(code, rt.out(copy.deepcopy(obj)))

    def _commit_update(self, rt, ns, name, old, new, sub, check_rv=True):
        """Applies subresource rules, generation bump, no-op detection; stores and answers."""
        store = self.emu.store
        md = new.setdefault("metadata", {})
        if md.get("name", name) != name:
            raise bad_request(f'the name of the object ({md.get("name")}) does not match the name on the URL ({name})')
        if rt.namespaced and md.get("namespace", ns) != ns:
            raise bad_request("the namespace of the provided object does not match the namespace sent on the request")
        if check_rv and md.get("resourceVersion") and md["resourceVersion"] != old["metadata"]["resourceVersion"]:
            raise conflict(rt, name)
        new["apiVersion"], new["kind"] = rt.storage_api_version, rt.kind
        if sub == "status":
            st = new.get("status")
            new = copy.deepcopy(old)
            if st is None:
                new.pop("status", None)
            else:
                new["status"] = st
        else:
            if rt.status:
                if "status" in old:
                    new["status"] = copy.deepcopy(old["status"])
                else:
                    new.pop("status", None)
            omd = old["metadata"]
            md = new["metadata"]
            md["name"] = name
            if rt.namespaced:
                md["namespace"] = ns
            for k in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"):
                if k in omd:
                    md[k] = omd[k]
                else:
                    md.pop(k, None)
            if rt.defaults:
                rt.defaults(new, old, self.emu)
            if rt.generation:
                md["generation"] = omd.get("generation", 1)
                strip = lambda o: {k: v for k, v in o.items() if k not in ("metadata", "status")}
                if strip(new) != strip(old):
                    md["generation"] = omd.get("generation", 1) + 1
            else:
                md.pop("generation", None)
            if rt.kind == "Secret":
                self.emu._secret_string_data(new)
            schema = self.emu.crd_schema(rt)
            if schema is not None:
                crds.apply_defaults(schema, {k: v for k, v in new.items() if k != "status"})
            causes = validate(rt, new)
            if schema is not None:
                crds.validate(schema, {k: v for k, v in new.items() if k not in ("metadata", "status")}, "", causes)
            if causes:
                raise invalid(rt, name, causes)
        new["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
        if "managedFields" not in new["metadata"] and "managedFields" in old["metadata"]:
            # A write that does not send managedFields keeps them (an empty list would reset them).
            new["metadata"]["managedFields"] = copy.deepcopy(old["metadata"]["managedFields"])
        if new == old:
            return self.send(200, rt.out(copy.deepcopy(new)))
        operation, applied = getattr(self, "write_operation", ("Update", None))
        self.emu.record_fields(old, new, self.field_manager(), rt.api_version, sub, operation, applied,
                               ignore_status=rt.status and sub != "status")
        if self.dry_run():
            return self.send(200, rt.out(copy.deepcopy(new)))
        new["metadata"]["resourceVersion"] = str(store.next_rv())
        objs = store.objects[rt.key]
        if new["metadata"].get("deletionTimestamp") and not new["metadata"].get("finalizers"):
            del objs[(ns, name)]
            store.record("DELETED", rt, new, old)
        else:
            objs[(ns, name)] = new
            store.record("MODIFIED", rt, new, old)
        return self.send(200, rt.out(copy.deepcopy(new)))

    def update(self, rt, ns, name, body, sub):
        new = self.parse_obj(body, rt)
        store = self.emu.store
        with store.lock:
            old = store.objects[rt.key].get((ns, name))
            if old is None:
                raise not_found(rt, name)
            if rt.crd and not new["metadata"].get("resourceVersion"):
                raise invalid(rt, name, [("FieldValueInvalid", "metadata.resourceVersion",
                                          "Invalid value: 0x0: must be specified for an update")])
            return self._commit_update(rt, ns, name, old, new, sub)

    def patch(self, rt, ns, name, body, sub):
        ct = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        store = self.emu.store
        accepted = "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        if not rt.crd:
            accepted += ", application/strategic-merge-patch+json"
        if ct not in ("application/merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml",
                      "application/strategic-merge-patch+json") or (
                rt.crd and ct == "application/strategic-merge-patch+json"):
            raise APIError(415, "UnsupportedMediaType",
                           f"the body of the request was in an unknown format - accepted media types include: {accepted}")
        try:
            p = json.loads(body)
        except Exception as e:
            if ct == "application/apply-patch+yaml":
                raise APIError(415, "UnsupportedMediaType", "the emulator accepts only JSON bodies for "
                               "application/apply-patch+yaml")
            raise bad_request(f"error decoding patch: {e}")
        with store.lock:
            old = store.objects[rt.key].get((ns, name))
            if ct == "application/apply-patch+yaml":
                if not self.q.get("fieldManager"):
                    raise bad_request("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                                      "is required for apply patch")
                self.write_operation = ("Apply", p)
                if old is None:
                    if sub:
                        raise not_found(rt, name)
                    obj = copy.deepcopy(p)
                    obj.setdefault("metadata", {})["name"] = name
                    obj["apiVersion"], obj["kind"] = rt.api_version, rt.kind
                    return self._create(rt, ns, obj, 201)
                new = merge_patch(old, p)
            else:
                if old is None:
                    raise not_found(rt, name)
                try:
                    if ct == "application/merge-patch+json":
                        if not isinstance(p, dict):
                            raise bad_request("json: cannot unmarshal into Go value of type map[string]interface {}")
                        new = merge_patch(old, p)
                    elif ct == "application/json-patch+json":
                        new = json_patch(old, p)
                    else:
                        new = strategic_merge_patch(old, p)
                except PatchError as e:
                    raise APIError(422 if "test" in str(e) else 500, "Invalid" if "test" in str(e) else None,
                                   str(e)) if False else APIError(422, "Invalid", str(e))
            if not isinstance(new, dict):
                raise bad_request("patch result is not an object")
            return self._commit_update(rt, ns, name, old, copy.deepcopy(new), sub)

    def delete(self, rt, ns, name):
        store = self.emu.store
        with store.lock:
            objs = store.objects[rt.key]
            old = objs.get((ns, name))
            if old is None:
                raise not_found(rt, name)
            if self.dry_run():
                return self.send(200, rt.out(copy.deepcopy(old)))
            if old["metadata"].get("finalizers"):
                if old["metadata"].get("deletionTimestamp"):
                    return self.send(200, rt.out(copy.deepcopy(old)))
                new = copy.deepcopy(old)
                new["metadata"]["deletionTimestamp"] = rfc3339(now_utc())
                new["metadata"]["deletionGracePeriodSeconds"] = 0
                new["metadata"]["resourceVersion"] = str(store.next_rv())
                objs[(ns, name)] = new
                store.record("MODIFIED", rt, new, old)
                return self.send(200, rt.out(copy.deepcopy(new)))
            del objs[(ns, name)]
            gone = copy.deepcopy(old)
            gone["metadata"]["resourceVersion"] = str(store.next_rv())
            store.record("DELETED", rt, gone, old)
            return self.send(200, rt.out(copy.deepcopy(gone)))

    def delete_collection(self, rt, ns):
        store = self.emu.store
        lsel, fsel = self.selected(rt)
        deleted = []
        with store.lock:
            for k, o in store.items(rt, ns):
                if labels_match(lsel, o["metadata"].get("labels")) and fields_match(fsel, o):
                    if not self.dry_run():
                        del store.objects[rt.key][k]
                        gone = copy.deepcopy(o)
                        gone["metadata"]["resourceVersion"] = str(store.next_rv())
                        store.record("DELETED", rt, gone, o)
                        deleted.append(gone)
                    else:
                        deleted.append(copy.deepcopy(o))
            rv = str(store.rv)
        deleted = [rt.out(o) for o in deleted]
        return self.send(200, {"apiVersion": rt.api_version, "items": deleted, "kind": f"{rt.kind}List",
                               "metadata": {"resourceVersion": rv}})

    # ---- watch ----------------------------------------------------------------------------

    def write_chunk(self, data):
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def client_gone(self):
        try:
            sock = self.connection
            if isinstance(sock, ssl.SSLSocket) and sock.pending():
                return False
            r, _, _ = select.select([sock], [], [], 0)
            if r:
                try:
                    data = sock.recv(1, socket.MSG_PEEK) if not isinstance(sock, ssl.SSLSocket) else sock.recv(1)
                except ssl.SSLWantReadError:
                    return False
                return data == b""
        except Exception:
            return True
        return False

    def watch(self, rt, ns, _name):
        emu, store = self.emu, self.emu.store
        # A watch may stay open for minutes: log it when it starts, so tests can see it.
        url = urllib.parse.urlsplit(self.path)
        self.record_log(time.time(), "GET", url.path, url.query, self.authenticate(), 200, b"")
        self.logged_early = True
        lsel, fsel = self.selected(rt)
        rv_param = self.q.get("resourceVersion", "")
        timeout = float(self.q.get("timeoutSeconds") or 1800)
        bookmarks = self.q.get("allowWatchBookmarks") in ("true", "1")
        initial = self.q.get("sendInitialEvents") in ("true", "1")
        as_table = self.wants_table()
        first_table = [True]

        def matches(o):
            if o is None:
                return False
            if ns is not None and o["metadata"].get("namespace") != ns:
                return False
            return labels_match(lsel, o["metadata"].get("labels")) and fields_match(fsel, o)

        def encode(typ, obj):
            if typ in ("ERROR",):
                payload = obj
            elif typ == "BOOKMARK":
                if as_table:
                    payload = {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                               "metadata": {"resourceVersion": obj["metadata"]["resourceVersion"]}, "rows": []}
                else:
                    payload = obj
            elif as_table:
                payload = self.table(rt, [obj], {"resourceVersion": obj["metadata"]["resourceVersion"]},
                                     with_columns=first_table[0])
                first_table[0] = False
            else:
                payload = rt.out(copy.deepcopy(obj))
            return json.dumps({"type": typ, "object": payload}, separators=(",", ":")).encode() + b"\n"

        def bookmark(rv, initial_end=False):
            md = {"resourceVersion": str(rv), "creationTimestamp": None}
            if initial_end:
                md["annotations"] = {"k8s.io/initial-events-end": "true"}
            return encode("BOOKMARK", {"kind": rt.kind, "apiVersion": rt.api_version, "metadata": md})

        pending = []
        with store.lock:
            if rv_param in ("", "0") or initial:
                cursor = store.rv
                for _, o in store.items(rt, ns):
                    if matches(o):
                        pending.append(encode("ADDED", copy.deepcopy(o)))
                if initial and bookmarks:
                    pending.append(bookmark(cursor, True))
                expired = False
            else:
                try:
                    cursor = int(rv_param)
                except ValueError:
                    raise bad_request(f'invalid resource version "{rv_param}"')
                expired = cursor < store.floor
        self.status_code = 200
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-cache, private")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if expired:
            st = APIError(410, "Expired", f"too old resource version: {rv_param} ({store.floor + 1})").status()
            self.write_chunk(encode("ERROR", st))
            self.write_chunk(b"")
            return
        for chunk in pending:
            self.write_chunk(chunk)
        deadline = time.time() + timeout
        last_bookmark = time.time()
        while True:
            out = []
            with store.lock:
                if cursor < store.floor:
                    st = APIError(410, "Expired", f"too old resource version: {cursor} ({store.floor + 1})").status()
                    out.append(encode("ERROR", st))
                    events = None
                else:
                    events = [e for e in store.history if e[0] > cursor]
                    if not events:
                        store.cond.wait(timeout=min(0.5, max(0.0, deadline - time.time())))
                        events = [e for e in store.history if e[0] > cursor]
                if events:
                    for (erv, typ, key, obj, old) in events:
                        cursor = erv
                        if key != rt.key:
                            continue
                        now_m, old_m = matches(obj), matches(old)
                        if typ == "ADDED" and now_m:
                            out.append(encode("ADDED", obj))
                        elif typ == "DELETED" and (now_m or old_m):
                            out.append(encode("DELETED", obj))
                        elif typ == "MODIFIED":
                            if now_m and old_m:
                                out.append(encode("MODIFIED", obj))
                            elif now_m:
                                out.append(encode("ADDED", obj))
                            elif old_m:
                                out.append(encode("DELETED", obj))
                    cursor = max(cursor, events[-1][0])
                cur_rv = store.rv
            for chunk in out:
                self.write_chunk(chunk)
            if events is None:
                break
            if bookmarks and time.time() - last_bookmark >= self.emu.bookmark_interval:
                self.write_chunk(bookmark(max(cursor, cur_rv) if not events else cursor))
                cursor = max(cursor, cur_rv)
                last_bookmark = time.time()
            if time.time() >= deadline:
                break
            if not out and self.client_gone():
                return
        try:
            self.write_chunk(b"")
        except Exception:
            pass


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--client-ca")
    ap.add_argument("--token", action="append", default=[])
    ap.add_argument("--basic", action="append", default=[], help="accepted basic-auth user:password (repeatable)")
    ap.add_argument("--seed", action="append", default=[])
    ap.add_argument("--log")
    ap.add_argument("--no-crd", action="store_true")
    ap.add_argument("--plain-http", action="store_true")
    ap.add_argument("--history", type=int, default=10000, help="events kept for watch resumption")
    ap.add_argument("--bookmark-interval", type=float, default=10.0)
    ap.add_argument("--simulate-controller", action="store_true",
                    help="acknowledge reconcile.fluxcd.io/requestedAt on RSIPs like the controller")
    ap.add_argument("--crds", action="store_true",
                    help="serve apiextensions.k8s.io/v1 CustomResourceDefinitions, one per custom kind")
    ap.add_argument("--receivers", choices=["unpatched", "patched"],
                    help="serve notification.toolkit.fluxcd.io/v1 Receivers (implies --crds); their CRD's "
                         "spec.resources[].kind enum as notification-controller ships it, or as a FluxInstance "
                         "patches it")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    if not args.plain_http and not (args.tls_cert and args.tls_key):
        ap.error("--tls-cert and --tls-key are required unless --plain-http")

    emu = Emulator(args)
    with emu.store.lock:
        ns_rt = next(rt for rt in emu.rtypes if rt.kind == "Namespace")
        for ns in ("default", "kube-system", "kube-public"):
            emu.seed_object({"apiVersion": "v1", "kind": "Namespace",
                             "metadata": {"name": ns, "creationTimestamp": "2026-11-25T09:00:00Z"}})
    if emu.serves_crds:
        emu.seed_crds()
    for s in args.seed:
        emu.load_seed(s)

    Handler.emu = emu

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 128

        def handle_error(self, request, client_address):
            exc = sys.exc_info()[1]
            if isinstance(exc, (ConnectionResetError, BrokenPipeError, ssl.SSLError, TimeoutError)):
                return
            super().handle_error(request, client_address)

    httpd = Server(("127.0.0.1", args.port), Handler)
    if not args.plain_http:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        if args.client_ca:
            ctx.load_verify_locations(args.client_ca)
            ctx.verify_mode = ssl.CERT_OPTIONAL
        ctx.set_alpn_protocols(["http/1.1"])
        httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True, do_handshake_on_connect=False)

        orig_get_request = httpd.get_request

        def get_request():
            sock, addr = orig_get_request()
            return sock, addr

        httpd.get_request = get_request
    emu.port = httpd.server_address[1]
    print(f"LISTENING {emu.port}", flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    main()
