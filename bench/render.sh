#!/usr/bin/env bash
# Wall time and peak memory of `kubectl rsip render -f FILE`: 1,000 inputs through a ResourceSet of
# two resources (the seed's OCIRepository + Kustomization) and one of ten resources. Nothing runs
# beforehand or afterwards: -f needs no cluster and no registry. Writes bench/results-render.md
# (record: bench/results/render.run.json; hyperfine's exports: bench/results/render-2.json, -10.json).
#
#   bench/render.sh                      # INPUTS=1000 RUNS=10 WARMUP=2
#   INPUTS=5000 RUNS=5 bench/render.sh
set -euo pipefail
cd "$(dirname "$0")/.."

INPUTS=${INPUTS:-1000}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}

. scripts/lib/bench.sh
bench_prepare hyperfine time
bin=$BENCH_BIN
bench_start render
bench_record_json params "$(jq -n --argjson inputs "$INPUTS" --argjson warmup "$WARMUP" --argjson runs "$RUNS" \
  '{inputs: $inputs, warmup: $warmup, runs: $runs}')"

for r in 2 10; do
  python3 bench/make_render.py "$INPUTS" "$r" > "$work/render-$r.yaml"
  objects=$("$bin/kubectl-rsip" render -f "$work/render-$r.yaml" -o json | jq '.items | length')
  [ "$objects" -eq $((INPUTS * r)) ] || { echo "bench: expected $((INPUTS * r)) objects, got $objects" >&2; exit 1; }
  bench_hyperfine "render-$r" "$WARMUP" "$RUNS" \
    -n "yaml-$r" "$bin/kubectl-rsip render -f $work/render-$r.yaml" \
    -n "json-$r" "$bin/kubectl-rsip render -f $work/render-$r.yaml -o json" >/dev/null
  bench_time "$bin/kubectl-rsip" render -f "$work/render-$r.yaml"
  bench_append rows "$(jq -n --argjson r "$r" --argjson rss "$BT_KIB" --arg hf "render-$r" \
    '{resources: $r, hyperfine: $hf, rss_kib: $rss}')"
done

bench_finish render
