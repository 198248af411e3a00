# shellcheck shell=bash
# Starts Debian's docker-registry (CNCF distribution) for scripts on 127.0.0.1, a free port.
# Source this file, then
#   registry_start DIR [--storage PATH] [--tls CERT KEY CA] [--quiet]
# It writes its config and log into DIR, keeps the images in PATH (default DIR/registry-data), and
# returns once GET /v2/ answers; it sets REGISTRY_PID, REGISTRY_PORT, REGISTRY_HOST
# (127.0.0.1:PORT) and REGISTRY_URL (http:// or, with --tls, https://). --tls makes the registry
# serve TLS itself (Go's server: HTTP/2 through ALPN); CA is what clients check it with. --quiet
# logs errors only and no access log (benchmarks: logging costs the registry CPU).
# `registry_push DIR REPO TAG CONTENT` pushes a Flux-style artifact (plain HTTP) and prints its
# digest. `registry_stop` stops it by PID. `free_port` prints a free TCP port on 127.0.0.1.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

registry_start() {
  local dir=$1; shift
  local storage="$dir/registry-data" cert="" key="" ca="" quiet=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --storage) storage=$2; shift 2 ;;
      --tls) cert=$2 key=$3 ca=$4; shift 4 ;;
      --quiet) quiet=1; shift ;;
      *) echo "registry_start: unknown option $1" >&2; return 2 ;;
    esac
  done
  REGISTRY_PORT=$(free_port)
  REGISTRY_HOST=127.0.0.1:$REGISTRY_PORT
  local config="$dir/registry-$REGISTRY_PORT.yml" log="$dir/registry-$REGISTRY_PORT.log" check=(-fs -o /dev/null)
  {
    echo "version: 0.1"
    if [ "$quiet" = 1 ]; then echo "log: {level: error, accesslog: {disabled: true}}"; else echo "log: {level: info}"; fi
    echo "storage:"
    echo "  filesystem: {rootdirectory: $storage}"
    echo "  delete: {enabled: true}"
    echo "http:"
    echo "  addr: $REGISTRY_HOST"
    [ -z "$cert" ] || echo "  tls: {certificate: $cert, key: $key}"
  } > "$config"
  if [ -n "$cert" ]; then REGISTRY_URL=https://$REGISTRY_HOST; check+=(--cacert "$ca"); else REGISTRY_URL=http://$REGISTRY_HOST; fi
  docker-registry serve "$config" > "$log" 2>&1 &
  REGISTRY_PID=$!
  local _
  for _ in $(seq 500); do
    curl "${check[@]}" "$REGISTRY_URL/v2/" && return 0
    kill -0 "$REGISTRY_PID" 2>/dev/null || break
    sleep 0.02
  done
  echo "docker-registry did not start on $REGISTRY_HOST: $(cat "$log")" >&2
  registry_stop
  return 1
}

registry_push() {
  local repo=$2 tag=$3 content=$4
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  printf '[{"tag": "%s", "content": "%s"}]' "$tag" "$content" |
    python3 "$root/Tests/Fixtures/registry/registry_client.py" --url "http://$REGISTRY_HOST" --repository "$repo" push |
    python3 -c 'import json,sys; print(list(json.load(sys.stdin).values())[0])'
}

registry_stop() {
  if [ -n "${REGISTRY_PID:-}" ]; then
    kill "$REGISTRY_PID" 2>/dev/null || true
    wait "$REGISTRY_PID" 2>/dev/null || true
    REGISTRY_PID=""
  fi
}
