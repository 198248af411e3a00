# shellcheck shell=bash
# Starts the Kubernetes API emulator for scripts (the demo, benchmarks): throw-away TLS
# material from openssl, a random token, 127.0.0.1 on a free port. Source this file, then call
# `emulator_start DIR [emulator flags...]`; it sets EMULATOR_PID, EMULATOR_PORT, and writes
# DIR/kubeconfig. `emulator_stop` stops it by PID.

# shellcheck source=scripts/lib/tls.sh
. "$(dirname "${BASH_SOURCE[0]}")/tls.sh"

emulator_start() {
  local dir=$1; shift
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  tls_make "$dir" ca server kube-emulator-ca localhost
  local token; token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  mkfifo "$dir/emulator.out"
  python3 -u "$root/Tests/Emulator/kube_emulator.py" --tls-cert "$dir/server.crt" --tls-key "$dir/server.key" \
    --token "$token" --log "$dir/requests.jsonl" "$@" > "$dir/emulator.out" 2> "$dir/emulator.err" &
  EMULATOR_PID=$!
  local line=""
  exec 9< "$dir/emulator.out"
  read -r -t 30 line <&9 || true
  case "$line" in
    LISTENING\ *) EMULATOR_PORT=${line#LISTENING } ;;
    *) echo "emulator did not start: $(cat "$dir/emulator.err")" >&2; kill "$EMULATOR_PID" 2>/dev/null; return 1 ;;
  esac
  # Keep draining its stdout so it never blocks.
  cat <&9 >/dev/null &
  exec 9<&-
  cat > "$dir/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: emulator
  cluster:
    server: https://127.0.0.1:$EMULATOR_PORT
    certificate-authority: $dir/ca.crt
users:
- name: emulator-user
  user:
    token: $token
contexts:
- name: emulator
  context:
    cluster: emulator
    user: emulator-user
    namespace: flux-system
current-context: emulator
KUBECONFIG
}

emulator_stop() {
  if [ -n "${EMULATOR_PID:-}" ]; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
    EMULATOR_PID=""
  fi
}
