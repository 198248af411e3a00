#!/usr/bin/env bash
# Peak memory of `kubectl rsip diff` as a provider's tag count grows (1,000 to 10,000 tags), to
# show that a scan's memory is flat: what grows is the data (about 200 bytes a tag), not
# something per request (a handle, a buffer, a connection) that would leak over a long scan.
# Self-contained: installs what it needs, builds release into .build-bench, starts
# docker-registry and the API emulator, stops them by PID on exit. Writes bench/results-memory.md.
#
#   bench/memory.sh                                  # TAG_COUNTS="1000 2500 5000 10000" RUNS=3
#   TAG_COUNTS="1000 10000" RUNS=5 bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TAG_COUNTS=${TAG_COUNTS:-"1000 2500 5000 10000"}
RUNS=${RUNS:-3}

. scripts/lib/bench.sh
bench_prepare time
bin=$BENCH_BIN

work=$(mktemp -d)
. scripts/lib/emulator.sh
REGISTRY_PID=""
cleanup() {
  emulator_stop
  if [ -n "$REGISTRY_PID" ]; then kill "$REGISTRY_PID" 2>/dev/null || true; wait "$REGISTRY_PID" 2>/dev/null || true; fi
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

reg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $work/registry-data}
http: {addr: 127.0.0.1:$reg_port}
EOF
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 500); do curl -fs -o /dev/null "http://127.0.0.1:$reg_port/v2/" && break; sleep 0.02; done
emulator_start "$work"
export KUBECONFIG="$work/kubeconfig" PATH="$bin:$PATH"

rows=()
for n in $TAG_COUNTS; do
  python3 - "$n" > "$work/push-$n.json" <<'PY'
import json, sys
n = int(sys.argv[1])
content = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mem}\ndata: {k: v}\n"
json.dump([{"tag": f"v3.{i}.0", "content": content, "revision": f"main@sha1:{i:040x}"} for i in range(n)], sys.stdout)
PY
  t0=$(date +%s)
  python3 Tests/Fixtures/registry/registry_client.py --url "http://127.0.0.1:$reg_port" --repository "apps/mem-$n" \
    push < "$work/push-$n.json" > "$work/digests-$n.json"
  echo "bench: pushed $n tags to apps/mem-$n in $(( $(date +%s) - t0 )) s"
  NAME="mem-$n" REPOSITORY="apps/mem-$n" LIMIT="$n" \
    python3 bench/diff_make_objects.py "$reg_port" - "$work/digests-$n.json" > "$work/objects-$n.json"
  curl -fsS --cacert "$work/ca.crt" -H 'Content-Type: application/json' --data-binary @"$work/objects-$n.json" \
    "https://127.0.0.1:$EMULATOR_PORT/_emulator/objects" > /dev/null
  # The same comparison without the registry: tags and digests from a file.
  python3 -c 'import json,sys; [print(t, d) for t, d in json.load(open(sys.argv[1])).items()]' "$work/digests-$n.json" \
    > "$work/tags-$n.txt"
  rss=(); secs=(); offline=()
  for _ in $(seq "$RUNS"); do
    rc=0
    /usr/bin/time -f '%M %e' -o "$work/time" kubectl-rsip diff "mem-$n" -n flux-system > "$work/out" 2> "$work/err" || rc=$?
    [ "$rc" -eq 0 ] || { echo "bench: diff mem-$n exited $rc: $(cat "$work/err")" >&2; exit 1; }
    read -r kb s < "$work/time"
    rss+=("$kb"); secs+=("$s")
    /usr/bin/time -f '%M' -o "$work/time" kubectl-rsip diff "mem-$n" -n flux-system --tags-file "$work/tags-$n.txt" \
      > "$work/out" 2> "$work/err" || { echo "bench: diff mem-$n --tags-file failed: $(cat "$work/err")" >&2; exit 1; }
    offline+=("$(cat "$work/time")")
  done
  rows+=("$(python3 - "$n" "${rss[*]}" "${secs[*]}" "${offline[*]}" <<'PY'
import statistics, sys
n = int(sys.argv[1]); rss = [int(x) / 1024 for x in sys.argv[2].split()]; secs = [float(x) for x in sys.argv[3].split()]
offline = statistics.median([int(x) / 1024 for x in sys.argv[4].split()])
scan = statistics.median(rss)
print(f"| {n:,} | {scan:.1f} | {min(rss):.1f}–{max(rss):.1f} | {offline:.1f} | {scan - offline:.1f} | {statistics.median(secs):.2f} |")
PY
)")
  echo "bench: ${rows[-1]}"
done

{
  echo "# diff memory by tag count"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r), release build, docker-registry on 127.0.0.1 (plain HTTP,"
  echo "no added latency), \`kubectl-rsip diff mem-N -n flux-system\` (default --concurrency 32; exit 0:"
  echo "the status holds exactly the N inputs), peak RSS from /usr/bin/time, $RUNS cold runs each."
  echo
  echo "The \`--tags-file\` column runs the same diff with the tags and digests from a file: no"
  echo "registry request at all, so it holds only what the data costs (the status's N inputs, the"
  echo "selection, the predicted inputs). The difference is what scanning the registry costs."
  echo
  echo "| tags | median peak RSS MiB | min–max MiB | same, --tags-file | registry scan's share | median s |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > bench/results-memory.md
cat bench/results-memory.md
