#!/usr/bin/env bash
# Benchmarks `kubectl rsip get -A` against `kubectl get rsip -A` on 500 RSIPs in 10 namespaces served
# by the project's Kubernetes API emulator, plus the plugin's cold start; then, over 5,000 RSIPs,
# `kubectl rsip get -A -o jsonpath=T` against `kubectl get rsip -A -o jsonpath=T` (issue 25: within
# 0.75x of kubectl's wall time), after checking both print the same bytes. Self-contained: installs
# what it needs, builds release into .build-bench, starts and stops the emulator, writes
# bench/results.md (record: bench/results/get.run.json; hyperfine's exports: bench/results/*.json).
# Leaves nothing running.
#
#   bench/get.sh                 # defaults: 500 RSIPs, 10 namespaces, --warmup 2 --runs 15;
#                                # 5,000 RSIPs for -o jsonpath, --warmup 1 --runs 10
#   RSIPS=2000 RUNS=30 JSONPATH_RSIPS=10000 JSONPATH_RUNS=5 bench/get.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RSIPS=${RSIPS:-500}
NAMESPACES=${NAMESPACES:-10}
WARMUP=${WARMUP:-2}
RUNS=${RUNS:-15}
JSONPATH_RSIPS=${JSONPATH_RSIPS:-5000}
JSONPATH_WARMUP=${JSONPATH_WARMUP:-1}
JSONPATH_RUNS=${JSONPATH_RUNS:-10}

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

# 4. -o jsonpath over JSONPATH_RSIPS providers: the same generator, so the first RSIPS objects are
# the ones above again (the emulator replaces them) and the rest are added, in one POST.
python3 bench/make_rsips.py "$JSONPATH_RSIPS" "$NAMESPACES" > "$work/objects-jsonpath.json"
bench_seed "$work/objects-jsonpath.json" > /dev/null
template='{range .items[*]}{.metadata.name}{"\t"}{.status.exportedInputs[0].tag}{"\n"}{end}'
kubectl get rsip -A -o "jsonpath=$template" --cache-dir "$cache" > "$work/jsonpath-kubectl.txt"
kubectl rsip get -A -o "jsonpath=$template" > "$work/jsonpath-rsip.txt"
cmp -s "$work/jsonpath-kubectl.txt" "$work/jsonpath-rsip.txt" ||
  { echo "bench: kubectl rsip get -o jsonpath printed something else than kubectl get -o jsonpath" >&2; exit 1; }
lines=$(wc -l < "$work/jsonpath-rsip.txt")
[ "$lines" -eq "$JSONPATH_RSIPS" ] || { echo "bench: -o jsonpath printed $lines lines, not $JSONPATH_RSIPS" >&2; exit 1; }
echo "bench: -o jsonpath prints the same $lines lines through kubectl and kubectl rsip"
bench_record_json params.jsonpath "$(jq -n --argjson rsips "$JSONPATH_RSIPS" --argjson warmup "$JSONPATH_WARMUP" \
  --argjson runs "$JSONPATH_RUNS" --arg template "$template" --argjson lines "$lines" \
  '{rsips: $rsips, warmup: $warmup, runs: $runs, template: $template, identical_lines: $lines}')"
bench_hyperfine get-jsonpath "$JSONPATH_WARMUP" "$JSONPATH_RUNS" \
  -n 'kubectl rsip get -A -o jsonpath=T' -n 'kubectl get rsip -A -o jsonpath=T' \
  "kubectl rsip get -A -o 'jsonpath=$template'" "kubectl get rsip -A -o 'jsonpath=$template' --cache-dir $cache"

bench_finish get
