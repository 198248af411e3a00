#!/usr/bin/env python3
"""Writes the benchmark reports from the run records bench/*.sh leave in bench/results.

    bench/report.py [--results DIR] [--check | --print] [REPORT...]

REPORT is one of
  get      bench/results.md          from get.run.json            (bench/get.sh)
  diff     bench/results-diff.md     from diff-legacy.run.json    (bench/diff-legacy.sh)
                                     and diff-matrix.run.json     (bench/diff-matrix.sh)
  memory   bench/results-memory.md   from memory.run.json         (bench/memory.sh)
  render   bench/results-render.md   from render.run.json         (bench/render.sh)
  doctor   bench/results-doctor.md   from doctor.run.json         (bench/doctor.sh)
  startup  bench/results-startup.md  from startup.run.json        (bench/startup.sh)
  fleet    bench/results-fleet.md    from fleet.run.json          (bench/fleet.sh)
  figures  the tables README.md and bench/README.md quote, printed (never written)
Without a REPORT: every results file. --print also prints what it wrote; --check writes nothing
and exits 1 when a results file differs from what its records give (with a unified diff).

A run record is JSON: `meta` (date, machine, versions, the binary), `params` (the knobs the run
used), `hyperfine` (per export: each command's mean, stddev, median, min, max in seconds and its
run count), and the benchmark's own facts (peak RSS in KiB, connections, CPU seconds...). Records
marked `reconstructed` were made from a results file written before the records existed.
"""
import argparse
import difflib
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# Formatting shared by the reports.
def s2(x):
    return f"{x:.2f}"


def mib(kib):
    return f"{int(kib) / 1024:.1f} MiB"


def plugin_version(meta):
    """`kubectl-rsip --version`'s first line without its label (`kubectl-rsip: v0.1.0` -> v0.1.0)."""
    v = meta["plugin"]["version"]
    for label in ("kubectl-rsip:", "kubectl-rsip"):
        if v.startswith(label):
            return v[len(label):].strip()
    return v


def plugin_build(meta):
    p = meta["plugin"]
    if p.get("prebuilt"):
        return f"prebuilt {p['prebuilt']}, BENCH_BIN; the tree was at {p['commit']}"
    return f"commit {p['commit']}, release build"


def plugin(meta):
    return f"kubectl-rsip {plugin_version(meta)} ({plugin_build(meta)})"


def machine(meta):
    return f"{meta['cores']} cores, {meta['cpu']}, {meta['os']} {meta['kernel']}"


def default_concurrency(meta):
    return meta["plugin"].get("default_concurrency")


def first(rec, name):
    return rec["hyperfine"][name][0]


# bench/results.md
def get_report(rec):
    m, p, v = rec["meta"], rec["params"], rec["meta"]["versions"]
    curl = v["curl"].split()
    out = ["# kubectl-rsip get benchmark", "",
           f"- date: {m['date']}",
           f"- machine: {machine(m)}",
           f"- versions: {plugin(m)}; kubectl {v['kubectl']}; {v['swift']}; {v['hyperfine']}; {v['python']}; "
           f"{' '.join(curl[:2] + curl[3:4])}",
           f"- data: {p['rsips']} RSIPs in {p['namespaces']} namespaces (3-10 exportedInputs each), "
           "API emulator over TLS on 127.0.0.1",
           f"- hyperfine --warmup {p['warmup']} --runs {p['runs']}; kubectl with a warm discovery cache (--cache-dir)",
           "",
           "| command | median ms | min ms | max ms | mean ± σ ms |",
           "|---|---:|---:|---:|---:|"]

    def ms(x):  # hyperfine has no stddev for a single run
        return "n/a" if x is None else f"{x * 1000:.1f}"

    for name in ("get-table", "get-json", "cold-start", "reference"):
        if name == "reference":
            out.append("| *reference (direct binaries, no dispatch)* | | | | |")
        for r in rec["hyperfine"][name]:
            # The binaries by name only, and the run's discovery cache as $CACHE.
            words = r["command"].replace(p["cache"], "$CACHE").split(" ")
            if words[0].startswith("/"):
                words[0] = os.path.basename(words[0])
            out.append(f"| `{' '.join(words)}` | {ms(r['median'])} | {ms(r['min'])} | {ms(r['max'])} | "
                       f"{ms(r['mean'])} ± {ms(r['stddev'])} |")
    jp = p.get("jsonpath")
    if jp and "get-jsonpath" in rec["hyperfine"]:
        ours, theirs = rec["hyperfine"]["get-jsonpath"]
        out += ["", f"## `-o jsonpath` over {jp['rsips']:,} RSIPs", "",
                f"T = `{jp['template']}`; both print the same {jp['identical_lines']:,} lines (checked before timing); "
                f"hyperfine --warmup {jp['warmup']} --runs {jp['runs']}; target: within 0.75x of kubectl's wall time.", "",
                "| command | median ms | min ms | max ms | mean ± σ ms |",
                "|---|---:|---:|---:|---:|"]
        for r in (ours, theirs):
            out.append(f"| `{r['command']}` | {ms(r['median'])} | {ms(r['min'])} | {ms(r['max'])} | "
                       f"{ms(r['mean'])} ± {ms(r['stddev'])} |")
        out += ["", f"kubectl rsip / kubectl: {ours['median'] / theirs['median']:.2f}x (medians)"]
    return out


# bench/results-diff.md, first section
class Legacy:
    """The figures of bench/diff-legacy.sh's run, including the loops scaled to every tag."""

    def __init__(self, rec):
        self.rec, self.p = rec, rec["params"]
        self.tags, self.sk_tags = self.p["tags"], self.p["skopeo_tags"]
        self.a = self.res("default")
        self.sl, self.slf, self.sloop = self.res("skopeo-list"), self.res("skopeo-list-front"), self.res("skopeo-loop")
        self.cl, self.cloop = self.res("curl-list"), self.res("curl-loop")
        scale = self.tags / self.sk_tags
        lat = self.p["latency_ms"] / 1000
        reqs = rec["skopeo"]["requests_per_inspect"]

        def ext(loop, lst, key):  # the list once + (loop - list) scaled from sk_tags to every tag
            return lst["median"] + (loop[key] - lst["median"]) * scale
        keys = ("median", "min", "max")
        self.sk = {k: ext(self.sloop, self.sl, k) for k in keys}
        # At the front's latency: list-tags through the front, plus `reqs` requests x latency per inspect.
        self.sk_lat = {k: self.slf["median"] + (self.sloop[k] - self.sl["median"]) * scale + self.tags * reqs * lat
                       for k in keys}
        self.cu = {k: ext(self.cloop, self.cl, k) for k in keys}
        self.scale = scale

    def res(self, name):
        return first(self.rec, "diff-" + name)

    def default_label(self):
        d = default_concurrency(self.rec["meta"])
        return f"default --concurrency {d}" if d else "default flags"


def legacy_report(rec):
    L, p, m, v = Legacy(rec), rec["params"], rec["meta"], rec["meta"]["versions"]
    tags, sk_tags, lat, rss = L.tags, L.sk_tags, p["latency_ms"], rec["rss_kib"]
    maxin = rec["front_max_in_flight"]
    rows = [("default", f"(a) `kubectl rsip diff bench -n flux-system` ({L.default_label()})"),
            ("sequential", "(b) `kubectl rsip diff bench -n flux-system --concurrency 1` (controller's pattern)")]
    rows += [(f"c{c}", f"`kubectl rsip diff bench -n flux-system --concurrency {c}`") for c in p["extra_concurrency"]]
    rows += [("nolatency", "*reference: (a) with the front's latency set to 0*"),
             ("curl-parallel", f"*reference: `curl --parallel --parallel-max 16`, {tags} HEADs in one process "
                               "(sliding window, keep-alive), through the front*")]
    row_rss = {"default": mib(rss["default"]), "sequential": mib(rss["sequential"])}
    sk, sk_lat, cu, a = L.sk, L.sk_lat, L.cu, L.a
    reqs = rec["skopeo"]["requests_per_inspect"]
    out = ["# kubectl-rsip diff benchmark", "",
           f"- date: {m['date']}",
           f"- machine: {machine(m)}",
           f"- versions: {plugin(m)}; kubectl {v['kubectl']}; docker-registry {v['docker_registry']}; {v['skopeo']}; "
           f"{v['hyperfine']}; {v['python']}; {v['swift']}",
           f"- data: one OCIArtifactTag RSIP (filter.limit 1000, certSecretRef with the front's CA), {tags} tags of a "
           "small Flux artifact in apps/bench; status.exportedInputs = all of them with their real digests (diff exits 0)",
           "- registry: Debian docker-registry (plain HTTP, 127.0.0.1) behind Tests/Fixtures/registry/front.py: TLS "
           f"(throw-away CA, HTTP/1.1 only), +{lat} ms before every request is forwarded",
           f"- hyperfine --warmup {p['warmup']} --runs {p['runs']} (plugin rows); cold processes, wall time; "
           "API emulator over TLS on 127.0.0.1",
           "",
           "| command | median s | min s | max s | peak RSS | front max in-flight |",
           "|---|---:|---:|---:|---:|---:|"]
    for name, label in rows:
        r = L.res(name)
        out.append(f"| {label} | {s2(r['median'])} | {s2(r['min'])} | {s2(r['max'])} | {row_rss.get(name, '')} | "
                   f"{maxin.get(name, '')} |")
    out += [f"| (c) `skopeo list-tags` + {tags} x `skopeo inspect --raw`, direct to docker-registry (no TLS, no latency): "
            f"**extrapolated** from {sk_tags} tags | {s2(sk['median'])} | {s2(sk['min'])} | {s2(sk['max'])} | "
            f"{mib(rss['skopeo'])} per inspect | |",
            f"| (c) the same at +{lat} ms per request: **estimate** = list-tags through the front + the direct per-tag cost "
            f"+ {reqs} requests x {lat} ms per inspect | {s2(sk_lat['median'])} | {s2(sk_lat['min'])} | "
            f"{s2(sk_lat['max'])} | | |",
            f"| (c') `curl` tags/list + {tags} x `curl -sI` HEAD through the front (TLS, +{lat} ms): "
            f"**extrapolated** from {sk_tags} tags | {s2(cu['median'])} | {s2(cu['min'])} | {s2(cu['max'])} | | 1 |",
            f"| *measured: skopeo list-tags + {sk_tags} x inspect --raw, direct ({L.sloop['runs']} runs)* | "
            f"{s2(L.sloop['median'])} | {s2(L.sloop['min'])} | {s2(L.sloop['max'])} | | |",
            f"| *measured: curl tags/list + {sk_tags} x curl -sI, front ({L.cloop['runs']} runs)* | "
            f"{s2(L.cloop['median'])} | {s2(L.cloop['min'])} | {s2(L.cloop['max'])} | | {maxin.get('curl-loop', '')} |",
            f"| *measured: `skopeo list-tags` direct / through the front* | {s2(L.sl['median'])} / {s2(L.slf['median'])} "
            f"| | | {mib(rss['skopeo_list'])} (front) | |",
            "",
            f"Peak RSS is /usr/bin/time -v's maximum resident set size, the largest of {p['rss_runs']} runs of the plugin "
            f"binary (`kubectl rsip diff` measured through kubectl: {mib(rss['kubectl'])}, the larger of kubectl's Go "
            f"dispatcher and the plugin it execs in the same process; with `-o json`: {mib(rss['json'])}).",
            "",
            "## Targets",
            ""]

    def ok(b):
        return "**met**" if b else "**not met**"

    def times(x):
        return f"{x / a['median']:.1f}x ({s2(x)} s / {s2(a['median'])} s) | {ok(x / a['median'] >= 10)}"
    cpu = rec["cpu"]
    u, sy = cpu["plugin"]["user"], cpu["plugin"]["sys"]
    out += ["| target | measured | |",
            "|---|---|---|",
            f"| full scan of {tags} tags < 2 s wall at {lat} ms RTT | {s2(a['median'])} s median (max {s2(a['max'])} s) "
            f"| {ok(a['median'] < 2)} |",
            f"| >= 10x faster than the skopeo loop (at {lat} ms, estimate) | {times(sk_lat['median'])} |",
            f"| ... and against its no-latency lower bound (direct, measured, extrapolated) | {times(sk['median'])} |",
            f"| ... and against the curl HEAD loop through the front | {times(cu['median'])} |",
            f"| peak memory < 50 MiB | {mib(rss['default'])} | {ok(int(rss['default']) < 50 * 1024)} |",
            "",
            "## CPU of one default run",
            "",
            f"- plugin: {u + sy:.2f} s user+sys ({u:.2f} user, {sy:.2f} sys), wall {cpu['plugin']['wall']}",
            f"- front.py (one Python process, TLS termination + forwarding): {cpu['front_seconds']:.2f} s",
            "",
            "## skopeo and these artifacts",
            "",
            f"- `skopeo inspect` (without --raw) on a Flux artifact: `{rec['skopeo']['inspect_error']}`.",
            f"- `skopeo inspect --raw` through front.py: `{rec['skopeo']['inspect_raw_front_error']}`. skopeo sends its "
            "six Accept types as six header lines; front.py forwards only the last (the OCI index type). Directly "
            "against docker-registry it works, so (c) runs there (plain HTTP, no TLS, no latency) and the latency is "
            "added by arithmetic.",
            f"- One `skopeo inspect --raw` makes {reqs} requests (counted by the front). Each is a new process, so "
            "each also pays its own TCP (and, through a TLS registry, TLS) setup."]
    return out


# bench/results-diff.md, the matrix section
MATRIX_TITLE = "## Network-limit matrix: docker-registry TLS + HTTP/2, TCP latency proxy"


def matrix_heads(rec):
    conc, d = rec["params"]["matrix_concurrency"], default_concurrency(rec["meta"])
    return {"default": "plugin default s" + (f" (--concurrency {d})" if d else ""),
            "concurrency": f"plugin --concurrency {conc} s",
            "floor": "curl floor s", "direct": "curl floor without the proxy s"}


def matrix_medians(rec, cell):
    return {row: r for row, r in zip(rec["params"]["rows"], rec["hyperfine"][cell["hyperfine"]])}


def matrix_report(rec):
    m, p, v = rec["meta"], rec["params"], rec["meta"]["versions"]
    rows, conc = p["rows"], p["matrix_concurrency"]
    curl = v["curl"].split()
    libs = [w for w in curl if w.startswith(("OpenSSL/", "GnuTLS/", "nghttp2/"))]
    out = [MATRIX_TITLE, "",
           f"- date: {m['date']}",
           f"- machine: {machine(m)}",
           f"- versions: {plugin(m)}; curl {curl[1]} ({' '.join(libs)}); docker-registry {v['docker_registry']} "
           f"({v.get('docker_registry_go') or 'go unknown'}); {v['hyperfine']}; {v['python']}",
           "- registry: Debian docker-registry serving TLS itself (http.tls, throw-away CA from openssl); ALPN h2; "
           f"its first HTTP/2 SETTINGS: {rec['h2_settings']}",
           "- network: bench/latency_proxy.py (TCP level, TLS end to end) delays every chunk RTT/2 each way"
           + ("; a new connection's first client bytes also wait 1 RTT (the TCP handshake)" if p["handshake"] else
              "; the TCP handshake is not charged (HANDSHAKE=0)"),
           "- data: apps/bench, N tags of one small Flux artifact (shared layer and config, one manifest each), "
           + ("written straight into the registry's filesystem storage" if p["push"] == "files"
              else "pushed with registry_client.py")
           + "; RSIP bench (OCIArtifactTag, oci://127.0.0.1:PROXY/apps/bench, certSecretRef with the CA, filter.limit N) "
             "whose status.exportedInputs holds every tag with its digest, so diff exits 0 (checked in each cell)",
           "- floor: bash + curl: GET tags/list?n=1000 and each Link rel=\"next\" page (what the plugin asks), then one "
           f"`curl --http2 --parallel --parallel-max {p['floor_parallel']} --head` with every tag (no --parallel-immediate: "
           "curl waits for its first connection and multiplexes the rest over it), --cacert: one connection per tag page "
           "(a curl process each) and one for every HEAD",
           f"- hyperfine --warmup {p['warmup']} --runs {p['runs']}, all rows of a cell in one hyperfine run; cold "
           "processes, wall time; API emulator over TLS on 127.0.0.1 (no added latency); peak RSS: /usr/bin/time -f %M "
           f"of the plugin binary, median of {p['rss_runs']} runs",
           ""]
    heads = matrix_heads(rec)
    ratio = [r for r in ("default", "concurrency") if r in rows and "floor" in rows]
    out.append("| tags | RTT ms | " + " | ".join(heads[r] for r in rows)
               + "".join(f" | {'default' if r == 'default' else f'--concurrency {conc}'} / floor" for r in ratio)
               + " | peak RSS (default) | TCP connections plugin / floor |")
    out.append("|---:|---:|" + "---:|" * (len(rows) + len(ratio)) + "---:|---:|")
    for c in rec["cells"]:
        res = matrix_medians(rec, c)
        cells = [f"{s2(res[r]['median'])} ({s2(res[r]['min'])}–{s2(res[r]['max'])})" for r in rows]
        cells += [f"{res[r]['median'] / res['floor']['median']:.2f}" for r in ratio]
        cells.append(mib(c["rss_kib"]) if c.get("rss_kib") is not None else "")
        cells.append(f"{c['connections']['plugin']} / {c['connections']['floor']}")
        out.append(f"| {c['tags']:,} | {c['rtt_ms']} | " + " | ".join(cells) + " |")
    out += ["",
            "Times are median (min–max). \"without the proxy\" is the same floor straight to docker-registry: what the "
            "registry and the client cost on this machine with no latency at all. TCP connections are counted by the "
            "proxy over one plugin run and one floor run (the checks before timing), as is the CPU time the registry "
            "and the proxy spent on them; the probe is one fresh `curl --http2` GET /v2/ through the proxy (TCP "
            "connected / TLS done / first byte, ms; the kernel accepts the local TCP connection at once, so the "
            "handshake's round trip shows in the TLS time).",
            "",
            "| tags | RTT ms | probe connect / TLS / first byte ms | registry CPU s: plugin / floor | "
            "proxy CPU s: plugin / floor | tags written s |",
            "|---:|---:|---:|---:|---:|---:|"]
    for c in rec["cells"]:
        pr, rc, xc = c["probe_ms"], c["registry_cpu_seconds"], c["proxy_cpu_seconds"]
        out.append(f"| {c['tags']:,} | {c['rtt_ms']} | {pr['connect']} / {pr['tls']} / {pr['first_byte']} | "
                   f"{s2(rc['plugin'])} / {s2(rc['floor'])} | {s2(xc['plugin'])} / {s2(xc['floor'])} | "
                   f"{c['push_seconds']:.1f} |")
    return out


def diff_report(legacy, matrix):
    out = legacy_report(legacy) if legacy else ["# kubectl-rsip diff benchmark"]
    if matrix:
        out += [""] + matrix_report(matrix)
    return out


# bench/results-memory.md
def memory_summary(row):
    """Medians and range in MiB; a reconstructed row carries them instead of the runs."""
    if "summary" in row:
        return row["summary"]
    rss = row["rss_kib"]
    return {"rss_median_kib": statistics.median(rss), "rss_min_kib": min(rss), "rss_max_kib": max(rss),
            "tags_file_rss_median_kib": statistics.median(row["tags_file_rss_kib"]),
            "seconds_median": statistics.median(row["seconds"])}


def memory_report(rec):
    m, p = rec["meta"], rec["params"]
    d = default_concurrency(m)
    build = "release build" if not m["plugin"].get("prebuilt") else f"prebuilt {m['plugin']['prebuilt']}"
    out = ["# diff memory by tag count", "",
           f"{m['date'][:16]}Z, {m['cores']} cores, {m['kernel']}, {build}, docker-registry on 127.0.0.1 (plain HTTP,",
           "no added latency), `kubectl-rsip diff mem-N -n flux-system` "
           f"({f'default --concurrency {d}' if d else 'default flags'}; exit 0:",
           f"the status holds exactly the N inputs), peak RSS from /usr/bin/time, {p['runs']} cold runs each.",
           "",
           "The `--tags-file` column runs the same diff with the tags and digests from a file: no",
           "registry request at all, so it holds only what the data costs (the status's N inputs, the",
           "selection, the predicted inputs). The difference is what scanning the registry costs.",
           "",
           "| tags | median peak RSS MiB | min–max MiB | same, --tags-file | registry scan's share | median s |",
           "|---:|---:|---:|---:|---:|---:|"]
    for row in rec["rows"]:
        sm = memory_summary(row)
        scan, off = sm["rss_median_kib"] / 1024, sm["tags_file_rss_median_kib"] / 1024
        out.append(f"| {row['tags']:,} | {scan:.1f} | {sm['rss_min_kib'] / 1024:.1f}–{sm['rss_max_kib'] / 1024:.1f} | "
                   f"{off:.1f} | {scan - off:.1f} | {sm['seconds_median']:.2f} |")
    return out


# bench/results-render.md
def render_rows(rec):
    n = rec["params"]["inputs"]
    for row in rec["rows"]:
        r = row["resources"]
        res = {x["command"]: x for x in rec["hyperfine"][row["hyperfine"]]}
        yield n, r, res[f"yaml-{r}"], res[f"json-{r}"], row["rss_kib"]


def render_report(rec):
    m, p = rec["meta"], rec["params"]
    out = ["# render benchmark", "",
           f"{m['date'][:10]}, {m['cores']} cores, {m['cpu']}, {m['kernel']}.",
           "`kubectl-rsip render -f FILE` (release build, no cluster, no registry), output to /dev/null;",
           f"hyperfine --warmup {p['warmup']} --runs {p['runs']}; peak RSS from /usr/bin/time (one run, YAML output).",
           "Inputs are one OCIArtifactTag provider's exportedInputs; the file is made by bench/make_render.py.",
           "No Go reference figure: the machine has no Go toolchain and no network to fetch the controller's modules.",
           "",
           "| inputs × resources | objects | median s (YAML) | min–max s | median s (-o json) | peak RSS MiB |",
           "|---|---|---|---|---|---|"]
    for n, r, y, j, rss in render_rows(rec):
        out.append(f"| {n:,} × {r} | {n * r:,} | {y['median']:.3f} | {y['min']:.3f}–{y['max']:.3f} | "
                   f"{j['median']:.3f} | {rss / 1024:.1f} |")
    return out


# bench/results-doctor.md
def doctor_report(rec):
    m, p, v = rec["meta"], rec["params"], rec["meta"]["versions"]
    res = {r["command"]: r for r in rec["hyperfine"]["doctor"]}
    diff, doctor = res["kubectl rsip diff -A"], res["kubectl rsip doctor -A"]
    offline = res["kubectl rsip doctor -A --from-status (reference)"]
    ratio = doctor["median"] / diff["median"]
    share = "each provider its own repository" if p["repositories"] == p["rsips"] else (
        f"{p['repositories']} repositories shared round-robin")
    out = ["# kubectl-rsip doctor benchmark", "",
           f"- date: {m['date']}",
           f"- machine: {machine(m)}",
           f"- versions: {plugin(m)}; kubectl {v['kubectl']}; docker-registry {v.get('docker_registry', 'unknown')}; "
           f"{v['hyperfine']}; {v['python']}",
           f"- data: {p['rsips']} OCIArtifactTag providers in {p['namespaces']} namespaces on one docker-registry (plain HTTP, "
           f"127.0.0.1), {share}, {p['tags']} tags each; a ResourceSet per namespace takes every provider of it; "
           "API emulator over TLS on 127.0.0.1; both commands exit 0 (nothing to report)",
           f"- doctor checked: {rec['checked']['providers']} providers, {rec['checked']['resourceSets']} ResourceSets, "
           f"{rec['checked']['registries']} registry",
           f"- hyperfine --warmup {p['warmup']} --runs {p['runs']}; cold processes, wall time",
           "",
           "| command | median s | min s | max s | mean ± σ s |",
           "|---|---:|---:|---:|---:|"]
    for r in (diff, doctor, offline):
        sd = "n/a" if r["stddev"] is None else f"{r['stddev']:.2f}"
        out.append(f"| `{r['command']}` | {s2(r['median'])} | {s2(r['min'])} | {s2(r['max'])} | {s2(r['mean'])} ± {sd} |")
    out += ["", f"Target (issue 26): `doctor -A` within 1.5x of `diff -A` over the same providers: "
            f"{ratio:.2f}x, **{'met' if ratio <= 1.5 else 'not met'}**."]
    return out


# bench/results-startup.md
def startup_report(rec):
    m, p, v = rec["meta"], rec["params"], rec["meta"]["versions"]
    curl = v["curl"].split()
    libs = [w for w in curl if w.startswith(("OpenSSL/", "GnuTLS/", "nghttp2/"))]
    out = ["# kubectl-rsip start-up benchmark: `diff NAME -o json` through kubectl against the curl floor", "",
           f"- date: {m['date']}",
           f"- machine: {machine(m)}",
           f"- versions: {plugin(m)}; kubectl {v['kubectl']}; curl {curl[1]} ({' '.join(libs)}); docker-registry {v.get('docker_registry', 'unknown')}; "
           f"{v['hyperfine']}; {v['python']}",
           f"- registry: Debian docker-registry serving TLS itself (HTTP/2 through ALPN), {p['tags']:,} tags of one small Flux "
           "artifact, behind bench/latency_proxy.py (TCP level, TLS end to end"
           + (", a new connection's handshake charged 1 RTT" if p.get("handshake", True) else "") + ")",
           "- cluster: the API emulator over TLS on 127.0.0.1 (no added latency); the provider has a certSecretRef with the "
           "registry's CA, so the plugin reads the provider, then the Secret, then scans; it finds no difference",
           f"- floor: bash + curl: tags/list (each page its own curl), then one `curl --http2 --parallel --parallel-max "
           f"{p['floor_parallel']} --head` with every tag over one connection",
           f"- hyperfine --warmup {p['warmup']} --runs {p['runs']}, the three rows of a cell in one run; cold processes, wall time",
           "",
           "| RTT | `kubectl rsip diff -o json` s | the binary alone s | curl floor s | through kubectl / floor | alone / floor |",
           "|---:|---:|---:|---:|---:|---:|"]
    met = []
    for c in rec["cells"]:
        k, d, f = (r for r in rec["hyperfine"][c["hyperfine"]])
        ratio = k["median"] / f["median"]
        met.append((c["rtt_ms"], ratio))
        out.append(f"| {c['rtt_ms']} ms | {k['median']:.3f} ({k['min']:.3f}–{k['max']:.3f}) | "
                   f"{d['median']:.3f} ({d['min']:.3f}–{d['max']:.3f}) | {f['median']:.3f} ({f['min']:.3f}–{f['max']:.3f}) | "
                   f"{ratio:.2f} | {d['median'] / f['median']:.2f} |")
    out += ["", "Times are median (min–max) seconds. Target (issue 27): through kubectl within 1.15x of the floor: "
            + "; ".join(f"{rtt} ms: {r:.2f}x, **{'met' if r <= 1.15 else 'not met'}**" for rtt, r in met) + "."]
    return out


# bench/results-fleet.md
def fleet_report(rec):
    m, p, v = rec["meta"], rec["params"], rec["meta"]["versions"]
    rows = rec["hyperfine"]["fleet"]
    one, fleet = rows[0], rows[1]
    ratio = fleet["median"] / one["median"]
    share = "each provider its own repository" if p["repositories"] == p["rsips"] else (
        f"{p['repositories']} repositories shared round-robin")
    out = [f"# kubectl-rsip fleet benchmark: `{p['command']}` on {p['contexts']} clusters", "",
           f"- date: {m['date']}",
           f"- machine: {machine(m)}",
           f"- versions: {plugin(m)}; kubectl {v['kubectl']}; docker-registry {v.get('docker_registry', 'unknown')}; "
           f"{v['hyperfine']}; {v['python']}",
           f"- fleet: {p['contexts']} API emulators (TLS, 127.0.0.1) as the contexts of one kubeconfig, each holding the same "
           f"{p['rsips']} providers in {p['namespaces']} namespaces; one docker-registry (plain HTTP), {share}, {p['tags']} tags "
           "each; every context's result holds all its providers and the command exits 0 (checked before timing)",
           f"- hyperfine --warmup {p['warmup']} --runs {p['runs']}; cold processes through kubectl, wall time",
           "",
           "| command | median s | min s | max s | mean ± σ s |",
           "|---|---:|---:|---:|---:|"]
    for r in rows:
        sd = "n/a" if r["stddev"] is None else f"{r['stddev']:.2f}"
        out.append(f"| `{r['command']}` | {s2(r['median'])} | {s2(r['min'])} | {s2(r['max'])} | {s2(r['mean'])} ± {sd} |")
    out += ["", f"The fleet against one of its clusters: {ratio:.2f}x"
            + (f" (the loop: {rows[2]['median'] / one['median']:.2f}x)" if len(rows) > 2 else "")
            + f". Target (issue 27, for `get -A` over 10 clusters of 500 providers): within 1.5x, "
            f"**{'met' if ratio <= 1.5 else 'not met'}** for `{p['command']}` here."]
    return out


# The tables README.md and bench/README.md quote.
def figures(records):
    get, legacy, matrix = records.get("get"), records.get("diff-legacy"), records.get("diff-matrix")
    memory, render = records.get("memory"), records.get("render")
    out = ["README.md, Benchmarks:", "",
           "| what | kubectl-rsip | reference |", "|---|---:|---:|"]
    if get:
        h, n = get["hyperfine"], get["params"]["rsips"]
        table, js, cold = h["get-table"], h["get-json"], h["cold-start"]
        out += [f"| `kubectl rsip get -A`, {n} providers (emulator) | {table[0]['median'] * 1000:.0f} ms | "
                f"`kubectl get rsip -A`: {table[1]['median'] * 1000:.0f} ms |",
                f"| `kubectl rsip get -A -o json`, {n} providers | {js[0]['median'] * 1000:.0f} ms | "
                f"`kubectl get rsip -A -o json`: {js[1]['median'] * 1000:.0f} ms |",
                f"| cold start `kubectl-rsip --help` | {cold[0]['median'] * 1000:.1f} ms | "
                f"through kubectl's dispatcher: {cold[1]['median'] * 1000:.1f} ms |"]
        if "get-jsonpath" in h:
            ours, theirs = h["get-jsonpath"]
            out.append(f"| `kubectl rsip get -A -o jsonpath=...`, {get['params']['jsonpath']['rsips']:,} providers | "
                       f"{ours['median']:.2f} s | `kubectl get rsip -A -o jsonpath=...`: {theirs['median']:.2f} s "
                       f"({ours['median'] / theirs['median']:.2f}x) |")
    if legacy:
        L = Legacy(legacy)
        p = legacy["params"]
        out.append(f"| `kubectl rsip diff`, {L.tags} tags, TLS, +{p['latency_ms']} ms per request | "
                   f"{s2(L.a['median'])} s, {mib(legacy['rss_kib']['default'])} | controller's sequential HEADs: "
                   f"{L.res('sequential')['median']:.1f} s; skopeo loop: ~{L.sk_lat['median']:.0f} s |")
    if memory:
        row = memory["rows"][-1]
        sm = memory_summary(row)
        out.append(f"| `kubectl rsip diff`, {row['tags']:,} tags (peak memory) | {mib(sm['rss_median_kib'])} | "
                   f"the same diff from a tags file: {mib(sm['tags_file_rss_median_kib'])} |")
    if matrix:
        by_tags = {}
        for c in matrix["cells"]:
            by_tags.setdefault(c["tags"], []).append(c)
        day = matrix["meta"]["date"][:10]
        for i, (n, cells) in enumerate(by_tags.items()):
            res = [matrix_medians(matrix, c) for c in cells]
            rtts = " / ".join(f"{c['rtt_ms']} ms" for c in cells)
            plugin_s = " / ".join(f"{r['default']['median']:.2f} s" for r in res)
            floor_s = " / ".join(f"{r['floor']['median']:.2f} s" for r in res)
            ratios = " / ".join(f"{r['default']['median'] / r['floor']['median']:.2f}x" for r in res)
            rss = max(c["rss_kib"] for c in cells)
            cpu = [c["registry_cpu_seconds"][k] for c in cells for k in ("plugin", "floor")]
            per_head = statistics.mean(cpu) / n * 1000
            # The registry shares the cores with the client: when it burns at least 80% of the
            # wall time in CPU on both clients' runs, its CPU, not the network, sets the pace.
            cpu_bound = all(c["registry_cpu_seconds"][k] >= 0.8 * r[row]["median"]
                            for c, r in zip(cells, res) for k, row in (("plugin", "default"), ("floor", "floor")))
            if i == 0:
                what = (f"`kubectl rsip diff`, docker-registry over TLS + HTTP/2, TCP latency proxy, {n:,} tags, "
                        f"{rtts} RTT ({day})")
                ref = f"`curl --http2 --parallel-max {matrix['params']['floor_parallel']}` floor: {floor_s} ({ratios})"
            else:
                what = f"the same, {n:,} tags, {rtts} RTT ({day})"
                ref = f"floor: {floor_s} ({ratios})" + (
                    f"; both bound by the registry's CPU (~{per_head:.1f} ms per HEAD)" if cpu_bound else "")
            out.append(f"| {what} | {plugin_s}, {mib(rss)} | {ref} |")
    if render:
        for n, r, y, j, rss in render_rows(render):
            what = f"| `kubectl rsip render -f`, {n:,} inputs × {r} resources ({n * r:,} objects) | {y['median']:.2f} s, {mib(rss)} |"
            out.append(what + (" target 0.5 s; no Go reference buildable here |" if r == 2 else f" `-o json`: {j['median']:.2f} s |"))
    doctor = records.get("doctor")
    if doctor:
        p = doctor["params"]
        res = {r["command"]: r for r in doctor["hyperfine"]["doctor"]}
        d, x = res["kubectl rsip doctor -A"]["median"], res["kubectl rsip diff -A"]["median"]
        out.append(f"| `kubectl rsip doctor -A`, {p['rsips']} providers, {p['repositories']} repositories of {p['tags']} tags, "
                   f"one registry | {d:.2f} s | `kubectl rsip diff -A` over them: {x:.2f} s ({d / x:.2f}x) |")
    if matrix:
        out += ["", "bench/README.md, the matrix part:", "",
                "| tags | RTT | plugin, default flags | curl floor | plugin / floor | peak RSS | TCP connections plugin / floor |",
                "|---:|---:|---:|---:|---:|---:|---:|"]
        for c in matrix["cells"]:
            r = matrix_medians(matrix, c)
            out.append(f"| {c['tags']:,} | {c['rtt_ms']} ms | {r['default']['median']:.2f} s | {r['floor']['median']:.2f} s | "
                       f"{r['default']['median'] / r['floor']['median']:.2f} | {mib(c['rss_kib'])} | "
                       f"{c['connections']['plugin']} / {c['connections']['floor']} |")
    if legacy:
        L, p, rss, maxin = Legacy(legacy), legacy["params"], legacy["rss_kib"], legacy["front_max_in_flight"]
        d = default_concurrency(legacy["meta"])

        def row(label, name, rss_cell=""):
            r = L.res(name)
            return f"| {label} | {s2(r['median'])} | {s2(r['min'])}–{s2(r['max'])} | {rss_cell}{' ' if rss_cell else ''}| {maxin[name]} |"
        out += ["", "bench/README.md, the legacy part:", "",
                "| command | median s | min–max s | peak RSS | front max in-flight |",
                "|---|---:|---:|---:|---:|",
                row("`kubectl rsip diff bench -n flux-system` ("
                    + (f"default `--concurrency {d}`" if d else "default flags") + ")", "default", mib(rss["default"])),
                row("… `--concurrency 1` (the controller's sequential HEADs)", "sequential", mib(rss["sequential"]))]
        out += [row(f"… `--concurrency {c}`", f"c{c}") for c in p["extra_concurrency"] if c != d]
        out += [row("… front latency set to **0** (reference)", "nolatency"),
                row(f"`curl --parallel --parallel-max 16`, the same {L.tags} HEADs through the front (reference)",
                    "curl-parallel"),
                f"| skopeo list-tags + {L.tags} × `skopeo inspect --raw` at +{p['latency_ms']} ms (estimate, see results) | "
                f"{L.sk_lat['median']:.1f} | | {mib(rss['skopeo'])} each | |",
                f"| curl tags/list + {L.tags} × `curl -sI` through the front (extrapolated ×{L.scale:g} from "
                f"{L.sk_tags}) | {L.cu['median']:.1f} | | | {maxin['curl-loop']} |"]
    if memory:
        rows = memory["rows"]
        out += ["", "bench/README.md, the memory benchmark:", "",
                "| tags | peak RSS | same with `--tags-file` | the scan's share |",
                "|---:|---:|---:|---:|"]
        for row in (rows[0], rows[-1]) if len(rows) > 1 else rows:
            sm = memory_summary(row)
            scan, off = sm["rss_median_kib"] / 1024, sm["tags_file_rss_median_kib"] / 1024
            out.append(f"| {row['tags']:,} | {scan:.1f} MiB | {off:.1f} MiB | {scan - off:.1f} MiB |")
    return out


# Which records make which file.
REPORTS = {
    "get": ("results.md", ["get"], lambda r: get_report(r["get"])),
    "diff": ("results-diff.md", [], lambda r: diff_report(r.get("diff-legacy"), r.get("diff-matrix"))),
    "memory": ("results-memory.md", ["memory"], lambda r: memory_report(r["memory"])),
    "render": ("results-render.md", ["render"], lambda r: render_report(r["render"])),
    "doctor": ("results-doctor.md", ["doctor"], lambda r: doctor_report(r["doctor"])),
    "startup": ("results-startup.md", ["startup"], lambda r: startup_report(r["startup"])),
    "fleet": ("results-fleet.md", ["fleet"], lambda r: fleet_report(r["fleet"])),
}
RECORDS = ("get", "diff-legacy", "diff-matrix", "memory", "render", "doctor", "startup", "fleet")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", default=os.path.join(HERE, "results"), help="where the run records are")
    ap.add_argument("--out", default=HERE, help="where the results files go (default: bench/)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the files; write nothing")
    mode.add_argument("--print", action="store_true", help="print each file written")
    ap.add_argument("reports", nargs="*", metavar="REPORT", help=", ".join([*REPORTS, "figures"]))
    args = ap.parse_args()
    for name in args.reports:
        if name not in REPORTS and name != "figures":
            ap.error(f"unknown report {name} (choose from {', '.join([*REPORTS, 'figures'])})")

    records = {}
    for name in RECORDS:
        path = os.path.join(args.results, name + ".run.json")
        if os.path.exists(path):
            with open(path) as f:
                records[name] = json.load(f)

    status = 0
    for name in args.reports or list(REPORTS):
        if name == "figures":
            print("\n".join(figures(records)))
            continue
        filename, needs, make = REPORTS[name]
        if name == "diff" and not ("diff-legacy" in records or "diff-matrix" in records):
            needs = ["diff-legacy"]
        missing = [n for n in needs if n not in records]
        if missing:
            if args.reports:
                sys.exit(f"report.py: no run record {missing[0]}.run.json in {args.results}")
            continue
        text = "\n".join(make(records)) + "\n"
        path = os.path.join(args.out, filename)
        if args.check:
            old = open(path).read() if os.path.exists(path) else ""
            if old != text:
                sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True), path, "from records"))
                status = 1
            continue
        with open(path, "w") as f:
            f.write(text)
        if args.print:
            print(text, end="")
    sys.exit(status)


if __name__ == "__main__":
    main()
