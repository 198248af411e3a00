#!/usr/bin/env bash
# The registry scan at the network's limit: `kubectl rsip diff` against the fastest thing curl can
# do over the same link. docker-registry serves TLS itself (HTTP/2 through ALPN) behind
# bench/latency_proxy.py (TCP level, RTT = $RTTS ms, TLS end to end); for each tag count in
# $TAG_COUNTS and each RTT: the plugin (default flags, --concurrency $MATRIX_CONCURRENCY) against
# the curl floor (tag pages, then every HEAD from one `curl --http2 --parallel` over one
# connection). Self-contained: installs what it needs, builds release into .build-bench (or uses
# BENCH_BIN), starts docker-registry, the proxy and the API emulator on 127.0.0.1 and stops them
# by PID on exit. Writes the matrix section of bench/results-diff.md (record:
# bench/results/diff-matrix.run.json; hyperfine's exports: bench/results/diff-matrix-<tags>-<rtt>.json).
#
#   bench/diff-matrix.sh                                   # TAG_COUNTS="1000 10000" RTTS="20 100"
#   BENCH_BIN=.build-bench/release TAG_COUNTS=200 RTTS=20 RUNS=1 WARMUP=0 RSS_RUNS=1 bench/diff-matrix.sh   # a quick trial
set -euo pipefail
cd "$(dirname "$0")/.."

WARMUP=${WARMUP:-1}
RUNS=${RUNS:-5}
RSS_RUNS=${RSS_RUNS:-3}
TAG_COUNTS=${TAG_COUNTS:-"1000 10000"}
RTTS=${RTTS:-"20 100"}                      # round-trip times in ms (the proxy delays each way by half)
MATRIX_CONCURRENCY=${MATRIX_CONCURRENCY:-32}   # the second plugin row (32: the default before HTTP/2 streams)
FLOOR_PARALLEL=${FLOOR_PARALLEL:-100}       # curl --parallel-max
MATRIX_ROWS=${MATRIX_ROWS:-"default concurrency floor direct"}   # the rows hyperfine times (direct: the floor without the proxy)
PUSH=${PUSH:-files}      # files: manifests and tag links written into the storage; http: registry_client.py
HANDSHAKE=${HANDSHAKE:-1}   # 1: the proxy charges a new connection's TCP handshake (1 RTT); 0: not

for row in $MATRIX_ROWS; do
  case "$row" in default | concurrency | floor | direct) ;; *) echo "bench: MATRIX_ROWS: unknown row $row (default, concurrency, floor, direct)" >&2; exit 1 ;; esac
done

. scripts/lib/bench.sh
bench_prepare hyperfine time
bin=$BENCH_BIN
bench_start diff-matrix
bench_record_json params "$(jq -n --arg rows "$MATRIX_ROWS" --argjson warmup "$WARMUP" --argjson runs "$RUNS" \
  --argjson rss "$RSS_RUNS" --argjson conc "$MATRIX_CONCURRENCY" --argjson par "$FLOOR_PARALLEL" --arg push "$PUSH" \
  --argjson handshake "$HANDSHAKE" '{rows: ($rows | split(" ") | map(select(. != ""))), warmup: $warmup, runs: $runs,
  rss_runs: $rss, matrix_concurrency: $conc, floor_parallel: $par, push: $push, handshake: ($handshake == 1)}')"

# 1. docker-registry's own TLS (one throw-away CA for every cell), the emulator.
bench_tls registry
RCA="$work/registry-ca.crt"
bench_emulator

. scripts/lib/latency.sh
latency_floor_script


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
    floor) echo "$work/floor.sh $P $RCA $work/floor $FLOOR_PARALLEL '$BENCH_ACCEPT'" ;;
    direct) echo "$work/floor.sh $R $RCA $work/floor $FLOOR_PARALLEL '$BENCH_ACCEPT'" ;;
  esac
}

h2=""
for n in $TAG_COUNTS; do
  # 2. $n tags of the same Flux artifact in apps/bench (one layer and config blob, one manifest
  # each, so each tag has its own digest), then docker-registry with TLS on that storage.
  data="$work/tls-data-$n"
  python3 bench/make_tags.py "$n" > "$work/push-$n.json"
  t0=$(date +%s.%N)
  if [ "$PUSH" = files ]; then
    python3 bench/write_storage.py "$data" apps/bench "$work/push-$n.json" > "$work/digests-$n.json"
    push_s=$(bench_since "$t0")
    registry_start "$work" --storage "$data" --tls "$work/registry.crt" "$work/registry.key" "$RCA" --quiet
  else
    registry_start "$work" --storage "$data" --tls "$work/registry.crt" "$work/registry.key" "$RCA" --quiet
    t0=$(date +%s.%N)
    python3 Tests/Fixtures/registry/registry_client.py --url "$REGISTRY_URL" --cacert "$RCA" \
      --repository apps/bench push < "$work/push-$n.json" > "$work/digests-$n.json"
    push_s=$(bench_since "$t0")
  fi
  echo "bench: docker-registry (TLS) PID $REGISTRY_PID on $REGISTRY_HOST; $n tags in apps/bench ($PUSH) in $push_s s"
  # The registry serves them: the whole list, and the last tag's digest as written.
  R=$REGISTRY_URL
  listed=$(curl -fsS --cacert "$RCA" "$R/v2/apps/bench/tags/list?n=1000" | jq '.tags | length')
  [ "$listed" -eq "$n" ] || { echo "bench: docker-registry lists $listed tags, wanted $n" >&2; exit 1; }
  last="v2.$((n - 1)).0"
  want=$(jq -r --arg t "$last" '.[$t]' "$work/digests-$n.json")
  got=$(curl -fsSI --cacert "$RCA" -H "Accept: $BENCH_ACCEPT" "$R/v2/apps/bench/manifests/$last" |
    tr -d '\r' | sed -n 's/^docker-content-digest: *//Ip')
  [ "$got" = "$want" ] || { echo "bench: $last has digest '$got' at the registry, wrote '$want'" >&2; exit 1; }
  if [ -z "$h2" ]; then
    h2=$(python3 bench/h2_settings.py "$REGISTRY_PORT" "$RCA")
    echo "bench: docker-registry's HTTP/2 SETTINGS: $h2"
    bench_record h2_settings "$h2"
  fi

  for rtt in $RTTS; do
    # 3. The latency proxy in front, the RSIP pointed at it, and the checks.
    latency_proxy_start "$rtt"
    P="https://127.0.0.1:$PROXY_PORT"
    LIMIT=$n python3 bench/diff_make_objects.py "$PROXY_PORT" "$RCA" "$work/digests-$n.json" > "$work/objects-m.json"
    bench_seed "$work/objects-m.json" > /dev/null
    latency_proxy_probe "$RCA"
    echo "bench: latency proxy PID $PROXY_PID on 127.0.0.1:$PROXY_PORT, RTT $rtt ms: one fresh curl GET /v2/ over HTTP/2:" \
      "TCP connected $PROBE_CONNECT_MS ms, TLS done $PROBE_TLS_MS ms, first byte $PROBE_FIRST_MS ms"
    # One plugin run and one floor run, counting the proxy's connections and the CPU time the
    # registry and the proxy spend on each (both share the 2 cores with the client).
    c0=$(latency_proxy_connections) r0=$(bench_cpu_ticks "$REGISTRY_PID") x0=$(bench_cpu_ticks "$PROXY_PID")
    rc=0; kubectl rsip diff bench -n flux-system -o json > "$work/diff-m.json" 2> "$work/diff-m.err" || rc=$?
    [ "$rc" -eq 0 ] || { echo "bench: kubectl rsip diff exited $rc: $(cat "$work/diff-m.err")" >&2; head -c 2000 "$work/diff-m.json" >&2; exit 1; }
    c1=$(latency_proxy_connections) r1=$(bench_cpu_ticks "$REGISTRY_PID") x1=$(bench_cpu_ticks "$PROXY_PID")
    "$work/floor.sh" "$P" "$RCA" "$work/floor" "$FLOOR_PARALLEL" "$BENCH_ACCEPT"
    c2=$(latency_proxy_connections) r2=$(bench_cpu_ticks "$REGISTRY_PID") x2=$(bench_cpu_ticks "$PROXY_PID")
    f_conn=$(awk '/^= /{s += $2} END{print s + 0}' "$work/floor/heads.out")
    latency_check_floor "$n"
    echo "bench: kubectl rsip diff: exit 0 (no differences), $((c1 - c0)) TCP connection(s);" \
      "floor: $n HEADs all HTTP/2, $((c2 - c1)) TCP connections (tags/list + $f_conn for the HEADs);" \
      "registry CPU s plugin / floor: $(bench_ticks_s "$r0" "$r1") / $(bench_ticks_s "$r1" "$r2");" \
      "proxy CPU s: $(bench_ticks_s "$x0" "$x1") / $(bench_ticks_s "$x1" "$x2")"

    # 4. hyperfine: every row of the cell in one run; then the plugin's peak RSS.
    cmds=()
    for row in $MATRIX_ROWS; do cmds+=(-n "$(row_name "$row")" "$(row_command "$row")"); done
    bench_hyperfine "diff-matrix-$n-$rtt" "$WARMUP" "$RUNS" "${cmds[@]}"
    rss=null
    case " $MATRIX_ROWS " in *" default "*)
      rss=$(for _ in $(seq "$RSS_RUNS"); do
        bench_time "$bin/kubectl-rsip" diff bench -n flux-system || true
        echo "$BT_KIB"
      done | bench_median) ;;
    esac
    bench_append cells "$(jq -n --argjson n "$n" --argjson rtt "$rtt" --argjson push "$push_s" --argjson rss "$rss" \
      --argjson pc "$((c1 - c0))" --argjson fc "$((c2 - c1))" --argjson connect "$PROBE_CONNECT_MS" --argjson tls "$PROBE_TLS_MS" \
      --argjson first "$PROBE_FIRST_MS" --argjson rp "$(bench_ticks_s "$r0" "$r1")" --argjson rf "$(bench_ticks_s "$r1" "$r2")" \
      --argjson xp "$(bench_ticks_s "$x0" "$x1")" --argjson xf "$(bench_ticks_s "$x1" "$x2")" --arg hf "diff-matrix-$n-$rtt" \
      '{tags: $n, rtt_ms: $rtt, push_seconds: $push, hyperfine: $hf, rss_kib: $rss, connections: {plugin: $pc, floor: $fc},
        probe_ms: {connect: $connect, tls: $tls, first_byte: $first},
        registry_cpu_seconds: {plugin: $rp, floor: $rf}, proxy_cpu_seconds: {plugin: $xp, floor: $xf}}')"
    bench_stop "$PROXY_PID"; PROXY_PID=""
  done
  registry_stop
  rm -rf "$data"
done

bench_finish diff
