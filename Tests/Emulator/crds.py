"""CustomResourceDefinition objects for the emulator's custom kinds, and a small structural-schema
validator (standard library only).

Every CRD kind gets an open schema except the Receiver (notification.toolkit.fluxcd.io), whose schema
carries the facts of notification-controller's CRD (v1.9, config/crd/bases/
notification.toolkit.fluxcd.io_receivers.yaml): fields, types, enums, patterns, defaults, required
fields and validation rules. Descriptions are left out. Two variants: as notification-controller
ships it (no fluxcd.controlplane.io kind in `spec.resources[].kind`), and as a Flux Operator
FluxInstance patches it (flux-operator internal/builder/templates.go appends FluxInstance,
ResourceSet and ResourceSetInputProvider to the served version's enum, in that order).
"""
import copy
import json
import re

RECEIVER_CRD_NAME = "receivers.notification.toolkit.fluxcd.io"
# The enum of spec.resources[].kind as notification-controller v1.9 ships it.
RECEIVER_KINDS = ["Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository",
                  "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository", "ArtifactGenerator",
                  "ExternalArtifact"]
# What a FluxInstance appends to it.
FLUX_OPERATOR_RECEIVER_KINDS = ["FluxInstance", "ResourceSet", "ResourceSetInputProvider"]
RECEIVER_TYPES = ["generic", "generic-hmac", "generic-oidc", "github", "gitlab", "bitbucket", "harbor", "dockerhub",
                  "quay", "gcr", "nexus", "acr", "cdevents"]
CREATED = "2026-11-25T09:00:00Z"

DURATION = r"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"


def _s(**kw):
    return {"type": "string", **kw}


def _obj(props, required=None, **kw):
    o = {"type": "object", "properties": props}
    if required:
        o["required"] = required
    o.update(kw)
    return o


def _arr(items, **kw):
    return {"type": "array", "items": items, **kw}


def condition_schema():
    """metav1.Condition as controller-gen writes it."""
    return _obj({
        "lastTransitionTime": _s(format="date-time"),
        "message": _s(maxLength=32768),
        "observedGeneration": {"type": "integer", "format": "int64", "minimum": 0},
        "reason": _s(maxLength=1024, minLength=1, pattern=r"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$"),
        "status": _s(enum=["True", "False", "Unknown"]),
        "type": _s(maxLength=316, pattern=r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                                         r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$"),
    }, ["lastTransitionTime", "message", "reason", "status", "type"])


def receiver_schema(patched):
    kinds = RECEIVER_KINDS + (FLUX_OPERATOR_RECEIVER_KINDS if patched else [])
    cel = {"type": "object", "properties": {"expression": _s(), "message": _s()},
           "required": ["expression", "message"]}
    oidc = _obj({
        "audience": _s(),
        "issuerURL": _s(pattern="^https?://"),
        "validations": _arr(cel, minItems=1),
        "variables": _arr(_obj({"expression": _s(), "name": _s()}, ["expression", "name"])),
    }, ["issuerURL", "validations"])
    resource = _obj({
        "apiVersion": _s(),
        "filter": _s(),
        "kind": _s(enum=kinds),
        "matchLabels": {"type": "object", "additionalProperties": _s()},
        "name": _s(maxLength=253, minLength=1),
        "namespace": _s(maxLength=253, minLength=1),
    }, ["kind", "name"])
    spec = _obj({
        "events": _arr(_s()),
        "interval": _s(default="10m", pattern=DURATION),
        "oidcProviders": _arr(oidc, **{"x-kubernetes-list-map-keys": ["issuerURL"], "x-kubernetes-list-type": "map"}),
        "resourceFilter": _s(),
        "resources": _arr(resource),
        "secretRef": _obj({"name": _s()}, ["name"]),
        "suspend": {"type": "boolean"},
        "type": _s(enum=RECEIVER_TYPES),
    }, ["resources", "type"])
    spec["x-kubernetes-validations"] = [
        {"message": "generic-oidc receivers must define at least one oidcProvider",
         "rule": "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)"},
        {"message": "oidcProviders can only be set when type is generic-oidc",
         "rule": "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0"},
        {"message": "secretRef cannot be set when type is generic-oidc",
         "rule": "self.type != 'generic-oidc' || !has(self.secretRef)"},
        {"message": "secretRef is required when type is not generic-oidc",
         "rule": "self.type == 'generic-oidc' || has(self.secretRef)"},
    ]
    status = _obj({
        "conditions": _arr(condition_schema()),
        "lastHandledReconcileAt": _s(),
        "observedGeneration": {"type": "integer", "format": "int64"},
        "webhookPath": _s(),
    }, default={"observedGeneration": -1})
    return _obj({"apiVersion": _s(), "kind": _s(), "metadata": {"type": "object"}, "spec": spec, "status": status})


def flux_columns():
    return [{"jsonPath": ".metadata.creationTimestamp", "name": "Age", "type": "date"},
            {"jsonPath": '.status.conditions[?(@.type=="Ready")].status', "name": "Ready", "type": "string"},
            {"jsonPath": '.status.conditions[?(@.type=="Ready")].message', "name": "Status", "type": "string"}]


def crd_object(rt, receiver_variant=None):
    """The CustomResourceDefinition of an emulated custom kind (`rt` is a kube_emulator.RType)."""
    name = f"{rt.plural}.{rt.group}"
    names = {"kind": rt.kind, "listKind": f"{rt.kind}List", "plural": rt.plural, "singular": rt.singular}
    if rt.short:
        names["shortNames"] = list(rt.short)
    if rt.categories:
        names["categories"] = list(rt.categories)
    versions = []
    for v in sorted(rt.versions, key=lambda x: (x != rt.storage_version, x)):
        schema = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        if name == RECEIVER_CRD_NAME:
            schema = receiver_schema(receiver_variant == "patched")
        ver = {"name": v, "served": True, "storage": v == rt.storage_version,
               "schema": {"openAPIV3Schema": schema}}
        if rt.group.endswith("fluxcd.io") or rt.group.endswith("controlplane.io"):
            ver["additionalPrinterColumns"] = flux_columns()
        if rt.status:
            ver["subresources"] = {"status": {}}
        versions.append(ver)
    md = {"name": name, "creationTimestamp": CREATED, "generation": 1}
    if name == RECEIVER_CRD_NAME:
        md["labels"] = {"app.kubernetes.io/component": "notification-controller",
                        "app.kubernetes.io/instance": "flux-system", "app.kubernetes.io/part-of": "flux"}
    accepted = copy.deepcopy(names)
    return {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": md,
        "spec": {"group": rt.group, "names": names, "scope": "Namespaced" if rt.namespaced else "Cluster",
                 "versions": versions, "conversion": {"strategy": "None"}},
        "status": {
            "acceptedNames": accepted,
            "conditions": [
                {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                 "message": "no conflicts found", "lastTransitionTime": CREATED},
                {"type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                 "message": "the initial names have been accepted", "lastTransitionTime": CREATED}],
            "storedVersions": [rt.storage_version],
        },
    }


def served_schema(crd, version):
    """The openAPIV3Schema of a served version, or None when it is open (no validation)."""
    for v in ((crd or {}).get("spec") or {}).get("versions") or []:
        if isinstance(v, dict) and v.get("name") == version and v.get("served", True):
            s = ((v.get("schema") or {}).get("openAPIV3Schema")) or {}
            if not s or s.get("x-kubernetes-preserve-unknown-fields"):
                return None
            return s
    return None


# ---- validation (the subset of the API server's structural-schema checks the kinds here need) ----

def _json_type(v):
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


def _type_ok(t, v):
    j = _json_type(v)
    return j == t or (t == "number" and j == "integer")


def validate(schema, value, path, causes):
    """Appends (reason, field, message) for each violation, as the API server words them."""
    if value is None or not isinstance(schema, dict):
        return
    t = schema.get("type")
    if t and not _type_ok(t, value):
        j = _json_type(value)
        causes.append(("FieldValueTypeInvalid", path, f'Invalid value: "{j}": {path} in body must be of type {t}: "{j}"'))
        return
    if "enum" in schema and value not in schema["enum"]:
        sup = ", ".join(json.dumps(e) for e in schema["enum"])
        causes.append(("FieldValueNotSupported", path, f"Unsupported value: {json.dumps(value)}: supported values: {sup}"))
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            causes.append(("FieldValueTooLong", path, f"Too long: may not be more than {schema['maxLength']} bytes"))
        if "minLength" in schema and len(value) < schema["minLength"]:
            causes.append(("FieldValueInvalid", path, f'Invalid value: "{value}": {path} in body should be at least '
                                                      f'{schema["minLength"]} chars long'))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            causes.append(("FieldValueInvalid", path, f'Invalid value: "{value}": {path} in body should match '
                                                      f"'{schema['pattern']}'"))
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            causes.append(("FieldValueInvalid", path, f"Invalid value: {len(value)}: {path} in body should have at "
                                                      f"least {schema['minItems']} items"))
        for i, item in enumerate(value):
            validate(schema.get("items"), item, f"{path}[{i}]", causes)
    if isinstance(value, dict):
        for r in schema.get("required") or []:
            if r not in value:
                causes.append(("FieldValueRequired", f"{path}.{r}" if path else r, "Required value"))
        props = schema.get("properties") or {}
        for k, sub in props.items():
            if k in value:
                validate(sub, value[k], f"{path}.{k}" if path else k, causes)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for k, v in value.items():
                if k not in props:
                    validate(extra, v, f"{path}[{k}]", causes)
        if "x-kubernetes-validations" in schema:
            _known_rules(schema, value, path, causes)


def _known_rules(schema, spec, path, causes):
    """The Receiver's CEL rules, evaluated by hand (the emulator has no CEL; other rules are ignored)."""
    rules = {r.get("rule") for r in schema.get("x-kubernetes-validations") or []}
    oidc = spec.get("type") == "generic-oidc"
    checks = [
        ("self.type == 'generic-oidc' || has(self.secretRef)", not oidc and "secretRef" not in spec,
         "secretRef is required when type is not generic-oidc"),
        ("self.type != 'generic-oidc' || !has(self.secretRef)", oidc and "secretRef" in spec,
         "secretRef cannot be set when type is generic-oidc"),
        ("self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)",
         oidc and not spec.get("oidcProviders"), "generic-oidc receivers must define at least one oidcProvider"),
        ("self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0",
         not oidc and bool(spec.get("oidcProviders")), "oidcProviders can only be set when type is generic-oidc"),
    ]
    for rule, failed, message in checks:
        if rule in rules and failed:
            causes.append(("FieldValueInvalid", path, f'Invalid value: "object": {message}'))


def apply_defaults(schema, value):
    """Fills absent properties that have a `default`, recursively (in place)."""
    if not isinstance(schema, dict):
        return
    if isinstance(value, dict):
        for k, sub in (schema.get("properties") or {}).items():
            if k not in value and isinstance(sub, dict) and "default" in sub:
                value[k] = copy.deepcopy(sub["default"])
            if k in value:
                apply_defaults(sub, value[k])
    elif isinstance(value, list):
        for item in value:
            apply_defaults(schema.get("items"), item)
