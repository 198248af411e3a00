#!/usr/bin/env bash
# `kubectl rsip diff NAME -o json` as users run it, through kubectl's plugin dispatch, against the
# fastest thing curl can do over the same link in the same hyperfine run (issue 27, item 5: the
# start-up is overlapped, so the whole command stays within 1.15x of the floor). docker-registry
# serves $TAGS tags over TLS itself (HTTP/2 through ALPN) behind bench/latency_proxy.py (TCP level,
# RTT = each of $RTTS ms); the provider is read from the API emulator with a certSecretRef holding
# the registry's CA, so the plugin reads the provider, then the Secret, then scans. Rows: the
# plugin through kubectl, the same binary run directly (reference: kubectl's dispatch is the
# difference), and the curl floor (tag pages, then every HEAD from one `curl --http2 --parallel
# --parallel-max $FLOOR_PARALLEL`). Self-contained: installs what it needs, builds release into
# .build-bench (or uses BENCH_BIN), starts docker-registry, the proxy and the emulator on 127.0.0.1
# and stops them by PID on exit. Writes bench/results-startup.md (record:
# bench/results/startup.run.json; hyperfine's exports: bench/results/startup-<tags>-<rtt>.json).
#
#   bench/startup.sh                                  # TAGS=1000 RTTS="20 100" RUNS=10
#   TAGS=200 RTTS=20 RUNS=2 WARMUP=0 bench/startup.sh # a quick trial
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-2}
RUNS=${RUNS:-10}
TAGS=${TAGS:-1000}
RTTS=${RTTS:-"20 100"}
FLOOR_PARALLEL=${FLOOR_PARALLEL:-100}
HANDSHAKE=${HANDSHAKE:-1}

. scripts/lib/bench.sh
bench_prepare hyperfine
bench_start startup
bench_record_json params "$(jq -n --argjson tags "$TAGS" --argjson warmup "$WARMUP" --argjson runs "$RUNS" \
  --argjson par "$FLOOR_PARALLEL" --argjson handshake "$HANDSHAKE" \
  '{tags: $tags, warmup: $warmup, runs: $runs, floor_parallel: $par, handshake: ($handshake == 1)}')"

# 1. docker-registry's own TLS, the emulator, the tags written into the registry's storage.
bench_tls registry
RCA="$work/registry-ca.crt"
bench_emulator
. scripts/lib/latency.sh
latency_floor_script
python3 bench/make_tags.py "$TAGS" > "$work/push.json"
python3 bench/write_storage.py "$work/data" apps/bench "$work/push.json" > "$work/digests.json"
registry_start "$work" --storage "$work/data" --tls "$work/registry.crt" "$work/registry.key" "$RCA" --quiet
echo "bench: docker-registry (TLS) PID $REGISTRY_PID on $REGISTRY_HOST; $TAGS tags in apps/bench"
listed=$(curl -fsS --cacert "$RCA" "$REGISTRY_URL/v2/apps/bench/tags/list?n=1000" | jq '.tags | length')
[ "$listed" -eq "$((TAGS < 1000 ? TAGS : 1000))" ] || { echo "bench: docker-registry lists $listed tags" >&2; exit 1; }

for rtt in $RTTS; do
  # 2. The proxy in front, the provider pointed at it (certSecretRef: the registry's CA).
  latency_proxy_start "$rtt"
  P="https://127.0.0.1:$PROXY_PORT"
  LIMIT=$TAGS python3 bench/diff_make_objects.py "$PROXY_PORT" "$RCA" "$work/digests.json" > "$work/objects.json"
  bench_seed "$work/objects.json" > /dev/null
  latency_proxy_probe "$RCA"
  echo "bench: latency proxy on 127.0.0.1:$PROXY_PORT, RTT $rtt ms: a fresh curl GET /v2/: TCP $PROBE_CONNECT_MS ms," \
    "TLS $PROBE_TLS_MS ms, first byte $PROBE_FIRST_MS ms"

  # 3. The checks: the plugin finds no difference over all the tags, the floor makes every HEAD.
  c0=$(latency_proxy_connections)
  rc=0; kubectl rsip diff bench -n flux-system -o json > "$work/diff.json" 2> "$work/diff.err" || rc=$?
  [ "$rc" -eq 0 ] || { echo "bench: kubectl rsip diff exited $rc: $(cat "$work/diff.err")" >&2; exit 1; }
  [ "$(jq '.providers[0].registryTags' "$work/diff.json")" -eq "$TAGS" ] ||
    { echo "bench: diff saw $(jq '.providers[0].registryTags' "$work/diff.json") tags" >&2; exit 1; }
  c1=$(latency_proxy_connections)
  "$work/floor.sh" "$P" "$RCA" "$work/floor" "$FLOOR_PARALLEL" "$BENCH_ACCEPT"
  latency_check_floor "$TAGS"
  c2=$(latency_proxy_connections)
  echo "bench: kubectl rsip diff -o json: exit 0, no differences, $((c1 - c0)) TCP connection(s); floor: $((c2 - c1))"

  # 4. hyperfine: the three rows in one run.
  bench_hyperfine "startup-$TAGS-$rtt" "$WARMUP" "$RUNS" \
    -n "kubectl rsip diff bench -n flux-system -o json" \
    -n "kubectl-rsip diff bench -n flux-system -o json (the binary, without kubectl)" \
    -n "curl floor: tags/list + every HEAD, --http2 --parallel --parallel-max $FLOOR_PARALLEL" \
    "kubectl rsip diff bench -n flux-system -o json" \
    "$BENCH_BIN/kubectl-rsip diff bench -n flux-system -o json" \
    "$work/floor.sh $P $RCA $work/floor $FLOOR_PARALLEL '$BENCH_ACCEPT'"
  bench_append cells "$(jq -n --argjson rtt "$rtt" --argjson pc "$((c1 - c0))" --argjson fc "$((c2 - c1))" \
    --argjson tls "$PROBE_TLS_MS" --argjson first "$PROBE_FIRST_MS" --arg hf "startup-$TAGS-$rtt" \
    '{rtt_ms: $rtt, hyperfine: $hf, connections: {plugin: $pc, floor: $fc}, probe_ms: {tls: $tls, first_byte: $first}}')"
  bench_stop "$PROXY_PID"; PROXY_PID=""
done

bench_finish startup
