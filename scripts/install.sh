#!/usr/bin/env bash
# Builds kubectl-rsip (release) and installs it with its completion helper into PREFIX/bin.
#   scripts/install.sh [PREFIX]     (default /usr/local)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-${PREFIX:-/usr/local}}
scripts/setup.sh
swift build -c release --product kubectl-rsip >/dev/null
bin=$(swift build -c release --show-bin-path)
mkdir -p "$prefix/bin"
install -m 0755 "$bin/kubectl-rsip" "$prefix/bin/kubectl-rsip"
install -m 0755 completions/kubectl_complete-rsip "$prefix/bin/kubectl_complete-rsip"
echo "installed $prefix/bin/kubectl-rsip and $prefix/bin/kubectl_complete-rsip"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on PATH" ;; esac
