#!/usr/bin/env bash
# Benchmarks `kubectl rsip get -A` against `kubectl get rsip -A` on 500 RSIPs in 10 namespaces served
# by the project's Kubernetes API emulator, plus the plugin's cold start. Self-contained: installs
# what it needs, builds release into .build-bench, starts and stops the emulator, writes
# bench/results.md (record: bench/results/get.run.json; hyperfine's exports: bench/results/*.json).
# Leaves nothing running.
#
#   bench/get.sh                 # defaults: 500 RSIPs, 10 namespaces, --warmup 2 --runs 15
#   RSIPS=2000 RUNS=30 bench/get.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RSIPS=${RSIPS:-500}
NAMESPACES=${NAMESPACES:-10}
WARMUP=${WARMUP:-2}
RUNS=${RUNS:-15}

# 1. Prerequisites and the release build.
. scripts/lib/bench.sh
bench_prepare hyperfine
bin=$BENCH_BIN
bench_start get

# 2. The emulator (no seed), then one bulk POST of the generated objects.
bench_emulator
python3 bench/make_rsips.py "$RSIPS" "$NAMESPACES" > "$work/objects.json"
seeded=$(bench_seed "$work/objects.json" | jq '[.items[] | select(.kind == "ResourceSetInputProvider")] | length')
echo "bench: seeded $seeded RSIPs in $NAMESPACES namespaces ($(wc -c < "$work/objects.json") bytes, one POST)"

cache="$work/kube-cache"
[ "$(kubectl get rsip -A --no-headers --cache-dir "$cache" | wc -l)" -eq "$RSIPS" ] ||
  { echo "bench: kubectl get rsip -A did not list $RSIPS RSIPs" >&2; exit 1; }
[ "$(kubectl rsip get -A --no-headers | wc -l)" -eq "$RSIPS" ] ||
  { echo "bench: kubectl rsip get -A did not list $RSIPS RSIPs" >&2; exit 1; }
# That first `kubectl get` also filled kubectl's discovery cache in $cache (as on a workstation, where
# ~/.kube/cache is warm); every timed kubectl run below reuses it. hyperfine's warmup runs go first too.
echo "bench: warmed kubectl's discovery cache in $cache"
bench_record_json params "$(jq -n --argjson rsips "$seeded" --argjson ns "$NAMESPACES" --argjson warmup "$WARMUP" \
  --argjson runs "$RUNS" --arg cache "$cache" '{rsips: $rsips, namespaces: $ns, warmup: $warmup, runs: $runs, cache: $cache}')"

# 3. hyperfine.
hf() { bench_hyperfine "$1" "$WARMUP" "$RUNS" "${@:2}"; }
hf get-table -n 'kubectl rsip get -A' -n 'kubectl get rsip -A' \
  'kubectl rsip get -A' "kubectl get rsip -A --cache-dir $cache"
hf get-json -n 'kubectl rsip get -A -o json' -n 'kubectl get rsip -A -o json' \
  'kubectl rsip get -A -o json' "kubectl get rsip -A -o json --cache-dir $cache"
hf cold-start -n 'kubectl-rsip --help (direct)' -n 'kubectl rsip --help' \
  "$bin/kubectl-rsip --help" 'kubectl rsip --help'
# Reference rows, to see where the time goes: the plugin run directly (no kubectl plugin dispatch),
# and without gzip (libcurl asks for it; the emulator gzips responses over 128 KiB, which costs more
# than it saves on loopback). /usr/bin/kubectl may be a dispatcher (the Google Cloud SDK's asks the
# server for /version, then execs the kubectl.1.NN next to it): time that versioned binary directly.
ref=("$bin/kubectl-rsip get -A" "$bin/kubectl-rsip get -A --disable-compression")
real_kubectl=$(readlink -f "$(command -v kubectl)")
[ -x "${real_kubectl}.1.32" ] && ref+=("${real_kubectl}.1.32 get rsip -A --cache-dir $cache")
hf reference "${ref[@]}"

bench_finish get
