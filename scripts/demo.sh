#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and plays the seed scenario on the embedded
# local setup: the Kubernetes API emulator seeded with three microservices exported by the RSIP
# app-microservices-tags, and kubectl finding kubectl-rsip on PATH. Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
. scripts/lib/emulator.sh
trap 'emulator_stop; rm -rf "$work"' EXIT
emulator_start "$work" --seed Tests/Emulator/seed

export KUBECONFIG="$work/kubeconfig" PATH="$bin:$PATH"
step() {
  printf '\n$ %s\n' "$*"
  "$@"
}
step kubectl rsip get -A
step kubectl rsip get -A -o wide
step kubectl rsip get app-microservices-tags
step kubectl rsip get app-microservices-tags --inputs -o yaml
step kubectl get rsip -A
echo
echo "demo: done (the emulator was stopped; nothing is left running)"
