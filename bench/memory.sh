#!/usr/bin/env bash
# Peak memory of `kubectl rsip diff` as a provider's tag count grows (1,000 to 10,000 tags), to
# show that a scan's memory is flat: what grows is the data (about 200 bytes a tag), not
# something per request (a handle, a buffer, a connection) that would leak over a long scan.
# Self-contained: installs what it needs, builds release into .build-bench, starts
# docker-registry and the API emulator, stops them by PID on exit. Writes bench/results-memory.md
# (record: bench/results/memory.run.json).
#
#   bench/memory.sh                                  # TAG_COUNTS="1000 2500 5000 10000" RUNS=3
#   TAG_COUNTS="1000 10000" RUNS=5 bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TAG_COUNTS=${TAG_COUNTS:-"1000 2500 5000 10000"}
RUNS=${RUNS:-3}

. scripts/lib/bench.sh
bench_prepare time
bench_start memory
bench_record_json params "$(jq -n --argjson runs "$RUNS" '{runs: $runs}')"

registry_start "$work" --quiet
reg_port=$REGISTRY_PORT
bench_emulator

for n in $TAG_COUNTS; do
  python3 bench/make_tags.py "$n" 3 mem > "$work/push-$n.json"
  t0=$(date +%s)
  python3 Tests/Fixtures/registry/registry_client.py --url "http://127.0.0.1:$reg_port" --repository "apps/mem-$n" \
    push < "$work/push-$n.json" > "$work/digests-$n.json"
  echo "bench: pushed $n tags to apps/mem-$n in $(( $(date +%s) - t0 )) s"
  NAME="mem-$n" REPOSITORY="apps/mem-$n" LIMIT="$n" \
    python3 bench/diff_make_objects.py "$reg_port" - "$work/digests-$n.json" > "$work/objects-$n.json"
  bench_seed "$work/objects-$n.json" > /dev/null
  # The same comparison without the registry: tags and digests from a file.
  jq -r 'to_entries[] | "\(.key) \(.value)"' "$work/digests-$n.json" > "$work/tags-$n.txt"
  rss=() secs=() offline=()
  for _ in $(seq "$RUNS"); do
    bench_time kubectl-rsip diff "mem-$n" -n flux-system ||
      { echo "bench: diff mem-$n exited $?: $(cat "$work/time.err")" >&2; exit 1; }
    rss+=("$BT_KIB") secs+=("$BT_SECONDS")
    bench_time kubectl-rsip diff "mem-$n" -n flux-system --tags-file "$work/tags-$n.txt" ||
      { echo "bench: diff mem-$n --tags-file failed: $(cat "$work/time.err")" >&2; exit 1; }
    offline+=("$BT_KIB")
  done
  echo "bench: $n tags: peak RSS KiB ${rss[*]}, with --tags-file ${offline[*]}; seconds ${secs[*]}"
  bench_append rows "$(jq -n --argjson n "$n" --arg rss "${rss[*]}" --arg secs "${secs[*]}" --arg off "${offline[*]}" \
    '{tags: $n, rss_kib: ($rss | split(" ") | map(tonumber)), seconds: ($secs | split(" ") | map(tonumber)),
      tags_file_rss_kib: ($off | split(" ") | map(tonumber))}')"
done

bench_finish memory
