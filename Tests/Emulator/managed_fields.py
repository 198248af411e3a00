"""metadata.managedFields as the API server keeps them (standard library only).

A simplified structured-merge-diff: maps are containers (their keys are child fields), lists and
scalars are atomic leaves (as for a custom resource whose lists carry no list-type markers). An
Update (create, update, patch) gives its manager the fields it added or changed and takes them
from every other manager; an Apply gives its manager exactly the fields of the applied
configuration. A path is a tuple of raw FieldsV1 keys (`f:spec`, `f:labels`, `k:{...}`, `v:...`),
so entries written by a real server (keyed lists included) survive a round trip.
"""
import copy

# The API server never records these (apiserver's stripMetaManager).
STRIPPED = {("f:apiVersion",), ("f:kind",), ("f:metadata",)} | {
    ("f:metadata", "f:" + k) for k in ("name", "namespace", "creationTimestamp", "selfLink", "uid",
                                       "generation", "managedFields", "resourceVersion")}


def paths_of(value, prefix=()):
    """{path: value} for every field of a JSON object, containers included."""
    out = {}
    if isinstance(value, dict):
        for k, v in value.items():
            p = prefix + ("f:" + k,)
            out[p] = v
            if isinstance(v, dict):
                out.update(paths_of(v, p))
    return out


def owned_paths(obj):
    """The fields an object sets, as an Apply (or a create) owns them."""
    return {p for p in paths_of(obj) if p not in STRIPPED}


def compare(old, new):
    """(added, modified, removed) field paths from `old` to `new`."""
    a, b = paths_of(old or {}), paths_of(new or {})
    added = {p for p in b if p not in a}
    removed = {p for p in a if p not in b}
    modified = {p for p in b if p in a and not (isinstance(a[p], dict) and isinstance(b[p], dict)) and a[p] != b[p]}
    return added - STRIPPED, modified - STRIPPED, removed - STRIPPED


def to_fields_v1(paths):
    """A set of paths as FieldsV1 JSON: a member with children gets a "." entry."""
    tree = {}
    for p in paths:
        node = tree
        for k in p:
            node = node.setdefault(k, {})
    members = set(paths)

    def emit(node, prefix):
        out = {}
        for k in sorted(node):
            p = prefix + (k,)
            body = emit(node[k], p)
            if p in members and body:
                body = {".": {}, **body}
            out[k] = body
        return out

    return emit(tree, ())


def from_fields_v1(fields, prefix=()):
    """The set of paths a FieldsV1 JSON holds."""
    out = set()
    if not isinstance(fields, dict):
        return out
    for k, v in fields.items():
        if k == ".":
            out.add(prefix)
            continue
        p = prefix + (k,)
        if isinstance(v, dict) and v:
            out |= from_fields_v1(v, p)
        else:
            out.add(p)
    return out


def subset(paths, top):
    """Only the paths under one top-level field (e.g. `f:status`), the field itself excluded."""
    return {p for p in paths if len(p) > 1 and p[0] == top}


def _identity(e):
    # An Update entry is one per (manager, apiVersion, subresource); an Apply one per manager.
    return (e.get("manager", ""), e.get("operation", ""), e.get("subresource", ""),
            "" if e.get("operation") == "Apply" else e.get("apiVersion", ""))


def sort_key(e):
    # apiserver's sortEncodedManagedFields: operation, time, manager, apiVersion, subresource.
    return (e.get("operation", ""), e.get("time") or "", e.get("manager", ""), e.get("apiVersion", ""),
            e.get("subresource", ""))


def entry(manager, operation, api_version, time, paths, subresource=None):
    """One managedFields entry, its keys in the order the API server writes them."""
    e = {"manager": manager, "operation": operation, "apiVersion": api_version, "time": time,
         "fieldsType": "FieldsV1", "fieldsV1": to_fields_v1(paths)}
    if subresource:
        e["subresource"] = subresource
    return e


def record(entries, old, new, manager, operation, api_version, time, subresource=None, applied=None):
    """The managedFields after `manager` wrote `new` over `old` (`old` None: a create).

    `entries` are the managedFields before the write. For an Apply, `applied` is the applied
    configuration. Entries left with no fields are dropped."""
    if operation == "Apply":
        taken = owned_paths(applied or {})
        mine, removed = set(taken), set()
    else:
        added, modified, removed = compare(old, new)
        taken = added | modified
        mine = None
    me = (manager, operation, subresource or "", "" if operation == "Apply" else api_version)
    out = []
    for e in entries or []:
        if not isinstance(e, dict):
            continue
        paths = from_fields_v1(e.get("fieldsV1"))
        if _identity(e) == me:
            if mine is None:
                mine = (paths | taken) - removed
            continue
        rest = paths - taken
        if rest != paths:
            e = copy.deepcopy(e)
            e["fieldsV1"] = to_fields_v1(rest)
        if rest:
            out.append(e)
    if mine is None:
        mine = taken - removed
    if mine:
        out.append(entry(manager, operation, api_version, time, mine, subresource))
    return sorted(out, key=sort_key)


def manager_from_user_agent(user_agent):
    """The API server's default field manager: the user agent up to its first '/'."""
    return (user_agent or "").split("/", 1)[0][:128] or "unknown"
