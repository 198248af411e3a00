#!/usr/bin/env bash
# Benchmarks `kubectl rsip doctor -A` against `kubectl rsip diff -A` over the same $RSIPS providers
# in $NAMESPACES namespaces, all on one docker-registry (plain HTTP, 127.0.0.1), provider i on
# repository apps/r-<i mod $REPOS> holding $TAGS tags; each namespace has a ResourceSet taking all
# its providers, so doctor renders as it does on a real cluster. Both commands must exit 0 (no
# difference, no finding) before anything is timed. Target (issue 26): doctor within 1.5x of diff.
# Self-contained: installs what it needs, builds release into .build-bench (or uses BENCH_BIN),
# starts docker-registry and the API emulator, stops them by PID on exit. Writes
# bench/results-doctor.md (record: bench/results/doctor.run.json; hyperfine's export:
# bench/results/doctor.json).
#
#   bench/doctor.sh                                   # 200 providers, 200 repositories of 20 tags
#   REPOS=1 bench/doctor.sh                           # every provider on one repository: doctor scans it once
#   RSIPS=20 NAMESPACES=2 REPOS=20 TAGS=10 RUNS=2 WARMUP=0 bench/doctor.sh   # a quick trial
set -euo pipefail
cd "$(dirname "$0")/.."

RSIPS=${RSIPS:-200}
NAMESPACES=${NAMESPACES:-4}
REPOS=${REPOS:-$RSIPS}
TAGS=${TAGS:-20}
WARMUP=${WARMUP:-1}
RUNS=${RUNS:-5}

. scripts/lib/bench.sh
bench_prepare hyperfine
bench_start doctor
bench_record_json params "$(jq -n --argjson rsips "$RSIPS" --argjson ns "$NAMESPACES" --argjson repos "$REPOS" \
  --argjson tags "$TAGS" --argjson warmup "$WARMUP" --argjson runs "$RUNS" \
  '{rsips: $rsips, namespaces: $ns, repositories: $repos, tags: $tags, warmup: $warmup, runs: $runs}')"

# 1. The repositories, written straight into the registry's storage, then docker-registry on it.
python3 bench/make_tags.py "$TAGS" 4 doctor > "$work/push.json"
t0=$(date +%s.%N)
for ((r = 0; r < REPOS; r++)); do
  python3 bench/write_storage.py "$work/registry-data" "$(printf 'apps/r-%03d' "$r")" "$work/push.json" > "$work/digests.json"
done
echo "bench: wrote $REPOS repositories of $TAGS tags in $(bench_since "$t0") s"
registry_start "$work" --storage "$work/registry-data" --quiet
echo "bench: docker-registry PID $REGISTRY_PID on $REGISTRY_HOST"

# 2. The emulator, seeded in one POST.
bench_emulator
python3 bench/doctor_make_objects.py "$REGISTRY_PORT" "$work/digests.json" "$RSIPS" "$NAMESPACES" "$REPOS" > "$work/objects.json"
seeded=$(bench_seed "$work/objects.json" | jq '[.items[] | select(.kind == "ResourceSetInputProvider")] | length')
echo "bench: seeded $seeded providers and $NAMESPACES ResourceSets ($(wc -c < "$work/objects.json") bytes)"

# Sanity: both commands see every provider and nothing to report.
rc=0; kubectl rsip diff -A -o json > "$work/diff.json" 2> "$work/diff.err" || rc=$?
[ "$rc" -eq 0 ] || { echo "bench: kubectl rsip diff -A exited $rc: $(head -c 2000 "$work/diff.err")" >&2; exit 1; }
[ "$(jq '.providers | length' "$work/diff.json")" -eq "$RSIPS" ] || { echo "bench: diff -A did not scan $RSIPS providers" >&2; exit 1; }
rc=0; kubectl rsip doctor -A -o json > "$work/doctor.json" 2> "$work/doctor.err" || rc=$?
[ "$rc" -eq 0 ] || { echo "bench: kubectl rsip doctor -A exited $rc: $(jq -c '[.findings[:5][] | {code, provider}], .notChecked[:3]' "$work/doctor.json") $(cat "$work/doctor.err")" >&2; exit 1; }
checked=$(jq -c .checked "$work/doctor.json")
[ "$(jq .checked.providers "$work/doctor.json")" -eq "$RSIPS" ] || { echo "bench: doctor -A checked $checked" >&2; exit 1; }
echo "bench: diff -A and doctor -A exit 0; doctor checked $checked"
bench_record_json checked "$checked"
bench_record_json registry_load "$(jq -c .registryLoad "$work/doctor.json")"

# 3. hyperfine: the two commands, and doctor without the registry for reference.
bench_hyperfine doctor "$WARMUP" "$RUNS" -n 'kubectl rsip diff -A' -n 'kubectl rsip doctor -A' \
  -n 'kubectl rsip doctor -A --from-status (reference)' \
  'kubectl rsip diff -A' 'kubectl rsip doctor -A' 'kubectl rsip doctor -A --from-status'

bench_finish doctor
