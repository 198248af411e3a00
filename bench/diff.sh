#!/usr/bin/env bash
# Benchmarks `kubectl rsip diff` on one provider whose registry holds 1000 tags, behind a TLS front
# that adds 20 ms to every request (so every round trip costs >= 20 ms), against what a user would
# otherwise run (skopeo list-tags + one skopeo inspect --raw per tag). Self-contained: installs what
# it needs, builds release into .build-bench, starts docker-registry, the front and the API
# emulator, stops them by PID on exit. Writes bench/results-diff.md (+ bench/results/diff-*.json).
#
#   bench/diff.sh                                  # defaults below
#   TAGS=1000 LATENCY_MS=20 RUNS=5 SKOPEO_TAGS=100 SKOPEO_RUNS=2 bench/diff.sh
#   SKOPEO_TAGS=1000 SKOPEO_RUNS=1 bench/diff.sh   # the full skopeo loop (about 2-3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

TAGS=${TAGS:-1000}
LATENCY_MS=${LATENCY_MS:-20}
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-5}
SKOPEO_TAGS=${SKOPEO_TAGS:-100}   # the skopeo loop is timed on this many tags, then scaled to $TAGS
SKOPEO_RUNS=${SKOPEO_RUNS:-2}
RSS_RUNS=${RSS_RUNS:-3}
EXTRA_CONCURRENCY=${EXTRA_CONCURRENCY-"32 64"}   # more plugin rows, to see where the time goes

# 1. Prerequisites and the release build.
. scripts/lib/bench.sh
bench_prepare hyperfine time
bin=$BENCH_BIN

work=$(mktemp -d)
. scripts/lib/emulator.sh
REGISTRY_PID="" FRONT_PID=""
cleanup() {
  emulator_stop
  for pid in $FRONT_PID $REGISTRY_PID; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  # The emulator lib leaves a `cat` draining the emulator's stdout; it ends at EOF, but make sure.
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 2. docker-registry (plain HTTP, temp storage), $TAGS tags pushed, then the TLS front with latency.
reg_port=$(free_port)
cat > "$work/registry.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $work/registry-data}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$reg_port}
EOF
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 500); do curl -fs -o /dev/null "http://127.0.0.1:$reg_port/v2/" && break; sleep 0.02; done
curl -fs -o /dev/null "http://127.0.0.1:$reg_port/v2/" || { echo "bench: docker-registry did not start: $(cat "$work/registry.log")" >&2; exit 1; }
echo "bench: docker-registry PID $REGISTRY_PID on 127.0.0.1:$reg_port"

# One small Flux-style artifact (one shared layer); each tag's manifest differs (revision annotation).
python3 - "$TAGS" > "$work/push.json" <<'PY'
import json, sys
n = int(sys.argv[1])
content = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bench}\ndata: {k: v}\n"
json.dump([{"tag": f"v2.{i}.0", "content": content, "revision": f"main@sha1:{i:040x}"} for i in range(n)], sys.stdout)
PY
t0=$(date +%s.%N)
python3 Tests/Fixtures/registry/registry_client.py --url "http://127.0.0.1:$reg_port" --repository apps/bench \
  push < "$work/push.json" > "$work/digests.json"
pushed=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/digests.json")
[ "$pushed" -eq "$TAGS" ] || { echo "bench: pushed $pushed tags, wanted $TAGS" >&2; exit 1; }
echo "bench: pushed $pushed tags to apps/bench in $(python3 -c "import time; print(f'{time.time()-$t0:.1f}')") s"

# Throw-away CA and a server certificate for 127.0.0.1, for the front.
(
  cd "$work"
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout front-ca.key -out front-ca.crt -days 2 -subj /CN=bench-registry-ca \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > front.ext
  openssl req "${ec[@]}" -keyout front.key -out front.csr -subj /CN=127.0.0.1 2>/dev/null
  openssl x509 -req -in front.csr -CA front-ca.crt -CAkey front-ca.key -CAcreateserial -days 2 \
    -extfile front.ext -out front.crt 2>/dev/null
  mkdir -p certs.d && cp front-ca.crt certs.d/ca.crt   # skopeo --cert-dir: *.crt files are CAs
)
python3 -u Tests/Fixtures/registry/front.py --upstream "http://127.0.0.1:$reg_port" \
  --tls-cert "$work/front.crt" --tls-key "$work/front.key" --latency-ms "$LATENCY_MS" \
  > "$work/front.out" 2> "$work/front.err" &
FRONT_PID=$!
front_port=""
for _ in $(seq 300); do
  front_port=$(sed -n 's/^LISTENING //p' "$work/front.out" 2>/dev/null | head -1)
  [ -n "$front_port" ] && break; sleep 0.02
done
[ -n "$front_port" ] || { echo "bench: front did not start: $(cat "$work/front.err")" >&2; exit 1; }
F="https://127.0.0.1:$front_port"
fcurl() { curl -fsS --cacert "$work/front-ca.crt" "$@"; }
echo "bench: front PID $FRONT_PID on 127.0.0.1:$front_port (TLS, +$LATENCY_MS ms per request) -> registry"
t0=$(date +%s.%N); fcurl -o /dev/null "$F/v2/"; t1=$(date +%s.%N)
echo "bench: one fresh TLS round trip through the front: $(python3 -c "print(f'{($t1-$t0)*1000:.0f}')") ms"

# 3. The emulator, seeded with the namespace, the CA Secret and the RSIP in one POST.
emulator_start "$work"
echo "bench: emulator PID $EMULATOR_PID on port $EMULATOR_PORT"
python3 bench/diff_make_objects.py "$front_port" "$work/front-ca.crt" "$work/digests.json" > "$work/objects.json"
curl -fsS --cacert "$work/ca.crt" -H 'Content-Type: application/json' --data-binary @"$work/objects.json" \
  "https://127.0.0.1:$EMULATOR_PORT/_emulator/objects" > /dev/null
export KUBECONFIG="$work/kubeconfig" PATH="$bin:$PATH"

# Sanity: the plugin sees no difference (exit 0) and scanned all tags; skopeo can read the front.
rc=0; kubectl rsip diff bench -n flux-system -o json > "$work/diff.json" 2> "$work/diff.err" || rc=$?
[ "$rc" -eq 0 ] || { echo "bench: kubectl rsip diff exited $rc: $(cat "$work/diff.err")" >&2; head -c 2000 "$work/diff.json" >&2; exit 1; }
echo "bench: kubectl rsip diff bench -n flux-system: exit 0 (no differences), $(wc -c < "$work/diff.json") bytes of JSON"
SK=(--cert-dir "$work/certs.d")
img="docker://127.0.0.1:$front_port/apps/bench"
listed=$(skopeo list-tags "${SK[@]}" "$img" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["Tags"]))')
[ "$listed" -eq "$TAGS" ] || { echo "bench: skopeo list-tags found $listed tags" >&2; exit 1; }
# skopeo 1.9 and these Flux artifacts, through the front and directly (exact errors go in the report):
# - `skopeo inspect` (no --raw) fails on any Flux artifact: containers/image refuses image-specific
#   operations on a manifest whose config is application/vnd.cncf.flux.config.v1+json.
# - `skopeo inspect --raw` works against docker-registry directly, but not through front.py: skopeo
#   (Go) sends its six Accept types as six separate `Accept:` header lines, and the front forwards
#   only the last one (a dict of headers), the OCI *index* type, so distribution 2.8 answers
#   "OCI manifest found, but accept header does not support OCI manifests". The plugin and curl send
#   one comma-joined Accept and are unaffected.
stats_total() { fcurl "$F/_front/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
direct="docker://127.0.0.1:$reg_port/apps/bench"
skopeo_inspect_err=$(skopeo inspect --tls-verify=false "$direct:v2.0.0" 2>&1 >/dev/null | tail -1 | sed 's/.*msg=//' || true)
fcurl -o /dev/null -X DELETE "$F/_front/stats"
skopeo_front_err=$(skopeo inspect --raw "${SK[@]}" "$img:v2.0.0" 2>&1 >/dev/null | tail -1 | sed 's/.*msg=//' || true)
skopeo_reqs=$(stats_total)   # requests one `skopeo inspect --raw` makes (/v2/ ping + manifest GET)
skopeo inspect --raw --tls-verify=false "$direct:v2.0.0" | grep -q 'vnd.cncf.flux.content.v1.tar+gzip' ||
  { echo "bench: skopeo inspect --raw (direct) did not return the Flux manifest" >&2; exit 1; }
echo "bench: skopeo inspect: ${skopeo_inspect_err:-ok}"
echo "bench: skopeo inspect --raw through the front: ${skopeo_front_err:-ok} ($skopeo_reqs requests)"

# The user's loops, on the first $SKOPEO_TAGS tags of the list, scaled to $TAGS in the report.
skopeo list-tags "${SK[@]}" "$img" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["Tags"]))' |
  head -n "$SKOPEO_TAGS" > "$work/skopeo-tags.txt"
# (c) skopeo: list-tags, then one `skopeo inspect --raw` per tag (manifest bytes; their sha256 is the
# digest), straight to docker-registry (plain HTTP, no TLS, no added latency: a lower bound).
cat > "$work/skopeo-loop.sh" <<EOF
#!/bin/sh
skopeo list-tags --tls-verify=false $direct > /dev/null
while read -r t; do
  skopeo inspect --raw --tls-verify=false "$direct:\$t" | sha256sum > /dev/null
done < $work/skopeo-tags.txt
EOF
# (c') curl through the front (TLS + latency, like the plugin): tags/list, then one `curl -sI` HEAD
# per tag with the full Accept list, reading Docker-Content-Digest.
ACC='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'
cat > "$work/curl-loop.sh" <<EOF
#!/bin/sh
curl -fsS --cacert $work/front-ca.crt $F/v2/apps/bench/tags/list > /dev/null
while read -r t; do
  curl -fsSI --cacert $work/front-ca.crt -H 'Accept: $ACC' "$F/v2/apps/bench/manifests/\$t" | grep -i '^docker-content-digest' > /dev/null
done < $work/skopeo-tags.txt
EOF
chmod +x "$work/skopeo-loop.sh" "$work/curl-loop.sh"

# 4. hyperfine. Between groups the front's stats are reset; max in-flight is read after each.
out="$root/bench/results"
mkdir -p "$out"
declare -A maxin
stats_reset() { fcurl -o /dev/null -X DELETE "$F/_front/stats"; }
stats_max() { fcurl "$F/_front/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["maxInFlight"])'; }
hf() {  # hf NAME WARMUP RUNS COMMAND...
  local name=$1 warm=$2 runs=$3; shift 3
  stats_reset
  hyperfine --warmup "$warm" --runs "$runs" --style basic --export-json "$out/diff-$name.json" "$@"
  maxin[$name]=$(stats_max)
}
hf default "$WARMUP" "$RUNS" -n 'kubectl rsip diff bench -n flux-system' 'kubectl rsip diff bench -n flux-system'
hf sequential "$WARMUP" "$RUNS" -n 'kubectl rsip diff bench -n flux-system --concurrency 1' \
  'kubectl rsip diff bench -n flux-system --concurrency 1'
for c in $EXTRA_CONCURRENCY; do
  hf "c$c" "$WARMUP" "$RUNS" -n "kubectl rsip diff bench -n flux-system --concurrency $c" \
    "kubectl rsip diff bench -n flux-system --concurrency $c"
done
# Reference rows, to see where the time goes:
# - curl --parallel: the same 1000 HEADs from one process over 16 keep-alive connections with a
#   sliding window (a new transfer starts as soon as one ends), through the same front;
# - the plugin with the front's latency set to 0: what the front + registry + plugin cost without it.
head_cfg="$work/heads.cfg"; : > "$head_cfg"
python3 -c 'import json,sys; [print(t) for t in json.load(open(sys.argv[1]))]' "$work/digests.json" | while read -r t; do
  printf 'url = "%s/v2/apps/bench/manifests/%s"\nhead\noutput = "/dev/null"\n' "$F" "$t" >> "$head_cfg"
done
hf curl-parallel "$WARMUP" "$RUNS" -n "curl --parallel --parallel-max 16: $TAGS HEADs, one process (reference)" \
  "curl -s --parallel --parallel-max 16 --cacert $work/front-ca.crt -H 'Accept: $ACC' -K $head_cfg"
fcurl -o /dev/null -H 'Content-Type: application/json' -d '{"latencyMs": 0}' "$F/_front/config"
hf nolatency "$WARMUP" "$RUNS" -n 'kubectl rsip diff bench -n flux-system, front latency 0 (reference)' \
  'kubectl rsip diff bench -n flux-system'
fcurl -o /dev/null -H 'Content-Type: application/json' -d "{\"latencyMs\": $LATENCY_MS}" "$F/_front/config"

# CPU: the plugin's (time -v) and the front's (/proc/PID/stat utime+stime) for one default run.
front_ticks() { awk '{print $14 + $15}' "/proc/$FRONT_PID/stat"; }
f0=$(front_ticks)
/usr/bin/time -v -o "$work/cpu.txt" "$bin/kubectl-rsip" diff bench -n flux-system > /dev/null 2>&1 || true
f1=$(front_ticks)
front_cpu=$(python3 -c "print(f'{($f1 - $f0) / $(getconf CLK_TCK):.2f}')")
plugin_cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} /Elapsed/{e=$2} END{printf "%.2f s user+sys (%.2f user, %.2f sys), wall %s", u+s, u, s, e}' "$work/cpu.txt")
echo "bench: one default run: plugin CPU $plugin_cpu; front CPU $front_cpu s"

hf skopeo-list 1 "$RUNS" -n 'skopeo list-tags (direct)' "skopeo list-tags --tls-verify=false $direct"
hf skopeo-loop 0 "$SKOPEO_RUNS" -n "skopeo list-tags + $SKOPEO_TAGS x skopeo inspect --raw (direct)" "$work/skopeo-loop.sh"
hf skopeo-list-front 1 "$RUNS" -n 'skopeo list-tags (front)' "skopeo list-tags ${SK[*]} $img"
hf curl-list 1 "$RUNS" -n 'curl tags/list (front)' "curl -fsS --cacert $work/front-ca.crt $F/v2/apps/bench/tags/list"
hf curl-loop 0 "$SKOPEO_RUNS" -n "curl tags/list + $SKOPEO_TAGS x curl -sI (front)" "$work/curl-loop.sh"

# Peak memory of (a): max RSS over $RSS_RUNS runs of the plugin binary (kubectl execs it, so this
# is the plugin process itself; kubectl's dispatcher is measured separately for reference).
rss_of() {  # rss_of COMMAND... -> max RSS in KiB over $RSS_RUNS runs (time -v writes to its own file)
  local best=0 kb
  for _ in $(seq "$RSS_RUNS"); do
    /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2>&1 || true
    kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
    [ "$kb" -gt "$best" ] && best=$kb
  done
  echo "$best"
}
rss_default=$(rss_of "$bin/kubectl-rsip" diff bench -n flux-system)
rss_kubectl=$(rss_of kubectl rsip diff bench -n flux-system)
rss_seq=$(rss_of "$bin/kubectl-rsip" diff bench -n flux-system --concurrency 1)
rss_json=$(rss_of "$bin/kubectl-rsip" diff bench -n flux-system -o json)
rss_skopeo=$(rss_of skopeo inspect --raw --tls-verify=false "$direct:v2.0.0")
rss_skopeo_list=$(rss_of skopeo list-tags "${SK[@]}" "$img")

# One verbose run: how the plugin's requests spread over time (the -v=6 log to a file).
"$bin/kubectl-rsip" diff bench -n flux-system -v=6 > /dev/null 2> "$work/v6.log" || true
v6_lines=$(grep -c . "$work/v6.log" || true)
cp "$work/v6.log" "$out/diff-v6.log" 2>/dev/null || true

# 5. Results.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
plugin_version=$("$bin/kubectl-rsip" --version 2>/dev/null | head -1 || echo unknown)
plugin_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$root" status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null)" ] ||
  plugin_commit="$plugin_commit + uncommitted changes in Sources"
kubectl_version=$(kubectl version --client -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' || echo unknown)
registry_version=$(dpkg-query -W -f='${Version}' docker-registry 2>/dev/null || echo unknown)
maxin_json=$(for k in "${!maxin[@]}"; do printf '"%s": %s,' "$k" "${maxin[$k]}"; done)
SKOPEO_INSPECT_ERR=$skopeo_inspect_err SKOPEO_FRONT_ERR=$skopeo_front_err \
  python3 - "$out" > "$root/bench/results-diff.md" <<PY
import json, os, sys
out = sys.argv[1]
TAGS, SK_TAGS = $TAGS, $SKOPEO_TAGS
maxin = json.loads("{" + '''$maxin_json'''.rstrip(",") + "}")
def res(name):
    return json.load(open(os.path.join(out, "diff-" + name + ".json")))["results"][0]
s = lambda x: f"{x:.2f}"
mib = lambda kb: f"{int(kb) / 1024:.1f} MiB"
rss = {"default": mib($rss_default), "sequential": mib($rss_seq)}
rows = [("default", "(a) \`kubectl rsip diff bench -n flux-system\` (default --concurrency 32)")]
rows.append(("sequential", "(b) \`kubectl rsip diff bench -n flux-system --concurrency 1\` (controller's pattern)"))
for c in "$EXTRA_CONCURRENCY".split():
    rows.append((f"c{c}", f"\`kubectl rsip diff bench -n flux-system --concurrency {c}\`"))
rows.append(("nolatency", "*reference: (a) with the front's latency set to 0*"))
rows.append(("curl-parallel", f"*reference: \`curl --parallel --parallel-max 16\`, {TAGS} HEADs in one process (sliding window, keep-alive), through the front*"))
a = res("default")
scale = TAGS / SK_TAGS
LAT = $LATENCY_MS / 1000
SK_REQS = $skopeo_reqs
def ext(loop, lst, key):  # list once + (loop - list) scaled from SK_TAGS to TAGS per-tag processes
    return lst["median"] + (loop[key] - lst["median"]) * scale
sl, slf, sloop = res("skopeo-list"), res("skopeo-list-front"), res("skopeo-loop")
cl, cloop = res("curl-list"), res("curl-loop")
sk = {k: ext(sloop, sl, k) for k in ("median", "min", "max")}
# At the front's latency: list-tags through the front, plus SK_REQS requests x latency per inspect.
sk20 = {k: slf["median"] + (sloop[k] - sl["median"]) * scale + TAGS * SK_REQS * LAT for k in sk}
cu = {k: ext(cloop, cl, k) for k in ("median", "min", "max")}
print("# kubectl-rsip diff benchmark")
print()
print("- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)")
print("- machine: $(nproc) cores, $cpu, $(uname -sr)")
print("- versions: kubectl-rsip $plugin_version (commit $plugin_commit, release build); kubectl $kubectl_version; "
      "docker-registry $registry_version; $(skopeo --version); $(hyperfine --version); $(python3 --version); $(swift --version 2>&1 | head -1 | sed 's/"//g')")
print(f"- data: one OCIArtifactTag RSIP (filter.limit 1000, certSecretRef with the front's CA), {TAGS} tags of a small "
      "Flux artifact in apps/bench; status.exportedInputs = all of them with their real digests (diff exits 0)")
print(f"- registry: Debian docker-registry (plain HTTP, 127.0.0.1) behind Tests/Fixtures/registry/front.py: TLS "
      f"(throw-away CA, HTTP/1.1 only), +$LATENCY_MS ms before every request is forwarded")
print(f"- hyperfine --warmup $WARMUP --runs $RUNS (plugin rows); cold processes, wall time; API emulator over TLS on 127.0.0.1")
print()
print("| command | median s | min s | max s | peak RSS | front max in-flight |")
print("|---|---:|---:|---:|---:|---:|")
for name, label in rows:
    r = res(name)
    print(f"| {label} | {s(r['median'])} | {s(r['min'])} | {s(r['max'])} | {rss.get(name, '')} | {maxin.get(name, '')} |")
print(f"| (c) \`skopeo list-tags\` + {TAGS} x \`skopeo inspect --raw\`, direct to docker-registry (no TLS, no latency): "
      f"**extrapolated** from {SK_TAGS} tags | {s(sk['median'])} | {s(sk['min'])} | {s(sk['max'])} | {mib($rss_skopeo)} per inspect | |")
print(f"| (c) the same at +$LATENCY_MS ms per request: **estimate** = list-tags through the front + the direct per-tag cost "
      f"+ {SK_REQS} requests x $LATENCY_MS ms per inspect | {s(sk20['median'])} | {s(sk20['min'])} | {s(sk20['max'])} | | |")
print(f"| (c') \`curl\` tags/list + {TAGS} x \`curl -sI\` HEAD through the front (TLS, +$LATENCY_MS ms): "
      f"**extrapolated** from {SK_TAGS} tags | {s(cu['median'])} | {s(cu['min'])} | {s(cu['max'])} | | 1 |")
print(f"| *measured: skopeo list-tags + {SK_TAGS} x inspect --raw, direct ({len(sloop['times'])} runs)* | "
      f"{s(sloop['median'])} | {s(sloop['min'])} | {s(sloop['max'])} | | |")
print(f"| *measured: curl tags/list + {SK_TAGS} x curl -sI, front ({len(cloop['times'])} runs)* | "
      f"{s(cloop['median'])} | {s(cloop['min'])} | {s(cloop['max'])} | | {maxin.get('curl-loop', '')} |")
print(f"| *measured: \`skopeo list-tags\` direct / through the front* | {s(sl['median'])} / {s(slf['median'])} | | | {mib($rss_skopeo_list)} (front) | |")
print()
print(f"Peak RSS is /usr/bin/time -v's maximum resident set size, the largest of $RSS_RUNS runs of the plugin binary "
      f"(\`kubectl rsip diff\` measured through kubectl: {mib($rss_kubectl)}, the larger of kubectl's Go dispatcher and "
      f"the plugin it execs in the same process; "
      f"with \`-o json\`: {mib($rss_json)}).")
print()
print("## Targets")
print()
ok = lambda b: "**met**" if b else "**not met**"
print(f"| target | measured | |")
print("|---|---|---|")
print(f"| full scan of {TAGS} tags < 2 s wall at $LATENCY_MS ms RTT | {s(a['median'])} s median (max {s(a['max'])} s) | {ok(a['median'] < 2)} |")
print(f"| >= 10x faster than the skopeo loop (at $LATENCY_MS ms, estimate) | {sk20['median'] / a['median']:.1f}x ({s(sk20['median'])} s / {s(a['median'])} s) | {ok(sk20['median'] / a['median'] >= 10)} |")
print(f"| ... and against its no-latency lower bound (direct, measured, extrapolated) | {sk['median'] / a['median']:.1f}x ({s(sk['median'])} s / {s(a['median'])} s) | {ok(sk['median'] / a['median'] >= 10)} |")
print(f"| ... and against the curl HEAD loop through the front | {cu['median'] / a['median']:.1f}x ({s(cu['median'])} s / {s(a['median'])} s) | {ok(cu['median'] / a['median'] >= 10)} |")
print(f"| peak memory < 50 MiB | {mib($rss_default)} | {ok(int($rss_default) < 50 * 1024)} |")
print()
print("## CPU of one default run")
print()
print(f"- plugin: $plugin_cpu")
print(f"- front.py (one Python process, TLS termination + forwarding): $front_cpu s")
print()
print("## skopeo and these artifacts")
print()
print(f"- \`skopeo inspect\` (without --raw) on a Flux artifact: \`{os.environ['SKOPEO_INSPECT_ERR']}\`.")
print(f"- \`skopeo inspect --raw\` through front.py: \`{os.environ['SKOPEO_FRONT_ERR']}\`. skopeo sends its six Accept "
      "types as six header lines; front.py forwards only the last (the OCI index type). Directly against docker-registry "
      "it works, so (c) runs there (plain HTTP, no TLS, no latency) and the latency is added by arithmetic.")
print(f"- One \`skopeo inspect --raw\` makes {SK_REQS} requests (counted by the front). Each is a new process, so "
      "each also pays its own TCP (and, through a TLS registry, TLS) setup.")
PY
echo
cat "$root/bench/results-diff.md"
echo
echo "bench: skopeo inspect (not --raw) on a Flux artifact: ${skopeo_inspect_err:-ok}"
echo "bench: skopeo inspect --raw through the front: ${skopeo_front_err:-ok}"
echo "bench: -v=6 log of one default run: $v6_lines lines in bench/results/diff-v6.log"
