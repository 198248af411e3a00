# shellcheck shell=bash
# Shared by the benchmark scripts bench/*.sh, which cd to the repository root and source this file.
# A benchmark is a sequence of
#
#   bench_prepare TOOL...   scripts/setup.sh, apt-get install of each missing TOOL (hyperfine, time,
#                           skopeo...: the Debian package has the tool's name; jq always), and the
#                           release build into .build-bench (the normal .build is left alone). Sets
#                           BENCH_BIN, the folder holding kubectl-rsip. With BENCH_BIN=DIR already
#                           set and DIR/kubectl-rsip present, nothing is built and that binary is used
#                           (e.g. while someone else builds in the tree); then BENCH_PREBUILT=1, and
#                           the report says the binary need not match the checked-out commit.
#   bench_start NAME        a temp dir `work`, the results dir `out` (bench/results, or
#                           $BENCH_RESULTS for a trial run that must not replace the published
#                           figures), a trap that stops every server the run started (by PID) and
#                           removes `work`, and an empty run record for NAME.
#   ...                     servers (bench_emulator, registry_start from registry.sh, bench_track for
#                           any other), timings (bench_hyperfine, bench_time), and facts
#                           (bench_record KEY VALUE, bench_record_json KEY JSON, bench_append KEY JSON)
#   bench_finish REPORT     adds the date, the machine and the versions to the record, saves it as
#                           bench/results/NAME.run.json, and has bench/report.py write REPORT's
#                           results file (bench/results*.md; with BENCH_RESULTS, into that folder)
#                           from the saved records, and print it.
#
# The record is JSON written with jq (values pass as arguments, never as program text); the
# Markdown is bench/report.py's alone. A failed run leaves the previous record and results file.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$BENCH_ROOT/scripts/lib/emulator.sh"
. "$BENCH_ROOT/scripts/lib/registry.sh"

# The Accept list the plugin sends for manifests (one header line, comma-joined); the curl rows
# of the diff benchmarks send the same.
# shellcheck disable=SC2034 # for the scripts that source this file
BENCH_ACCEPT='application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'

bench_prepare() {
  "$BENCH_ROOT/scripts/setup.sh"
  local need=() tool
  for tool in jq "$@"; do
    case "$tool" in
      time) [ -x /usr/bin/time ] || need+=(time) ;;
      *) command -v "$tool" >/dev/null || need+=("$tool") ;;
    esac
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]}"
    local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ -n "${BENCH_BIN:-}" ] && [ -x "$BENCH_BIN/kubectl-rsip" ]; then
    BENCH_BIN=$(cd "$BENCH_BIN" && pwd) BENCH_PREBUILT=1
    echo "bench: using the existing $BENCH_BIN/kubectl-rsip (BENCH_BIN set; no build)"
    return 0
  fi
  [ -z "${BENCH_BIN:-}" ] || echo "bench: BENCH_BIN=$BENCH_BIN has no executable kubectl-rsip; building instead" >&2
  BENCH_PREBUILT=0
  echo "bench: building release into .build-bench"
  swift build -c release --scratch-path "$BENCH_ROOT/.build-bench" 2>&1 | grep -E '^(error|Build|Compiling kubectl)' || true
  BENCH_BIN=$(swift build -c release --scratch-path "$BENCH_ROOT/.build-bench" --show-bin-path)
  [ -x "$BENCH_BIN/kubectl-rsip" ] || { echo "bench: $BENCH_BIN/kubectl-rsip was not built" >&2; return 1; }
}

BENCH_PIDS=()
bench_start() {
  BENCH_NAME=$1
  work=$(mktemp -d)
  out=${BENCH_RESULTS:-$BENCH_ROOT/bench/results}
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  BENCH_RUN="$work/run.json"
  echo '{}' > "$BENCH_RUN"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local i
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_kill "${BENCH_PIDS[i]}"; done
  emulator_stop
  registry_stop
  # The emulator lib leaves a `cat` draining the emulator's stdout; it ends at EOF, but make sure.
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$work"
}

bench_kill() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
bench_track() { BENCH_PIDS+=("$1"); }    # bench_track PID: stopped on exit
bench_stop() {                           # bench_stop PID: stopped now
  local pid keep=()
  bench_kill "$1"
  for pid in "${BENCH_PIDS[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  BENCH_PIDS=("${keep[@]}")
}

# bench_listening OUT ERR WHAT: the port of a server that prints `LISTENING <port>` first on
# stdout (front.py, latency_proxy.py) into OUT; fails with ERR's text after 6 s.
bench_listening() {
  local port _
  for _ in $(seq 300); do
    port=$(sed -n 's/^LISTENING //p' "$1" 2>/dev/null | head -1)
    [ -z "$port" ] || { echo "$port"; return 0; }
    sleep 0.02
  done
  echo "bench: $3 did not start: $(cat "$2")" >&2
  return 1
}

# The API emulator over TLS with a token (empty: no --seed), KUBECONFIG pointing at it and the
# plugin first on PATH, so `kubectl rsip` runs the binary under test.
bench_emulator() {
  emulator_start "$work"
  echo "bench: emulator PID $EMULATOR_PID on port $EMULATOR_PORT"
  export KUBECONFIG="$work/kubeconfig" PATH="$BENCH_BIN:$PATH"
}

bench_seed() {  # bench_seed OBJECTS.json: one POST of a v1 List (or one object); prints the answer
  curl -fsS --cacert "$work/ca.crt" -H 'Content-Type: application/json' --data-binary @"$1" \
    "https://127.0.0.1:$EMULATOR_PORT/_emulator/objects"
}

bench_tls() {  # bench_tls NAME: $work/NAME-ca.crt, $work/NAME.crt and $work/NAME.key for 127.0.0.1
  tls_make "$work" "$1-ca" "$1" "bench-$1-ca" 127.0.0.1
}

# The run record.
bench_record() {       # bench_record KEY VALUE: the string VALUE at KEY (a.b.c: nested objects)
  jq --arg k "$1" --arg v "$2" 'setpath($k | split("."); $v)' "$BENCH_RUN" > "$BENCH_RUN.new"
  mv "$BENCH_RUN.new" "$BENCH_RUN"
}
bench_record_json() {  # bench_record_json KEY JSON: a number, list or object
  jq --arg k "$1" --argjson v "$2" 'setpath($k | split("."); $v)' "$BENCH_RUN" > "$BENCH_RUN.new"
  mv "$BENCH_RUN.new" "$BENCH_RUN"
}
bench_append() {       # bench_append KEY JSON: JSON appended to the list at KEY
  jq --arg k "$1" --argjson v "$2" '($k | split(".")) as $p | setpath($p; (getpath($p) // []) + [$v])' \
    "$BENCH_RUN" > "$BENCH_RUN.new"
  mv "$BENCH_RUN.new" "$BENCH_RUN"
}

# bench_hyperfine NAME WARMUP RUNS HYPERFINE_ARGS...: one hyperfine run (cold processes, wall time),
# its raw export in bench/results/NAME.json and each command's figures in the record at
# hyperfine.NAME.
bench_hyperfine() {
  local name=$1 warm=$2 runs=$3; shift 3
  hyperfine --warmup "$warm" --runs "$runs" --style basic --export-json "$out/$name.json" "$@"
  bench_record_json "hyperfine.$name" \
    "$(jq '[.results[] | {command, mean, stddev, median, min, max, runs: (.times | length)}]' "$out/$name.json")"
}

# bench_time COMMAND...: one run under /usr/bin/time, its output in $work/time.out and
# $work/time.err; sets BT_KIB (peak RSS), BT_SECONDS (wall), BT_USER, BT_SYS (CPU seconds) and
# BT_WALL ([h:]m:ss.cc); returns the command's status.
bench_time() {
  local rc=0
  /usr/bin/time -f '%M %e %U %S %E' -o "$work/time.txt" "$@" > "$work/time.out" 2> "$work/time.err" || rc=$?
  # shellcheck disable=SC2034 # for the caller
  read -r BT_KIB BT_SECONDS BT_USER BT_SYS BT_WALL < <(tail -n 1 "$work/time.txt")
  return "$rc"
}

bench_median() { sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]}'; }
bench_since() { awk -v t0="$1" -v t1="$(date +%s.%N)" 'BEGIN {printf "%.1f", t1 - t0}'; }
bench_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system, in clock ticks
bench_ticks_s() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (b - a) / hz}'; }

bench_finish() {
  local bin=$BENCH_BIN commit concurrency
  bench_record meta.date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  bench_record_json meta.cores "$(nproc)"
  bench_record meta.cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  bench_record meta.os "$(uname -s)"
  bench_record meta.kernel "$(uname -r)"
  bench_record meta.plugin.version "$("$bin/kubectl-rsip" --version 2>/dev/null | head -1 || echo unknown)"
  commit=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -z "$(git -C "$BENCH_ROOT" status --porcelain -- Sources Package.swift Package.resolved 2>/dev/null)" ] ||
    commit="$commit + uncommitted changes in Sources"
  bench_record meta.plugin.commit "$commit"
  [ "${BENCH_PREBUILT:-0}" != 1 ] ||
    bench_record meta.plugin.prebuilt "$bin/kubectl-rsip of $(date -u -r "$bin/kubectl-rsip" +%Y-%m-%dT%H:%MZ)"
  # The default of diff's --concurrency, as its help states it ("Default 100: ..."), for the labels.
  concurrency=$("$bin/kubectl-rsip" diff --help 2>/dev/null | sed -n '/--concurrency/,/^ *--/s/.*Default \([0-9][0-9]*\)[^0-9].*/\1/p' | head -1)
  [ -z "$concurrency" ] || bench_record_json meta.plugin.default_concurrency "$concurrency"
  bench_record meta.versions.kubectl "$(kubectl version --client -o json 2>/dev/null | jq -r .clientVersion.gitVersion || echo unknown)"
  bench_record meta.versions.swift "$(swift --version 2>&1 | head -1 | sed 's/"//g')"
  bench_record meta.versions.python "$(python3 --version)"
  bench_record meta.versions.curl "$(curl --version | head -1)"
  ! command -v hyperfine >/dev/null || bench_record meta.versions.hyperfine "$(hyperfine --version)"
  ! command -v skopeo >/dev/null || bench_record meta.versions.skopeo "$(skopeo --version)"
  if command -v docker-registry >/dev/null; then
    bench_record meta.versions.docker_registry "$(dpkg-query -W -f='${Version}' docker-registry 2>/dev/null || echo unknown)"
    bench_record meta.versions.docker_registry_go "$(grep -ao -m1 'go1\.[0-9]*\.[0-9]*' "$(command -v docker-registry)" | head -1 || true)"
  fi
  cp "$BENCH_RUN" "$out/$BENCH_NAME.run.json"
  echo
  local md=("--out" "$BENCH_ROOT/bench")
  [ -z "${BENCH_RESULTS:-}" ] || md=(--out "$out")
  python3 "$BENCH_ROOT/bench/report.py" --results "$out" "${md[@]}" --print "$1"
}
