#!/usr/bin/env bash
# Benchmarks `kubectl rsip diff` against a registry with network latency, in two parts (both by
# default). Self-contained: installs what it needs, builds release into .build-bench (or uses
# BENCH_BIN), starts docker-registry, the front or the latency proxy and the API emulator on
# 127.0.0.1, stops them by PID on exit. Writes bench/results-diff.md (+ bench/results/diff-*.json).
#
# LEGACY=1: one provider, $TAGS tags, behind Tests/Fixtures/registry/front.py (TLS, HTTP/1.1, +20 ms
#   per request), against what a user would otherwise run (skopeo list-tags + one skopeo inspect
#   --raw per tag, a curl loop, curl --parallel) and the controller's pattern (--concurrency 1).
# MATRIX=1: the network's limit. docker-registry serves TLS itself (HTTP/2 through ALPN), behind
#   bench/latency_proxy.py (TCP level, RTT = $RTTS ms, TLS end to end); for each tag count in
#   $TAG_COUNTS and RTT: the plugin (default flags, --concurrency $MATRIX_CONCURRENCY) against the
#   curl floor (tag pages, then every HEAD from one `curl --http2 --parallel` over one connection).
#
#   bench/diff.sh                                  # both parts, defaults below
#   TAGS=1000 LATENCY_MS=20 RUNS=5 SKOPEO_TAGS=100 SKOPEO_RUNS=2 LEGACY=1 MATRIX=0 bench/diff.sh
#   SKOPEO_TAGS=1000 SKOPEO_RUNS=1 bench/diff.sh   # the full skopeo loop (about 2-3 minutes)
#   LEGACY=0 TAG_COUNTS="1000 10000" RTTS="20 100" bench/diff.sh   # the matrix alone
#   BENCH_BIN=.build-bench/release bench/diff.sh   # an existing binary, no build
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

LEGACY=${LEGACY:-1}   # the front-based rows, skopeo and curl loops, controller pattern
MATRIX=${MATRIX:-1}   # the TLS/HTTP/2 registry behind the latency proxy, against the curl floor
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
# Legacy part.
TAGS=${TAGS:-1000}
LATENCY_MS=${LATENCY_MS:-20}
SKOPEO_TAGS=${SKOPEO_TAGS:-100}   # the skopeo loop is timed on this many tags, then scaled to $TAGS
SKOPEO_RUNS=${SKOPEO_RUNS:-2}
EXTRA_CONCURRENCY=${EXTRA_CONCURRENCY-"32 64"}   # more plugin rows, to see where the time goes
# Matrix part.
TAG_COUNTS=${TAG_COUNTS:-"1000 10000"}
RTTS=${RTTS:-"20 100"}                      # round-trip times in ms (the proxy delays each way by half)
MATRIX_CONCURRENCY=${MATRIX_CONCURRENCY:-32}   # the second plugin row (32: the default before HTTP/2 streams)
FLOOR_PARALLEL=${FLOOR_PARALLEL:-100}       # curl --parallel-max
MATRIX_ROWS=${MATRIX_ROWS:-"default concurrency floor direct"}   # the rows hyperfine times (direct: the floor without the proxy)
PUSH=${PUSH:-files}      # files: manifests and tag links written into the storage; http: registry_client.py
HANDSHAKE=${HANDSHAKE:-1}   # 1: the proxy charges a new connection's TCP handshake (1 RTT); 0: not

# 1. Prerequisites and the release build.
. scripts/lib/bench.sh
bench_prepare hyperfine time jq
bin=$BENCH_BIN

work=$(mktemp -d)
. scripts/lib/emulator.sh
REGISTRY_PID="" FRONT_PID="" TLSREG_PID="" PROXY_PID=""
cleanup() {
  emulator_stop
  for pid in $PROXY_PID $TLSREG_PID $FRONT_PID $REGISTRY_PID; do
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
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
since() { python3 -c "import time; print(f'{time.time()-$1:.1f}')"; }

# Throw-away CA and a server certificate for 127.0.0.1: make_tls NAME -> $work/NAME-ca.crt,
# $work/NAME.crt, $work/NAME.key (keys live only in $work, removed on exit).
make_tls() {
  local name=$1
  (
    cd "$work"
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -keyout "$name-ca.key" -out "$name-ca.crt" -days 2 -subj "/CN=bench-$name-ca" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$name.ext"
    openssl req "${ec[@]}" -keyout "$name.key" -out "$name.csr" -subj /CN=127.0.0.1 2>/dev/null
    openssl x509 -req -in "$name.csr" -CA "$name-ca.crt" -CAkey "$name-ca.key" -CAcreateserial -days 2 \
      -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  )
}

# The Accept list of the curl rows (one header line, comma-joined, as the plugin sends it).
ACC='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'

# The emulator (both parts seed it with one POST of bench/diff_make_objects.py's List).
emulator_start "$work"
echo "bench: emulator PID $EMULATOR_PID on port $EMULATOR_PORT"
export KUBECONFIG="$work/kubeconfig" PATH="$bin:$PATH"
seed() {  # seed OBJECTS.json
  curl -fsS --cacert "$work/ca.crt" -H 'Content-Type: application/json' --data-binary @"$1" \
    "https://127.0.0.1:$EMULATOR_PORT/_emulator/objects" > /dev/null
}
out="$root/bench/results"
mkdir -p "$out"

if [ "$LEGACY" = 1 ]; then   # ---- legacy part (not indented, to keep its history readable) ----
# L1. docker-registry (plain HTTP, temp storage), $TAGS tags pushed, then the TLS front with latency.
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

# The front's TLS: a throw-away CA and a server certificate for 127.0.0.1.
make_tls front
mkdir -p "$work/certs.d" && cp "$work/front-ca.crt" "$work/certs.d/ca.crt"   # skopeo --cert-dir: *.crt files are CAs
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

# L2. The emulator, seeded with the namespace, the CA Secret and the RSIP in one POST.
python3 bench/diff_make_objects.py "$front_port" "$work/front-ca.crt" "$work/digests.json" > "$work/objects.json"
seed "$work/objects.json"

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
cat > "$work/curl-loop.sh" <<EOF
#!/bin/sh
curl -fsS --cacert $work/front-ca.crt $F/v2/apps/bench/tags/list > /dev/null
while read -r t; do
  curl -fsSI --cacert $work/front-ca.crt -H 'Accept: $ACC' "$F/v2/apps/bench/manifests/\$t" | grep -i '^docker-content-digest' > /dev/null
done < $work/skopeo-tags.txt
EOF
chmod +x "$work/skopeo-loop.sh" "$work/curl-loop.sh"

# L3. hyperfine. Between groups the front's stats are reset; max in-flight is read after each.
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

# L4. Results (the legacy part of bench/results-diff.md, composed with the matrix's at the end).
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
plugin_version=$("$bin/kubectl-rsip" --version 2>/dev/null | head -1 || echo unknown)
plugin_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$root" status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null)" ] ||
  plugin_commit="$plugin_commit + uncommitted changes in Sources"
kubectl_version=$(kubectl version --client -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' || echo unknown)
registry_version=$(dpkg-query -W -f='${Version}' docker-registry 2>/dev/null || echo unknown)
maxin_json=$(for k in "${!maxin[@]}"; do printf '"%s": %s,' "$k" "${maxin[$k]}"; done)
SKOPEO_INSPECT_ERR=$skopeo_inspect_err SKOPEO_FRONT_ERR=$skopeo_front_err \
  python3 - "$out" > "$work/legacy.md" <<PY
import json, os, sys
out = sys.argv[1]
TAGS, SK_TAGS = $TAGS, $SKOPEO_TAGS
maxin = json.loads("{" + '''$maxin_json'''.rstrip(",") + "}")
def res(name):
    return json.load(open(os.path.join(out, "diff-" + name + ".json")))["results"][0]
s = lambda x: f"{x:.2f}"
mib = lambda kb: f"{int(kb) / 1024:.1f} MiB"
rss = {"default": mib($rss_default), "sequential": mib($rss_seq)}
rows = [("default", "(a) \`kubectl rsip diff bench -n flux-system\` (default flags)")]
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
echo "bench: skopeo inspect (not --raw) on a Flux artifact: ${skopeo_inspect_err:-ok}"
echo "bench: skopeo inspect --raw through the front: ${skopeo_front_err:-ok}"
echo "bench: -v=6 log of one default run: $v6_lines lines in bench/results/diff-v6.log"
stop_pid "$FRONT_PID"; FRONT_PID=""
stop_pid "$REGISTRY_PID"; REGISTRY_PID=""
fi   # ---- end of the legacy part ----

if [ "$MATRIX" = 1 ]; then   # ---- matrix part: the network's limit ----
# M1. docker-registry's own TLS (one throw-away CA for every cell), the floor script, the probes.
for row in $MATRIX_ROWS; do
  case "$row" in default | concurrency | floor | direct) ;; *) echo "bench: MATRIX_ROWS: unknown row $row (default, concurrency, floor, direct)" >&2; exit 1 ;; esac
done
make_tls registry
RCA="$work/registry-ca.crt"

# The curl floor: the tag pages exactly as the plugin asks for them (n=1000, then every Link
# rel="next"), then every HEAD from one curl process that waits for its first connection and
# multiplexes the rest over it (no --parallel-immediate). Each answer's headers and a line
# "= <num_connects> <http_version>" go to TMPDIR/heads.out for the checks. (curl 7.88's --parallel
# progress meter ignores -s, so its stderr goes to a file, shown only if curl fails.)
cat > "$work/floor.sh" <<'EOF'
#!/bin/bash
# floor.sh BASE CA TMPDIR PARALLEL ACCEPT
set -euo pipefail
base=$1 ca=$2 tmp=$3 par=$4 acc=$5
url="$base/v2/apps/bench/tags/list?n=1000"
: > "$tmp/tags"
while [ -n "$url" ]; do
  curl -fsS --http2 --cacert "$ca" -D "$tmp/hdr" -o "$tmp/page" "$url"
  jq -r '.tags // [] | .[]' "$tmp/page" >> "$tmp/tags"
  next=$(tr -d '\r' < "$tmp/hdr" | sed -n 's/^[Ll][Ii][Nn][Kk]: *<\([^>]*\)>.*rel="\{0,1\}next.*/\1/p' | head -1)
  case "$next" in
    "" | http://* | https://*) url=$next ;;
    /*) url=$base$next ;;
    *) echo "floor: cannot resolve the Link <$next>" >&2; exit 1 ;;
  esac
done
sed "s|.*|url = \"$base/v2/apps/bench/manifests/&\"|" "$tmp/tags" > "$tmp/heads.cfg"
curl -fsS --http2 --parallel --parallel-max "$par" --cacert "$ca" --head -H "Accept: $acc" \
  -w '= %{num_connects} %{http_version}\n' -K "$tmp/heads.cfg" > "$tmp/heads.out" 2> "$tmp/heads.err" ||
  { rc=$?; tr '\r' '\n' < "$tmp/heads.err" | grep -v '^DL%\|^--\|^ *$' >&2; exit "$rc"; }
EOF
chmod +x "$work/floor.sh"
mkdir -p "$work/floor"

# The server's first HTTP/2 SETTINGS frame (what Go's net/http advertises), read with a bare
# TLS socket: ALPN h2, the client preface and an empty SETTINGS, then one frame parsed.
h2_settings() {  # h2_settings PORT CA
  python3 - "$1" "$2" <<'PY'
import socket, ssl, struct, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.set_alpn_protocols(["h2"])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10), server_hostname="127.0.0.1")
if s.selected_alpn_protocol() != "h2":
    print(f"ALPN={s.selected_alpn_protocol()}"); sys.exit()
s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
buf = b""
while len(buf) < 9 or len(buf) < 9 + int.from_bytes(buf[:3], "big"):
    more = s.recv(65536)
    if not more:
        break
    buf += more
n, typ = int.from_bytes(buf[:3], "big"), buf[3]
names = {1: "HEADER_TABLE_SIZE", 2: "ENABLE_PUSH", 3: "MAX_CONCURRENT_STREAMS", 4: "INITIAL_WINDOW_SIZE",
         5: "MAX_FRAME_SIZE", 6: "MAX_HEADER_LIST_SIZE"}
if typ != 4:
    print(f"first frame type {typ}, not SETTINGS"); sys.exit()
print(" ".join(f"{names.get(k, k)}={v}" for k, v in (struct.unpack(">HI", buf[9 + i:15 + i]) for i in range(0, n, 6))))
PY
}

start_tls_registry() {  # start_tls_registry DATA_DIR -> TLSREG_PID, TLSREG_PORT
  TLSREG_PORT=$(free_port)
  cat > "$work/registry-tls.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $1}
  delete: {enabled: true}
http:
  addr: 127.0.0.1:$TLSREG_PORT
  tls: {certificate: $work/registry.crt, key: $work/registry.key}
EOF
  docker-registry serve "$work/registry-tls.yml" > "$work/registry-tls.log" 2>&1 &
  TLSREG_PID=$!
  for _ in $(seq 500); do
    curl -fs -o /dev/null --cacert "$RCA" "https://127.0.0.1:$TLSREG_PORT/v2/" && return 0; sleep 0.02
  done
  echo "bench: docker-registry (TLS) did not start: $(cat "$work/registry-tls.log")" >&2; exit 1
}

start_proxy() {  # start_proxy RTT_MS -> PROXY_PID, PROXY_PORT
  local flags=()
  [ "$HANDSHAKE" = 1 ] || flags=(--no-handshake)
  python3 -u bench/latency_proxy.py --upstream "127.0.0.1:$TLSREG_PORT" --delay-ms "$(awk "BEGIN{print $1 / 2}")" \
    "${flags[@]}" > "$work/proxy.out" 2> "$work/proxy.err" &
  PROXY_PID=$!
  PROXY_PORT=""
  for _ in $(seq 300); do
    PROXY_PORT=$(sed -n 's/^LISTENING //p' "$work/proxy.out" 2>/dev/null | head -1)
    [ -n "$PROXY_PORT" ] && return 0; sleep 0.02
  done
  echo "bench: latency proxy did not start: $(cat "$work/proxy.err")" >&2; exit 1
}

proxy_connections() {  # the proxy's connection count since it started (SIGUSR1 -> a STATS line)
  local before after
  before=$(grep -c '^STATS ' "$work/proxy.out" || true)
  kill -USR1 "$PROXY_PID"
  for _ in $(seq 200); do
    after=$(grep -c '^STATS ' "$work/proxy.out" || true)
    [ "$after" -gt "$before" ] && break; sleep 0.01
  done
  grep '^STATS ' "$work/proxy.out" | tail -1 | sed 's/^STATS //' | jq .connections
}

ms() { awk "BEGIN{printf \"%.0f\", $1 * 1000}"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system, in clock ticks
cpu_s() { awk "BEGIN{printf \"%.2f\", ($2 - $1) / $(getconf CLK_TCK)}"; }
median() { sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]}'; }

# The rows hyperfine times in each cell, in MATRIX_ROWS order.
row_name() {
  case "$1" in
    default) echo "kubectl rsip diff bench -n flux-system" ;;
    concurrency) echo "kubectl rsip diff bench -n flux-system --concurrency $MATRIX_CONCURRENCY" ;;
    floor) echo "curl floor: tags/list + every HEAD, --http2 --parallel --parallel-max $FLOOR_PARALLEL" ;;
    direct) echo "curl floor straight to docker-registry (no proxy, no latency)" ;;
  esac
}
row_command() {
  case "$1" in
    default) echo "kubectl rsip diff bench -n flux-system" ;;
    concurrency) echo "kubectl rsip diff bench -n flux-system --concurrency $MATRIX_CONCURRENCY" ;;
    floor) echo "$work/floor.sh $P $RCA $work/floor $FLOOR_PARALLEL '$ACC'" ;;
    direct) echo "$work/floor.sh $R $RCA $work/floor $FLOOR_PARALLEL '$ACC'" ;;
  esac
}

: > "$work/matrix.tsv"
h2=""
for n in $TAG_COUNTS; do
  # M2. $n tags of the same Flux artifact in apps/bench (one layer and config blob, one manifest
  # each, so each tag has its own digest), then docker-registry with TLS on that storage.
  data="$work/tls-data-$n"
  python3 - "$n" > "$work/push-$n.json" <<'PY'
import json, sys
n = int(sys.argv[1])
content = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bench}\ndata: {k: v}\n"
json.dump([{"tag": f"v2.{i}.0", "content": content, "revision": f"main@sha1:{i:040x}"} for i in range(n)], sys.stdout)
PY
  if [ "$PUSH" = files ]; then
    # Straight into distribution's filesystem layout (what a PUT of each manifest leaves behind):
    # blobs/sha256/<2>/<hex>/data, and per repository _layers/sha256/<hex>/link,
    # _manifests/revisions/sha256/<hex>/link, _manifests/tags/<tag>/{current,index/sha256/<hex>}/link.
    # The manifests are byte for byte registry_client.py push's, so the digests are the same.
    t0=$(date +%s.%N)
    python3 - "$data" apps/bench "$work/push-$n.json" > "$work/digests-$n.json" <<'PY'
import hashlib, json, os, sys
root, repo, items = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
sys.path.insert(0, os.path.join(os.getcwd(), "Tests", "Fixtures", "registry"))
from registry_client import OCI_MANIFEST, layer_for  # noqa: E402
v2 = os.path.join(root, "docker", "registry", "v2")
rp = os.path.join(v2, "repositories", repo)
def blob(data):
    h = hashlib.sha256(data).hexdigest()
    d = os.path.join(v2, "blobs", "sha256", h[:2], h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "data"), "wb") as f:
        f.write(data)
    return h
def link(*parts, h):
    d = os.path.join(rp, *parts)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "link"), "w") as f:
        f.write("sha256:" + h)
config = b"{}"
ch = blob(config)
link("_layers", "sha256", ch, h=ch)
layers, out = {}, {}
for it in items:
    c = it.get("content", "")
    if c not in layers:
        layer = layer_for(c)
        layers[c] = (blob(layer), len(layer))
        link("_layers", "sha256", layers[c][0], h=layers[c][0])
    lh, ls = layers[c]
    m = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
         "config": {"mediaType": "application/vnd.cncf.flux.config.v1+json", "digest": "sha256:" + ch,
                    "size": len(config)},
         "layers": [{"mediaType": "application/vnd.cncf.flux.content.v1.tar+gzip", "digest": "sha256:" + lh,
                     "size": ls}],
         "annotations": {"org.opencontainers.image.created": "2024-01-01T00:00:00Z",
                         "org.opencontainers.image.revision": it.get("revision", ""),
                         "org.opencontainers.image.source": "https://example.invalid/rsip-test"}}
    h = blob(json.dumps(m, separators=(",", ":")).encode())
    link("_manifests", "revisions", "sha256", h, h=h)
    link("_manifests", "tags", it["tag"], "current", h=h)
    link("_manifests", "tags", it["tag"], "index", "sha256", h, h=h)
    out[it["tag"]] = "sha256:" + h
json.dump(out, sys.stdout)
PY
    push_s=$(since "$t0")
    start_tls_registry "$data"
  else
    start_tls_registry "$data"
    t0=$(date +%s.%N)
    python3 Tests/Fixtures/registry/registry_client.py --url "https://127.0.0.1:$TLSREG_PORT" --cacert "$RCA" \
      --repository apps/bench push < "$work/push-$n.json" > "$work/digests-$n.json"
    push_s=$(since "$t0")
  fi
  echo "bench: docker-registry (TLS) PID $TLSREG_PID on 127.0.0.1:$TLSREG_PORT; $n tags in apps/bench ($PUSH) in $push_s s"
  # The registry serves them: the whole list, and the last tag's digest as written.
  R="https://127.0.0.1:$TLSREG_PORT"
  listed=$(curl -fsS --cacert "$RCA" "$R/v2/apps/bench/tags/list?n=1000" | jq '.tags | length')
  [ "$listed" -eq "$n" ] || { echo "bench: docker-registry lists $listed tags, wanted $n" >&2; exit 1; }
  last="v2.$((n - 1)).0"
  want=$(jq -r --arg t "$last" '.[$t]' "$work/digests-$n.json")
  got=$(curl -fsSI --cacert "$RCA" -H "Accept: $ACC" "$R/v2/apps/bench/manifests/$last" |
    tr -d '\r' | sed -n 's/^docker-content-digest: *//Ip')
  [ "$got" = "$want" ] || { echo "bench: $last has digest '$got' at the registry, wrote '$want'" >&2; exit 1; }
  [ -n "$h2" ] || { h2=$(h2_settings "$TLSREG_PORT" "$RCA"); echo "bench: docker-registry's HTTP/2 SETTINGS: $h2"; }

  for rtt in $RTTS; do
    # M3. The latency proxy in front, the RSIP pointed at it, and the checks.
    start_proxy "$rtt"
    P="https://127.0.0.1:$PROXY_PORT"
    LIMIT=$n python3 bench/diff_make_objects.py "$PROXY_PORT" "$RCA" "$work/digests-$n.json" > "$work/objects-m.json"
    seed "$work/objects-m.json"
    probe=$(curl -fsS -o /dev/null --http2 --cacert "$RCA" \
      -w '%{http_version} %{time_connect} %{time_appconnect} %{time_starttransfer}' "$P/v2/")
    read -r pv pc pa pt <<< "$probe"
    [ "$pv" = 2 ] || { echo "bench: curl --http2 through the proxy spoke HTTP/$pv" >&2; exit 1; }
    probe_ms="$(ms "$pc")/$(ms "$pa")/$(ms "$pt")"
    echo "bench: latency proxy PID $PROXY_PID on 127.0.0.1:$PROXY_PORT, RTT $rtt ms: one fresh curl GET /v2/ over HTTP/$pv:" \
      "TCP connected $(ms "$pc") ms, TLS done $(ms "$pa") ms, first byte $(ms "$pt") ms"
    # One plugin run and one floor run, counting the proxy's connections and the CPU time the
    # registry and the proxy spend on each (both share the 2 cores with the client).
    c0=$(proxy_connections) r0=$(cpu_ticks "$TLSREG_PID") x0=$(cpu_ticks "$PROXY_PID")
    rc=0; kubectl rsip diff bench -n flux-system -o json > "$work/diff-m.json" 2> "$work/diff-m.err" || rc=$?
    [ "$rc" -eq 0 ] || { echo "bench: kubectl rsip diff exited $rc: $(cat "$work/diff-m.err")" >&2; head -c 2000 "$work/diff-m.json" >&2; exit 1; }
    c1=$(proxy_connections) r1=$(cpu_ticks "$TLSREG_PID") x1=$(cpu_ticks "$PROXY_PID")
    "$work/floor.sh" "$P" "$RCA" "$work/floor" "$FLOOR_PARALLEL" "$ACC"
    c2=$(proxy_connections) r2=$(cpu_ticks "$TLSREG_PID") x2=$(cpu_ticks "$PROXY_PID")
    cpu="$(cpu_s "$r0" "$r1") / $(cpu_s "$r1" "$r2")	$(cpu_s "$x0" "$x1") / $(cpu_s "$x1" "$x2")"
    f_heads=$(grep -c '^= ' "$work/floor/heads.out" || true)
    f_h2=$(grep -c '^= [0-9]* 2$' "$work/floor/heads.out" || true)
    f_dig=$(grep -ci '^docker-content-digest: sha256:' "$work/floor/heads.out" || true)
    f_conn=$(awk '/^= /{s += $2} END{print s + 0}' "$work/floor/heads.out")
    [ "$f_heads" -eq "$n" ] && [ "$f_h2" -eq "$n" ] && [ "$f_dig" -eq "$n" ] ||
      { echo "bench: the floor's curl made $f_heads HEADs, $f_h2 over HTTP/2, $f_dig digests; wanted $n each" >&2; exit 1; }
    echo "bench: kubectl rsip diff: exit 0 (no differences), $((c1 - c0)) TCP connection(s);" \
      "floor: $f_heads HEADs all HTTP/2, $((c2 - c1)) TCP connections (tags/list + $f_conn for the HEADs);" \
      "registry CPU s plugin / floor: ${cpu%%	*}; proxy CPU s: ${cpu#*	}"

    # M4. hyperfine: every row of the cell in one run; then the plugin's peak RSS.
    cmds=()
    for row in $MATRIX_ROWS; do cmds+=(-n "$(row_name "$row")" "$(row_command "$row")"); done
    hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$out/diff-matrix-$n-$rtt.json" "${cmds[@]}"
    rss=""
    case " $MATRIX_ROWS " in *" default "*)
      rss=$(for _ in $(seq "$RSS_RUNS"); do
        /usr/bin/time -f %M -o "$work/rss.txt" "$bin/kubectl-rsip" diff bench -n flux-system > /dev/null 2>&1 || true
        tail -1 "$work/rss.txt"
      done | median) ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$rtt" "$push_s" "$((c1 - c0))" "$((c2 - c1))" "$probe_ms" "${rss:-}" \
      "$cpu" "$out/diff-matrix-$n-$rtt.json" >> "$work/matrix.tsv"
    stop_pid "$PROXY_PID"; PROXY_PID=""
  done
  stop_pid "$TLSREG_PID"; TLSREG_PID=""
  rm -rf "$data"
done

# M5. The matrix's section of bench/results-diff.md.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
plugin_version=$("$bin/kubectl-rsip" --version 2>/dev/null | head -1 | sed 's/^kubectl-rsip:* *//' || echo unknown)
plugin_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$root" status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null)" ] ||
  plugin_commit="$plugin_commit + uncommitted changes in Sources"
if [ "${BENCH_PREBUILT:-0}" = 1 ]; then
  plugin_build="prebuilt $bin/kubectl-rsip of $(date -u -r "$bin/kubectl-rsip" +%Y-%m-%dT%H:%MZ), BENCH_BIN; the tree was at $plugin_commit"
else
  plugin_build="commit $plugin_commit, release build"
fi
registry_version=$(dpkg-query -W -f='${Version}' docker-registry 2>/dev/null || echo unknown)
registry_go=$(grep -ao -m1 'go1\.[0-9]*\.[0-9]*' "$(command -v docker-registry)" | head -1 || true)
curl_version="$(curl --version | head -1 | awk '{print $2}') ($(curl --version | head -1 | grep -o 'OpenSSL/[^ ]*\|GnuTLS/[^ ]*\|nghttp2/[^ ]*' | paste -sd ' '))"
MROWS="$MATRIX_ROWS" H2="$h2" python3 - "$work/matrix.tsv" > "$work/matrix.md" <<PY
import json, os, sys
rows = os.environ["MROWS"].split()
s = lambda x: f"{x:.2f}"
print("## Network-limit matrix: docker-registry TLS + HTTP/2, TCP latency proxy")
print()
print("- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)")
print("- machine: $(nproc) cores, $cpu, $(uname -sr)")
print("- versions: kubectl-rsip $plugin_version ($plugin_build); "
      "curl $curl_version; docker-registry $registry_version (${registry_go:-go unknown}); $(hyperfine --version); "
      "$(python3 --version)")
print("- registry: Debian docker-registry serving TLS itself (http.tls, throw-away CA from openssl); ALPN h2; "
      f"its first HTTP/2 SETTINGS: {os.environ['H2']}")
print("- network: bench/latency_proxy.py (TCP level, TLS end to end) delays every chunk RTT/2 each way"
      + ("; a new connection's first client bytes also wait 1 RTT (the TCP handshake)" if "$HANDSHAKE" == "1" else
         "; the TCP handshake is not charged (HANDSHAKE=0)"))
print("- data: apps/bench, N tags of one small Flux artifact (shared layer and config, one manifest each), "
      + ("written straight into the registry's filesystem storage" if "$PUSH" == "files" else "pushed with registry_client.py")
      + "; RSIP bench (OCIArtifactTag, oci://127.0.0.1:PROXY/apps/bench, certSecretRef with the CA, filter.limit N) "
      "whose status.exportedInputs holds every tag with its digest, so diff exits 0 (checked in each cell)")
print(f"- floor: bash + curl: GET tags/list?n=1000 and each Link rel=\"next\" page (what the plugin asks), then one "
      f"\`curl --http2 --parallel --parallel-max $FLOOR_PARALLEL --head\` with every tag (no --parallel-immediate: "
      "curl waits for its first connection and multiplexes the rest over it), --cacert: one connection per tag page "
      "(a curl process each) and one for every HEAD")
print("- hyperfine --warmup $WARMUP --runs $RUNS, all rows of a cell in one hyperfine run; cold processes, wall time; "
      "API emulator over TLS on 127.0.0.1 (no added latency); peak RSS: /usr/bin/time -f %M of the plugin binary, "
      "median of $RSS_RUNS runs")
print()
head = {"default": "plugin default s", "concurrency": "plugin --concurrency $MATRIX_CONCURRENCY s",
        "floor": "curl floor s", "direct": "curl floor without the proxy s"}
cols = [head[r] for r in rows]
ratio = [r for r in ("default", "concurrency") if r in rows and "floor" in rows]
print("| tags | RTT ms | " + " | ".join(cols) + "".join(
    f" | {'default' if r == 'default' else '--concurrency $MATRIX_CONCURRENCY'} / floor" for r in ratio)
    + " | peak RSS (default) | TCP connections plugin / floor |")
print("|---:|---:|" + "---:|" * (len(cols) + len(ratio)) + "---:|---:|")
probes = []
for line in open(sys.argv[1]):
    n, rtt, push_s, pconn, fconn, probe, rss, reg_cpu, proxy_cpu, path = line.rstrip("\n").split("\t")
    res = json.load(open(path))["results"]
    med = {r: res[i]["median"] for i, r in enumerate(rows)}
    cells = [f"{s(res[i]['median'])} ({s(res[i]['min'])}–{s(res[i]['max'])})" for i, r in enumerate(rows)]
    cells += [f"{med[r] / med['floor']:.2f}" for r in ratio]
    cells.append(f"{int(rss) / 1024:.1f} MiB" if rss else "")
    cells.append(f"{pconn} / {fconn}")
    print(f"| {int(n):,} | {rtt} | " + " | ".join(cells) + " |")
    probes.append((n, rtt, push_s, probe, reg_cpu, proxy_cpu))
print()
print("Times are median (min–max). \"without the proxy\" is the same floor straight to docker-registry: what the "
      "registry and the client cost on this machine with no latency at all. TCP connections are counted by the proxy "
      "over one plugin run and one floor run (the checks before timing), as is the CPU time the registry and the "
      "proxy spent on them; the probe is one fresh \`curl --http2\` GET /v2/ through the proxy (TCP connected / TLS "
      "done / first byte, ms; the kernel accepts the local TCP connection at once, so the handshake's round trip "
      "shows in the TLS time).")
print()
print("| tags | RTT ms | probe connect / TLS / first byte ms | registry CPU s: plugin / floor | proxy CPU s: plugin / floor | tags written s |")
print("|---:|---:|---:|---:|---:|---:|")
for n, rtt, push_s, probe, reg_cpu, proxy_cpu in probes:
    print(f"| {int(n):,} | {rtt} | {probe.replace('/', ' / ')} | {reg_cpu} | {proxy_cpu} | {push_s} |")
PY
fi   # ---- end of the matrix part ----

# 6. bench/results-diff.md: this run's parts; a part not run keeps what the file already had.
python3 - "$root/bench/results-diff.md" "$work/legacy.md" "$work/matrix.md" "$LEGACY" "$MATRIX" <<'PY'
import os, sys
path, legacy_md, matrix_md, legacy, matrix = sys.argv[1:]
MARK = "## Network-limit matrix"
old = open(path).read() if os.path.exists(path) else ""
at = old.find("\n" + MARK)
old_legacy, old_matrix = (old[:at + 1], old[at + 1:]) if at >= 0 else (old, "")
part_l = open(legacy_md).read() if legacy == "1" else old_legacy
part_m = open(matrix_md).read() if matrix == "1" else old_matrix
if not part_l.strip():
    part_l = "# kubectl-rsip diff benchmark\n"
text = part_l.rstrip("\n") + "\n" + ("\n" + part_m.rstrip("\n") + "\n" if part_m.strip() else "")
open(path, "w").write(text)
PY
echo
cat "$root/bench/results-diff.md"
