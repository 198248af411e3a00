#!/usr/bin/env bash
# Build and run one libFuzzer harness (or all of them) against kubectl-rsip's parsers.
#
#   Fuzz/run.sh TARGET SECONDS      e.g. Fuzz/run.sh yaml 600
#   Fuzz/run.sh all SECONDS         every target in turn, SECONDS each
#   Fuzz/run.sh build [TARGET]      build only
#
# Scratch package: Fuzz/.work/pkg (symlinks to ../Sources/<Target> and Fuzz/Targets/<name>,
# plus a copy of Fuzz/Package.swift). Working corpus: Fuzz/.work/corpus/<target>, seeded from
# Fuzz/Corpus/<target> and test fixtures. Crashes: Fuzz/crashes/<target>/. Exit status is
# non-zero if any run crashed (or leaked, timed out, hit the RSS limit).
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$FUZZ_DIR/.." && pwd)"
WORK="$FUZZ_DIR/.work"
PKG="$WORK/pkg"
TARGETS=(yaml json kubeconfig www-authenticate link registry-json re2 semver template timestamps)
LIBS=(CCurl CYAML CRE2 YAML Checksum Timestamp Threads Subprocess HTTP Kube Provider Registry Template)
BUILD_FLAGS=(
    -c debug
    -Xswiftc -sanitize=fuzzer,address
    -Xswiftc -parse-as-library
    # Lets the link/registry-json harnesses `@testable import Registry` (internal parsers).
    -Xswiftc -enable-testing
    # Coverage feedback and ASan for the C/C++ shims too (cre2.cpp, the libyaml/libcurl shims).
    -Xcc -fsanitize=fuzzer-no-link,address
    -Xcxx -fsanitize=fuzzer-no-link,address
)

max_len() {
    case "$1" in
        yaml|kubeconfig|template) echo 16384 ;;
        json|registry-json) echo 8192 ;;
        www-authenticate|link) echo 2048 ;;
        re2|semver|timestamps) echo 512 ;;
        *) echo 4096 ;;
    esac
}

usage() { echo "usage: $0 {$(IFS='|'; echo "${TARGETS[*]}")|all} SECONDS | $0 build [TARGET]" >&2; exit 2; }

is_target() { local t; for t in "${TARGETS[@]}"; do [[ "$t" == "$1" ]] && return 0; done; return 1; }

prepare_package() {
    mkdir -p "$PKG/Sources"
    local lib
    for lib in "${LIBS[@]}"; do ln -sfn "$ROOT/Sources/$lib" "$PKG/Sources/$lib"; done
    [[ -L "$PKG/Targets" ]] || rm -rf "$PKG/Targets"
    ln -sfn "$FUZZ_DIR/Targets" "$PKG/Targets"
    cmp -s "$FUZZ_DIR/Package.swift" "$PKG/Package.swift" 2>/dev/null || cp "$FUZZ_DIR/Package.swift" "$PKG/Package.swift"
}

build() {
    # The system libraries the shims link (libcurl, libyaml, RE2), as for the main package.
    "$ROOT/scripts/setup.sh" >&2
    prepare_package
    local args=()
    if [[ -n "${1:-}" ]]; then args=(--product "fuzz-$1"); fi
    echo "==> swift build ${BUILD_FLAGS[*]} ${args[*]}" >&2
    (cd "$PKG" && swift build "${BUILD_FLAGS[@]}" "${args[@]}" >&2)
}

binary() { echo "$PKG/.build/debug/fuzz-$1"; }

seed_corpus() {
    local target="$1" corpus="$WORK/corpus/$1"
    mkdir -p "$corpus"
    if [[ -d "$FUZZ_DIR/Corpus/$target" ]]; then cp -n "$FUZZ_DIR/Corpus/$target"/* "$corpus"/ 2>/dev/null || true; fi
    local f
    case "$target" in
        yaml)
            for f in "$ROOT"/Tests/Fixtures/yaml/*.yaml "$ROOT"/Tests/Fixtures/impact/*.yaml \
                     "$ROOT"/Tests/Fixtures/kubeconfig/*.yaml; do
                [[ -f "$f" ]] && cp -n "$f" "$corpus/fixture-$(basename "$(dirname "$f")")-$(basename "$f")"
            done ;;
        json)
            for f in "$ROOT"/Tests/Fixtures/yaml/*.json "$ROOT"/Tests/Fixtures/keychain/*.json \
                     "$ROOT"/Tests/Fixtures/conformance/*.json; do
                [[ -f "$f" ]] && cp -n "$f" "$corpus/fixture-$(basename "$f")"
            done ;;
        registry-json)
            for f in "$ROOT"/Tests/Fixtures/keychain/*.json; do
                [[ -f "$f" ]] && cp -n "$f" "$corpus/fixture-$(basename "$f")"
            done ;;
        kubeconfig)
            for f in "$ROOT"/Tests/Fixtures/kubeconfig/*.yaml "$ROOT"/Tests/Fixtures/yaml/kubeconfig*.yaml; do
                [[ -f "$f" ]] && cp -n "$f" "$corpus/fixture-$(basename "$f")"
            done ;;
        template)
            for f in "$ROOT"/Tests/Fixtures/template/*.tmpl; do
                [[ -f "$f" ]] && cp -n "$f" "$corpus/fixture-$(basename "$f")"
            done ;;
    esac
}

# Runs one target; prints a summary line; returns non-zero on a crash.
run_one() {
    local target="$1" seconds="$2"
    local corpus="$WORK/corpus/$target" crashes="$FUZZ_DIR/crashes/$target" log="$WORK/logs/$target.log"
    seed_corpus "$target"
    mkdir -p "$crashes" "$WORK/logs"
    local dict=()
    [[ -f "$FUZZ_DIR/Dictionaries/$target.dict" ]] && dict=(-dict="$FUZZ_DIR/Dictionaries/$target.dict")
    echo "==> fuzzing $target for ${seconds}s (log: $log)" >&2
    local status=0
    # detect_leaks=0: Swift's global caches and the libcurl/libyaml globals are not leaks.
    # SWIFT_BACKTRACE=enable=no: Swift 6's own crash handler (memserver thread) trips ASan and hides
    # the real trap; with it off, libFuzzer's deadly-signal handler prints the symbolized stack.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:${ASAN_OPTIONS:-}" \
    "$(binary "$target")" "$corpus" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$target")" \
        -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" \
        >"$log" 2>&1 || status=$?
    local execs rate cov ft units
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}' || true)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | awk '{print $2}' || true)
    units=$(find "$corpus" -type f | wc -l || true)
    local artifacts
    artifacts=$(find "$crashes" -type f -newer "$log.start" 2>/dev/null | wc -l || true)
    printf '%-18s status=%-3s execs=%-10s exec/s=%-7s cov=%-6s ft=%-6s corpus=%-5s new-artifacts=%s\n' \
        "$target" "$status" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" "$artifacts"
    if [[ $status -ne 0 ]]; then
        echo "!! $target: libFuzzer exited $status; artifact(s) in $crashes, see $log" >&2
        grep -E '(^==[0-9]+==ERROR|^SUMMARY|^artifact_prefix|Fatal error|^    #[0-9]+ )' "$log" | head -40 >&2 || true
    fi
    return $status
}

[[ $# -ge 1 ]] || usage
case "$1" in
    build)
        if [[ -n "${2:-}" ]]; then is_target "$2" || usage; fi
        build "${2:-}" ;;
    all)
        [[ $# -eq 2 ]] || usage
        build
        failed=0
        for t in "${TARGETS[@]}"; do
            mkdir -p "$WORK/logs"; touch "$WORK/logs/$t.log.start"
            run_one "$t" "$2" || failed=1
        done
        exit $failed ;;
    *)
        [[ $# -eq 2 ]] || usage
        is_target "$1" || usage
        build "$1"
        mkdir -p "$WORK/logs"; touch "$WORK/logs/$1.log.start"
        run_one "$1" "$2" ;;
esac
