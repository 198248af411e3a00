#!/usr/bin/env bash
# Both `kubectl rsip diff` benchmarks, one after the other (each builds, starts and stops its own
# servers): bench/diff-legacy.sh (1000 tags behind a TLS front at +20 ms, against a user's skopeo
# and curl loops and the controller's sequential pattern) unless LEGACY=0, and bench/diff-matrix.sh
# (docker-registry over TLS + HTTP/2 behind a TCP latency proxy, against the curl floor) unless
# MATRIX=0. Every other knob passes through; each script's header lists its own. Together they
# write bench/results-diff.md.
#
#   bench/diff.sh                        # both
#   LEGACY=1 MATRIX=0 bench/diff.sh      # the same as bench/diff-legacy.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ "${LEGACY:-1}" = 1 ]; then ./diff-legacy.sh; fi
if [ "${MATRIX:-1}" = 1 ]; then ./diff-matrix.sh; fi
