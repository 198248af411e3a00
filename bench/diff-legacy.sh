#!/usr/bin/env bash
# Benchmarks `kubectl rsip diff` on one provider whose registry holds $TAGS tags, behind
# Tests/Fixtures/registry/front.py (TLS, HTTP/1.1, +$LATENCY_MS ms per request), against what a user
# would otherwise run (skopeo list-tags + one skopeo inspect --raw per tag, a curl loop, curl
# --parallel) and the controller's pattern (--concurrency 1). Self-contained: installs what it
# needs, builds release into .build-bench (or uses BENCH_BIN), starts docker-registry, the front
# and the API emulator on 127.0.0.1 and stops them by PID on exit. Writes the first section of
# bench/results-diff.md (record: bench/results/diff-legacy.run.json; hyperfine's exports:
# bench/results/diff-*.json; one -v=6 log: bench/results/diff-v6.log).
#
#   bench/diff-legacy.sh                           # the defaults below; about 7 minutes
#   SKOPEO_TAGS=1000 SKOPEO_RUNS=1 bench/diff-legacy.sh   # the full skopeo loop (about 2-3 minutes)
#   TAGS=50 SKOPEO_TAGS=10 RUNS=1 WARMUP=0 SKOPEO_RUNS=1 RSS_RUNS=1 EXTRA_CONCURRENCY= bench/diff-legacy.sh   # a quick trial
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-1}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
TAGS=${TAGS:-1000}
LATENCY_MS=${LATENCY_MS:-20}
SKOPEO_TAGS=${SKOPEO_TAGS:-100}   # the skopeo loop is timed on this many tags, then scaled to $TAGS
SKOPEO_RUNS=${SKOPEO_RUNS:-2}
EXTRA_CONCURRENCY=${EXTRA_CONCURRENCY-"32 64"}   # more plugin rows, to see where the time goes

. scripts/lib/bench.sh
bench_prepare hyperfine time skopeo
bin=$BENCH_BIN
bench_start diff-legacy
bench_record_json params "$(jq -n --argjson tags "$TAGS" --argjson latency "$LATENCY_MS" --argjson warmup "$WARMUP" \
  --argjson runs "$RUNS" --argjson rss "$RSS_RUNS" --argjson sktags "$SKOPEO_TAGS" --argjson skruns "$SKOPEO_RUNS" \
  --arg extra "$EXTRA_CONCURRENCY" '{tags: $tags, latency_ms: $latency, warmup: $warmup, runs: $runs, rss_runs: $rss,
  skopeo_tags: $sktags, skopeo_runs: $skruns, extra_concurrency: ($extra | split(" ") | map(select(. != "") | tonumber))}')"

# 1. docker-registry (plain HTTP, temp storage), $TAGS tags pushed, then the TLS front with latency.
registry_start "$work" --quiet
reg_port=$REGISTRY_PORT
echo "bench: docker-registry PID $REGISTRY_PID on 127.0.0.1:$reg_port"
python3 bench/make_tags.py "$TAGS" > "$work/push.json"
t0=$(date +%s.%N)
python3 Tests/Fixtures/registry/registry_client.py --url "http://127.0.0.1:$reg_port" --repository apps/bench \
  push < "$work/push.json" > "$work/digests.json"
pushed=$(jq length "$work/digests.json")
[ "$pushed" -eq "$TAGS" ] || { echo "bench: pushed $pushed tags, wanted $TAGS" >&2; exit 1; }
echo "bench: pushed $pushed tags to apps/bench in $(bench_since "$t0") s"

bench_tls front
mkdir -p "$work/certs.d" && cp "$work/front-ca.crt" "$work/certs.d/ca.crt"   # skopeo --cert-dir: *.crt files are CAs
python3 -u Tests/Fixtures/registry/front.py --upstream "http://127.0.0.1:$reg_port" \
  --tls-cert "$work/front.crt" --tls-key "$work/front.key" --latency-ms "$LATENCY_MS" \
  > "$work/front.out" 2> "$work/front.err" &
FRONT_PID=$!
bench_track "$FRONT_PID"
front_port=$(bench_listening "$work/front.out" "$work/front.err" front)
F="https://127.0.0.1:$front_port"
fcurl() { curl -fsS --cacert "$work/front-ca.crt" "$@"; }
echo "bench: front PID $FRONT_PID on 127.0.0.1:$front_port (TLS, +$LATENCY_MS ms per request) -> registry"
t0=$(date +%s.%N); fcurl -o /dev/null "$F/v2/"; t1=$(date +%s.%N)
echo "bench: one fresh TLS round trip through the front: $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b - a) * 1000}') ms"

# 2. The emulator, seeded with the namespace, the CA Secret and the RSIP in one POST.
bench_emulator
python3 bench/diff_make_objects.py "$front_port" "$work/front-ca.crt" "$work/digests.json" > "$work/objects.json"
bench_seed "$work/objects.json" > /dev/null

# Sanity: the plugin sees no difference (exit 0) and scanned all tags; skopeo can read the front.
rc=0; kubectl rsip diff bench -n flux-system -o json > "$work/diff.json" 2> "$work/diff.err" || rc=$?
[ "$rc" -eq 0 ] || { echo "bench: kubectl rsip diff exited $rc: $(cat "$work/diff.err")" >&2; head -c 2000 "$work/diff.json" >&2; exit 1; }
echo "bench: kubectl rsip diff bench -n flux-system: exit 0 (no differences), $(wc -c < "$work/diff.json") bytes of JSON"
SK=(--cert-dir "$work/certs.d")
img="docker://127.0.0.1:$front_port/apps/bench"
listed=$(skopeo list-tags "${SK[@]}" "$img" | jq '.Tags | length')
[ "$listed" -eq "$TAGS" ] || { echo "bench: skopeo list-tags found $listed tags" >&2; exit 1; }
# skopeo 1.9 and these Flux artifacts, through the front and directly (exact errors go in the report):
# - `skopeo inspect` (no --raw) fails on any Flux artifact: containers/image refuses image-specific
#   operations on a manifest whose config is application/vnd.cncf.flux.config.v1+json.
# - `skopeo inspect --raw` works against docker-registry directly, but not through front.py: skopeo
#   (Go) sends its six Accept types as six separate `Accept:` header lines, and the front forwards
#   only the last one (a dict of headers), the OCI *index* type, so distribution 2.8 answers
#   "OCI manifest found, but accept header does not support OCI manifests". The plugin and curl send
#   one comma-joined Accept and are unaffected.
stats_reset() { fcurl -o /dev/null -X DELETE "$F/_front/stats"; }
stats() { fcurl "$F/_front/stats" | jq ".$1"; }
direct="docker://127.0.0.1:$reg_port/apps/bench"
skopeo_inspect_err=$(skopeo inspect --tls-verify=false "$direct:v2.0.0" 2>&1 >/dev/null | tail -1 | sed 's/.*msg=//' || true)
stats_reset
skopeo_front_err=$(skopeo inspect --raw "${SK[@]}" "$img:v2.0.0" 2>&1 >/dev/null | tail -1 | sed 's/.*msg=//' || true)
skopeo_reqs=$(stats total)   # requests one `skopeo inspect --raw` makes (/v2/ ping + manifest GET)
skopeo inspect --raw --tls-verify=false "$direct:v2.0.0" | grep -q 'vnd.cncf.flux.content.v1.tar+gzip' ||
  { echo "bench: skopeo inspect --raw (direct) did not return the Flux manifest" >&2; exit 1; }
echo "bench: skopeo inspect: ${skopeo_inspect_err:-ok}"
echo "bench: skopeo inspect --raw through the front: ${skopeo_front_err:-ok} ($skopeo_reqs requests)"
bench_record skopeo.inspect_error "$skopeo_inspect_err"
bench_record skopeo.inspect_raw_front_error "$skopeo_front_err"
bench_record_json skopeo.requests_per_inspect "$skopeo_reqs"

# The user's loops, on the first $SKOPEO_TAGS tags of the list, scaled to $TAGS in the report.
skopeo list-tags "${SK[@]}" "$img" | jq -r '.Tags[]' | head -n "$SKOPEO_TAGS" > "$work/skopeo-tags.txt"
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
  curl -fsSI --cacert $work/front-ca.crt -H 'Accept: $BENCH_ACCEPT' "$F/v2/apps/bench/manifests/\$t" | grep -i '^docker-content-digest' > /dev/null
done < $work/skopeo-tags.txt
EOF
chmod +x "$work/skopeo-loop.sh" "$work/curl-loop.sh"

# 3. hyperfine. Before each group the front's stats are reset; its max in-flight is read after.
hf() {  # hf NAME WARMUP RUNS HYPERFINE_ARGS...
  local name=$1; shift
  stats_reset
  bench_hyperfine "diff-$name" "$@"
  bench_record_json "front_max_in_flight.$name" "$(stats maxInFlight)"
}
hf default "$WARMUP" "$RUNS" -n 'kubectl rsip diff bench -n flux-system' 'kubectl rsip diff bench -n flux-system'
hf sequential "$WARMUP" "$RUNS" -n 'kubectl rsip diff bench -n flux-system --concurrency 1' \
  'kubectl rsip diff bench -n flux-system --concurrency 1'
for c in $EXTRA_CONCURRENCY; do
  hf "c$c" "$WARMUP" "$RUNS" -n "kubectl rsip diff bench -n flux-system --concurrency $c" \
    "kubectl rsip diff bench -n flux-system --concurrency $c"
done
# Reference rows, to see where the time goes:
# - curl --parallel: the same $TAGS HEADs from one process over 16 keep-alive connections with a
#   sliding window (a new transfer starts as soon as one ends), through the same front;
# - the plugin with the front's latency set to 0: what the front + registry + plugin cost without it.
jq -r --arg base "$F/v2/apps/bench/manifests/" 'keys_unsorted[] | "url = \"\($base)\(.)\"\nhead\noutput = \"/dev/null\""' \
  "$work/digests.json" > "$work/heads.cfg"
hf curl-parallel "$WARMUP" "$RUNS" -n "curl --parallel --parallel-max 16: $TAGS HEADs, one process (reference)" \
  "curl -s --parallel --parallel-max 16 --cacert $work/front-ca.crt -H 'Accept: $BENCH_ACCEPT' -K $work/heads.cfg"
fcurl -o /dev/null -H 'Content-Type: application/json' -d '{"latencyMs": 0}' "$F/_front/config"
hf nolatency "$WARMUP" "$RUNS" -n 'kubectl rsip diff bench -n flux-system, front latency 0 (reference)' \
  'kubectl rsip diff bench -n flux-system'
fcurl -o /dev/null -H 'Content-Type: application/json' -d "{\"latencyMs\": $LATENCY_MS}" "$F/_front/config"

# CPU of one default run: the plugin's (time) and the front's (/proc/PID/stat utime+stime).
f0=$(bench_cpu_ticks "$FRONT_PID")
bench_time "$bin/kubectl-rsip" diff bench -n flux-system || true
f1=$(bench_cpu_ticks "$FRONT_PID")
bench_record_json cpu "$(jq -n --argjson user "$BT_USER" --argjson sys "$BT_SYS" --arg wall "$BT_WALL" \
  --argjson front "$(bench_ticks_s "$f0" "$f1")" '{plugin: {user: $user, sys: $sys, wall: $wall}, front_seconds: $front}')"
echo "bench: one default run: plugin CPU $BT_USER s user, $BT_SYS s sys, wall $BT_WALL; front CPU $(bench_ticks_s "$f0" "$f1") s"

hf skopeo-list 1 "$RUNS" -n 'skopeo list-tags (direct)' "skopeo list-tags --tls-verify=false $direct"
hf skopeo-loop 0 "$SKOPEO_RUNS" -n "skopeo list-tags + $SKOPEO_TAGS x skopeo inspect --raw (direct)" "$work/skopeo-loop.sh"
hf skopeo-list-front 1 "$RUNS" -n 'skopeo list-tags (front)' "skopeo list-tags ${SK[*]} $img"
hf curl-list 1 "$RUNS" -n 'curl tags/list (front)' "curl -fsS --cacert $work/front-ca.crt $F/v2/apps/bench/tags/list"
hf curl-loop 0 "$SKOPEO_RUNS" -n "curl tags/list + $SKOPEO_TAGS x curl -sI (front)" "$work/curl-loop.sh"

# Peak memory: the largest RSS over $RSS_RUNS runs of the plugin binary (kubectl execs it, so this
# is the plugin process itself; kubectl's dispatcher is measured separately for reference).
rss_of() {  # rss_of KEY COMMAND...
  local key=$1 best=0 _; shift
  for _ in $(seq "$RSS_RUNS"); do
    bench_time "$@" || true
    [ "$BT_KIB" -le "$best" ] || best=$BT_KIB
  done
  bench_record_json "rss_kib.$key" "$best"
}
rss_of default "$bin/kubectl-rsip" diff bench -n flux-system
rss_of kubectl kubectl rsip diff bench -n flux-system
rss_of sequential "$bin/kubectl-rsip" diff bench -n flux-system --concurrency 1
rss_of json "$bin/kubectl-rsip" diff bench -n flux-system -o json
rss_of skopeo skopeo inspect --raw --tls-verify=false "$direct:v2.0.0"
rss_of skopeo_list skopeo list-tags "${SK[@]}" "$img"

# One verbose run: how the plugin's requests spread over time (the -v=6 log to a file).
"$bin/kubectl-rsip" diff bench -n flux-system -v=6 > /dev/null 2> "$out/diff-v6.log" || true
echo "bench: -v=6 log of one default run: $(grep -c . "$out/diff-v6.log" || true) lines in $out/diff-v6.log"

bench_finish diff
