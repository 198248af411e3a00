#!/usr/bin/env bash
# Runs the whole test suite with kubectl-rsip and every test built under a sanitizer: the
# end-to-end tests then run the sanitized plugin through the real kubectl.
#
#   scripts/sanitize.sh address        # AddressSanitizer (+ LeakSanitizer on the plugin's own runs)
#   scripts/sanitize.sh thread         # ThreadSanitizer
#   scripts/sanitize.sh thread --filter RegistryTests   # extra arguments go to `swift test`
#
# Builds into .build-address / .build-thread (the normal .build is left alone). Every report a
# sanitizer writes, from the test process or from any plugin process a test started, goes to a
# file under the report directory; the script fails if the tests fail or if any report was written,
# so a report cannot hide behind a test that did not look at stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
case "$kind" in
  address|thread) shift ;;
  *) echo "usage: $0 address|thread [swift test arguments...]" >&2; exit 2 ;;
esac

scripts/setup.sh
scratch=".build-$kind"
reports="$(pwd)/$scratch/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"

echo "sanitize: building with -sanitize=$kind into $scratch"
swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
RSIP_BIN_DIR="$(swift build --sanitize="$kind" --scratch-path "$scratch" --show-bin-path)"
export RSIP_BIN_DIR
# Tests scale their peak-memory and time bounds under a sanitizer (Tests/TestSupport/SanitizerBounds.swift).
export RSIP_SANITIZER="$kind"
# Reports go to files named <prefix>.<pid>. Swift's own crash handler would run inside the
# sanitizer's signal handling and hide the report, so it is off.
export SWIFT_BACKTRACE=enable=no
case "$kind" in
  address)
    # Leaks are checked in every plugin process the tests start (Tests/EndToEndTests/PluginRunner
    # passes RSIP_PLUGIN_ASAN_OPTIONS on as their ASAN_OPTIONS), not at the exit of the XCTest
    # process itself, where XCTest and Foundation leave objects behind. A smaller quarantine
    # keeps RSS nearer to what a run really uses.
    common="log_path=$reports/asan:quarantine_size_mb=64:abort_on_error=0"
    export ASAN_OPTIONS="$common:detect_leaks=0"
    export RSIP_PLUGIN_ASAN_OPTIONS="$common:detect_leaks=1"
    ;;
  thread)
    export TSAN_OPTIONS="log_path=$reports/tsan:halt_on_error=0:second_deadlock_stack=1"
    ;;
esac

status=0
swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" "$@" || status=$?

found=$(find "$reports" -type f | wc -l)
if [ "$found" -gt 0 ]; then
  echo "sanitize: $found $kind report file(s) in $reports:" >&2
  for f in $(find "$reports" -type f | head -5); do
    echo "==> $f" >&2
    head -60 "$f" >&2
  done
  status=1
fi
if [ "$status" -eq 0 ]; then echo "sanitize: $kind: all tests passed, no reports"; fi
exit "$status"
