#!/usr/bin/env bash
# Installs what building and testing kubectl-rsip needs on Debian 12, and nothing when it is
# already there (CI runs on a clean clone, so this must be the only install step).
set -euo pipefail

packages=(libcurl4-openssl-dev libyaml-dev libre2-dev zlib1g-dev pkg-config openssl python3 docker-registry skopeo curl zsh fish debootstrap binutils rsync)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The HTTP/2 registry front of the load tests (Tests/Fixtures/registry/h2front.py) uses h2 from PyPI.
if ! python3 -c 'import h2' 2>/dev/null; then
  echo "setup: installing h2 (PyPI) for the HTTP/2 test front"
  python3 -m pip install -q 'h2==4.4.1' 2>/dev/null || python3 -m pip install -q --break-system-packages 'h2==4.4.1'
fi

command -v swift >/dev/null || { echo "setup: swift (6.x) is not on PATH" >&2; exit 1; }
# The tests use kubectl as the judge of the API emulator; Debian's kubernetes-client is far too
# old, so a v1.26+ kubectl must already be on PATH.
if ! command -v kubectl >/dev/null; then
  echo "setup: kubectl (v1.26 or newer) is not on PATH" >&2; exit 1
fi
