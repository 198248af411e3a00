#!/usr/bin/env bash
# Benchmarks `kubectl rsip get -A` against `kubectl get rsip -A` on 500 RSIPs in 10 namespaces served
# by the project's Kubernetes API emulator, plus the plugin's cold start. Self-contained: installs
# what it needs, builds release into .build-bench, starts and stops the emulator, writes
# bench/results.md (+ bench/results/*.json, hyperfine's raw exports). Leaves nothing running.
#
#   bench/get.sh                 # defaults: 500 RSIPs, 10 namespaces, --warmup 2 --runs 15
#   RSIPS=2000 RUNS=30 bench/get.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

RSIPS=${RSIPS:-500}
NAMESPACES=${NAMESPACES:-10}
WARMUP=${WARMUP:-2}
RUNS=${RUNS:-15}

# 1. Prerequisites and the release build.
. scripts/lib/bench.sh
bench_prepare hyperfine
bin=$BENCH_BIN

# 2. The emulator (no seed), then one bulk POST of the generated objects.
work=$(mktemp -d)
. scripts/lib/emulator.sh
cleanup() {
  emulator_stop
  # The emulator lib leaves a `cat` draining the emulator's stdout; it ends at EOF, but make sure.
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
emulator_start "$work"   # no --seed: an empty cluster
echo "bench: emulator PID $EMULATOR_PID on port $EMULATOR_PORT"

python3 bench/make_rsips.py "$RSIPS" "$NAMESPACES" > "$work/objects.json"
seeded=$(curl -fsS --cacert "$work/ca.crt" -H 'Content-Type: application/json' \
  --data-binary @"$work/objects.json" "https://127.0.0.1:$EMULATOR_PORT/_emulator/objects" |
  python3 -c 'import json,sys; print(sum(1 for o in json.load(sys.stdin)["items"] if o["kind"]=="ResourceSetInputProvider"))')
echo "bench: seeded $seeded RSIPs in $NAMESPACES namespaces ($(wc -c < "$work/objects.json") bytes, one POST)"

export KUBECONFIG="$work/kubeconfig" PATH="$bin:$PATH"
cache="$work/kube-cache"
[ "$(kubectl get rsip -A --no-headers --cache-dir "$cache" | wc -l)" -eq "$RSIPS" ] ||
  { echo "bench: kubectl get rsip -A did not list $RSIPS RSIPs" >&2; exit 1; }
[ "$(kubectl rsip get -A --no-headers | wc -l)" -eq "$RSIPS" ] ||
  { echo "bench: kubectl rsip get -A did not list $RSIPS RSIPs" >&2; exit 1; }
# That first `kubectl get` also filled kubectl's discovery cache in $cache (as on a workstation, where
# ~/.kube/cache is warm); every timed kubectl run below reuses it. hyperfine's warmup runs go first too.
echo "bench: warmed kubectl's discovery cache in $cache"

# 3. hyperfine.
out="$root/bench/results"
mkdir -p "$out"
hf() {  # hf NAME COMMAND...
  local name=$1; shift
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$out/$name.json" "$@"
}
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

# 4. Results.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
plugin_version=$("$bin/kubectl-rsip" --version 2>/dev/null | head -1 || echo unknown)
kubectl_version=$(kubectl version --client -o json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
plugin_commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$root" status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null)" ] ||
  plugin_commit="$plugin_commit + uncommitted changes in Sources"
python3 - "$out" > "$root/bench/results.md" <<PY
import json, os, sys
out = sys.argv[1]
def rows(name):
    return json.load(open(os.path.join(out, name + ".json")))["results"]
ms = lambda s: f"{s * 1000:.1f}"
print("# kubectl-rsip get benchmark")
print()
print("- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)")
print("- machine: $(nproc) cores, $cpu, $(uname -sr)")
print("- versions: kubectl-rsip $plugin_version (commit $plugin_commit, release build); kubectl $kubectl_version; "
      "$(swift --version 2>&1 | head -1 | sed 's/"//g'); $(hyperfine --version); $(python3 --version); $(curl --version | head -1 | cut -d' ' -f1-2,4)")
print("- data: $seeded RSIPs in $NAMESPACES namespaces (3-10 exportedInputs each), API emulator over TLS on 127.0.0.1")
print("- hyperfine --warmup $WARMUP --runs $RUNS; kubectl with a warm discovery cache (--cache-dir)")
print()
print("| command | median ms | min ms | max ms | mean ± σ ms |")
print("|---|---:|---:|---:|---:|")
for name in ("get-table", "get-json", "cold-start", "reference"):
    if name == "reference":
        print("| *reference (direct binaries, no dispatch)* | | | | |")
    for r in rows(name):
        label = r["command"].replace("$cache", "\$CACHE").replace("$bin/", "").replace("/usr/lib/google-cloud-sdk/bin/", "")
        print(f"| \`{label}\` | {ms(r['median'])} | {ms(r['min'])} | {ms(r['max'])} | {ms(r['mean'])} ± {ms(r['stddev'])} |")
PY
echo
cat "$root/bench/results.md"
