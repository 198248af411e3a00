# Starts Debian's docker-registry (CNCF distribution) for scripts: plain HTTP on 127.0.0.1, a
# free port, storage in DIR. Source this file, then `registry_start DIR`; it sets REGISTRY_PID
# and REGISTRY_HOST (127.0.0.1:PORT). `registry_push DIR REPO TAG CONTENT` pushes a Flux-style
# artifact and prints its digest. `registry_stop` stops it by PID.

registry_start() {
  local dir=$1
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat > "$dir/registry.yml" <<CONFIG
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
CONFIG
  mkfifo "$dir/registry.log"
  docker-registry serve "$dir/registry.yml" > "$dir/registry.access.log" 2> "$dir/registry.log" &
  REGISTRY_PID=$!
  exec 8< "$dir/registry.log"
  local line
  while read -r -t 30 line <&8; do
    case "$line" in *"listening on"*) break ;; esac
  done
  cat <&8 >/dev/null &
  exec 8<&-
  REGISTRY_HOST=127.0.0.1:$port
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
