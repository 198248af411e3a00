#!/usr/bin/env bash
# Wall time and peak memory of `kubectl rsip render -f FILE`: 1,000 inputs through a ResourceSet of
# two resources (the seed's OCIRepository + Kustomization) and one of ten resources. Nothing runs
# beforehand or afterwards: -f needs no cluster and no registry. Writes bench/results-render.md.
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

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rows=()
for r in 2 10; do
  python3 bench/make_render.py "$INPUTS" "$r" > "$work/render-$r.yaml"
  objects=$("$bin/kubectl-rsip" render -f "$work/render-$r.yaml" -o json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
  [ "$objects" -eq $((INPUTS * r)) ] || { echo "bench: expected $((INPUTS * r)) objects, got $objects" >&2; exit 1; }
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/h-$r.json" \
    -n "yaml-$r" "$bin/kubectl-rsip render -f $work/render-$r.yaml" \
    -n "json-$r" "$bin/kubectl-rsip render -f $work/render-$r.yaml -o json" >/dev/null
  /usr/bin/time -f '%M' -o "$work/rss-$r" "$bin/kubectl-rsip" render -f "$work/render-$r.yaml" > /dev/null
  rows+=("$(python3 - "$r" "$INPUTS" "$work/h-$r.json" "$(cat "$work/rss-$r")" <<'PY'
import json, sys
r, n, path, rss = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
res = {x["command"]: x for x in json.load(open(path))["results"]}
y, j = res[f"yaml-{r}"], res[f"json-{r}"]
print(f"| {n:,} × {r} | {n * r:,} | {y['median']:.3f} | {y['min']:.3f}–{y['max']:.3f} | {j['median']:.3f} | {rss / 1024:.1f} |")
PY
)")
done

{
  echo "# render benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)."
  echo "\`kubectl-rsip render -f FILE\` (release build, no cluster, no registry), output to /dev/null;"
  echo "hyperfine --warmup $WARMUP --runs $RUNS; peak RSS from /usr/bin/time (one run, YAML output)."
  echo "Inputs are one OCIArtifactTag provider's exportedInputs; the file is made by bench/make_render.py."
  echo "No Go reference figure: the machine has no Go toolchain and no network to fetch the controller's modules."
  echo
  echo "| inputs × resources | objects | median s (YAML) | min–max s | median s (-o json) | peak RSS MiB |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > bench/results-render.md
cat bench/results-render.md
