#!/usr/bin/env bash
# Runs every test: unit tests, component tests against the API emulator, and end-to-end tests
# where the real kubectl runs kubectl-rsip.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build
RSIP_BIN_DIR="$(swift build --show-bin-path)"
export RSIP_BIN_DIR
swift test "$@"
