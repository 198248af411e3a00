#!/usr/bin/env bash
# A command on a fleet against the same command on one of its clusters (issue 27): $CONTEXTS API
# emulators as the contexts of one kubeconfig, each seeded with the same $RSIPS providers in
# $NAMESPACES namespaces (bench/doctor_make_objects.py: provider i on repository apps/r-<i mod
# $REPOS> of one docker-registry, plain HTTP, $TAGS tags each, status as the controller writes it,
# so diff and doctor find nothing), then hyperfine over `kubectl rsip $COMMAND --context ctx-00`
# (one cluster), `kubectl rsip $COMMAND --all-contexts` (the fleet) and, for reference, the shell
# loop users write today (one `kubectl rsip $COMMAND --context C` after the other). The commands
# run through kubectl as users run them. Target (issue 27, for `get -A`): the fleet within 1.5x of
# one cluster. Before timing, `--all-contexts -o json` must give every context a result holding
# all $RSIPS providers and exit 0. Self-contained: installs what it needs, builds release into
# .build-bench (or uses BENCH_BIN), starts docker-registry and the emulators on 127.0.0.1 and stops
# them by PID on exit. Writes bench/results-fleet.md (record: bench/results/fleet.run.json;
# hyperfine's export: bench/results/fleet.json).
#
#   bench/fleet.sh                                    # diff -A, 10 contexts of 100 providers
#   COMMAND="get -A" RSIPS=500 bench/fleet.sh         # get: the issue 27 figure
#   COMMAND="doctor -A" bench/fleet.sh
#   CONTEXTS=3 RSIPS=20 RUNS=2 WARMUP=0 bench/fleet.sh   # a quick trial
set -euo pipefail
cd "$(dirname "$0")/.."

COMMAND=${COMMAND:-"diff -A"}
CONTEXTS=${CONTEXTS:-10}
RSIPS=${RSIPS:-100}
NAMESPACES=${NAMESPACES:-4}
REPOS=${REPOS:-$RSIPS}
TAGS=${TAGS:-5}
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-5}
LOOP=${LOOP:-1}   # 0: no shell-loop row (it takes CONTEXTS times one cluster)

. scripts/lib/bench.sh
bench_prepare hyperfine
bench_start fleet
bench_record_json params "$(jq -n --arg cmd "$COMMAND" --argjson contexts "$CONTEXTS" --argjson rsips "$RSIPS" \
  --argjson ns "$NAMESPACES" --argjson repos "$REPOS" --argjson tags "$TAGS" --argjson warmup "$WARMUP" \
  --argjson runs "$RUNS" --argjson loop "$LOOP" \
  '{command: $cmd, contexts: $contexts, rsips: $rsips, namespaces: $ns, repositories: $repos, tags: $tags,
    warmup: $warmup, runs: $runs, loop: ($loop == 1)}')"

# 1. The repositories, written straight into the registry's storage, then docker-registry on it.
python3 bench/make_tags.py "$TAGS" 4 fleet > "$work/push.json"
for ((r = 0; r < REPOS; r++)); do
  python3 bench/write_storage.py "$work/registry-data" "$(printf 'apps/r-%03d' "$r")" "$work/push.json" > "$work/digests.json"
done
registry_start "$work" --storage "$work/registry-data" --quiet
echo "bench: docker-registry PID $REGISTRY_PID on $REGISTRY_HOST, $REPOS repositories of $TAGS tags"
python3 bench/doctor_make_objects.py "$REGISTRY_PORT" "$work/digests.json" "$RSIPS" "$NAMESPACES" "$REPOS" > "$work/objects.json"

# 2. The emulators, each seeded with the same objects, and one kubeconfig naming them all.
config="$work/fleet-kubeconfig"
clusters="" users="" contexts=""
for ((i = 0; i < CONTEXTS; i++)); do
  dir=$(printf '%s/emulator-%02d' "$work" "$i")
  mkdir -p "$dir"
  EMULATOR_PID=""
  emulator_start "$dir"
  bench_track "$EMULATOR_PID"
  token=$(sed -n 's/^ *token: //p' "$dir/kubeconfig")
  curl -fsS --cacert "$dir/ca.crt" -H 'Content-Type: application/json' --data-binary @"$work/objects.json" \
    "https://127.0.0.1:$EMULATOR_PORT/_emulator/objects" > /dev/null
  name=$(printf 'ctx-%02d' "$i")
  clusters+="- name: $name
  cluster: {server: \"https://127.0.0.1:$EMULATOR_PORT\", certificate-authority: \"$dir/ca.crt\"}
"
  users+="- name: $name
  user: {token: \"$token\"}
"
  contexts+="- name: $name
  context: {cluster: $name, user: $name, namespace: flux-system}
"
done
EMULATOR_PID=""
printf 'apiVersion: v1\nkind: Config\nclusters:\n%susers:\n%scontexts:\n%scurrent-context: ctx-00\n' \
  "$clusters" "$users" "$contexts" > "$config"
export KUBECONFIG="$config" PATH="$BENCH_BIN:$PATH"
echo "bench: $CONTEXTS emulators, $RSIPS providers each ($(wc -c < "$work/objects.json") bytes of objects)"

# 3. The fleet sees every provider of every context and nothing to report.
rc=0; kubectl rsip $COMMAND --all-contexts -o json > "$work/fleet.json" 2> "$work/fleet.err" || rc=$?
[ "$rc" -eq 0 ] || { echo "bench: kubectl rsip $COMMAND --all-contexts exited $rc: $(head -c 2000 "$work/fleet.err")" >&2; exit 1; }
counts=$(jq -c '[.contexts[] | select(.error == null) | .result | (.providers // .items // []) | length]' "$work/fleet.json")
checked=$(jq -c '[.contexts[] | .result.checked.providers // empty]' "$work/fleet.json")
[ "$checked" = "[]" ] || counts=$checked
want=$(jq -nc --argjson n "$CONTEXTS" --argjson r "$RSIPS" '[range($n)] | map($r)')
[ "$counts" = "$want" ] || { echo "bench: per-context provider counts $counts, wanted $want" >&2; exit 1; }
echo "bench: kubectl rsip $COMMAND --all-contexts: exit 0, $RSIPS providers in each of $CONTEXTS contexts"

# 4. hyperfine: one cluster, the fleet, and the loop users write today.
loop="for c in \$(kubectl config get-contexts -o name); do kubectl rsip $COMMAND --context \$c > /dev/null || exit 1; done"
cmds=(-n "kubectl rsip $COMMAND --context ctx-00" "kubectl rsip $COMMAND --context ctx-00"
      -n "kubectl rsip $COMMAND --all-contexts" "kubectl rsip $COMMAND --all-contexts")
[ "$LOOP" != 1 ] || cmds+=(-n "shell loop: kubectl rsip $COMMAND --context C, each context in turn" "$loop")
bench_hyperfine fleet "$WARMUP" "$RUNS" "${cmds[@]}"
bench_record_json counts "$counts"

bench_finish fleet
