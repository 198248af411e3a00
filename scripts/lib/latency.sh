# shellcheck shell=bash
# What the diff benchmarks over a network with latency share (bench/diff-matrix.sh,
# bench/startup.sh); sourced after scripts/lib/bench.sh, inside a run (`work` is set).
#   latency_floor_script            writes $work/floor.sh, the curl floor: the tag pages exactly as
#                                   the plugin asks for them (n=1000, then every Link rel="next"),
#                                   then every HEAD from one `curl --http2 --parallel`
#   latency_proxy_start RTT_MS      bench/latency_proxy.py in front of $REGISTRY_HOST; sets PROXY_PID
#                                   and PROXY_PORT (HANDSHAKE=0: no charge for a new connection)
#   latency_proxy_connections       the proxy's connection count since it started
#   latency_check_floor N           the floor's last run made N HEADs over HTTP/2, N digests

# The curl floor: one curl process per tag page, then every HEAD from one curl process that waits
# for its first connection and multiplexes the rest over it (no --parallel-immediate). Each
# answer's headers and a line "= <num_connects> <http_version>" go to TMPDIR/heads.out for the
# checks. (curl 7.88's --parallel progress meter ignores -s, so its stderr goes to a file, shown
# only if curl fails.)
latency_floor_script() {
  cat > "$work/floor.sh" <<'FLOOR'
#!/bin/bash
# floor.sh BASE CA TMPDIR PARALLEL ACCEPT
set -euo pipefail
base=$1 ca=$2 tmp=$3 par=$4 acc=$5
url="$base/v2/apps/bench/tags/list?n=1000"
: > "$tmp/tags"
while [ -n "$url" ]; do
  curl -fsS --http2 --cacert "$ca" -D "$tmp/hdr" -o "$tmp/page" "$url"
  jq -r '.tags // [] | .[]' "$tmp/page" >> "$tmp/tags"
  next=$(tr -d '\r' < "$tmp/hdr" | sed -n 's/^[Ll][Ii][Nn][Kk]: *<\([^>]*\)>.*rel="\{0,1\}next.*/\1/p' | head -1)
  case "$next" in
    "" | http://* | https://*) url=$next ;;
    /*) url=$base$next ;;
    *) echo "floor: cannot resolve the Link <$next>" >&2; exit 1 ;;
  esac
done
sed "s|.*|url = \"$base/v2/apps/bench/manifests/&\"|" "$tmp/tags" > "$tmp/heads.cfg"
curl -fsS --http2 --parallel --parallel-max "$par" --cacert "$ca" --head -H "Accept: $acc" \
  -w '= %{num_connects} %{http_version}\n' -K "$tmp/heads.cfg" > "$tmp/heads.out" 2> "$tmp/heads.err" ||
  { rc=$?; tr '\r' '\n' < "$tmp/heads.err" | grep -v '^DL%\|^--\|^ *$' >&2; exit "$rc"; }
FLOOR
  chmod +x "$work/floor.sh"
  mkdir -p "$work/floor"
}

latency_proxy_start() {
  local flags=()
  [ "${HANDSHAKE:-1}" = 1 ] || flags=(--no-handshake)
  python3 -u bench/latency_proxy.py --upstream "$REGISTRY_HOST" --delay-ms "$(awk -v rtt="$1" 'BEGIN {print rtt / 2}')" \
    "${flags[@]}" > "$work/proxy.out" 2> "$work/proxy.err" &
  PROXY_PID=$!
  bench_track "$PROXY_PID"
  PROXY_PORT=$(bench_listening "$work/proxy.out" "$work/proxy.err" "latency proxy")
}

# One fresh `curl --http2 GET /v2/` through the proxy (CA file $1); fails unless it spoke HTTP/2.
# Sets PROBE_CONNECT_MS, PROBE_TLS_MS and PROBE_FIRST_MS (connected, TLS done, first byte).
latency_proxy_probe() {
  local probe pv pc pa pt
  probe=$(curl -fsS -o /dev/null --http2 --cacert "$1" \
    -w '%{http_version} %{time_connect} %{time_appconnect} %{time_starttransfer}' "https://127.0.0.1:$PROXY_PORT/v2/")
  read -r pv pc pa pt <<< "$probe"
  [ "$pv" = 2 ] || { echo "bench: curl --http2 through the proxy spoke HTTP/$pv" >&2; return 1; }
  PROBE_CONNECT_MS=$(latency_ms "$pc") PROBE_TLS_MS=$(latency_ms "$pa") PROBE_FIRST_MS=$(latency_ms "$pt")
}

latency_ms() { awk -v s="$1" 'BEGIN {printf "%.0f", s * 1000}'; }

latency_proxy_connections() {  # SIGUSR1 -> a STATS line
  local before after _
  before=$(grep -c '^STATS ' "$work/proxy.out" || true)
  kill -USR1 "$PROXY_PID"
  for _ in $(seq 200); do
    after=$(grep -c '^STATS ' "$work/proxy.out" || true)
    [ "$after" -gt "$before" ] && break; sleep 0.01
  done
  grep '^STATS ' "$work/proxy.out" | tail -1 | sed 's/^STATS //' | jq .connections
}

latency_check_floor() {
  local n=$1 heads h2 dig
  heads=$(grep -c '^= ' "$work/floor/heads.out" || true)
  h2=$(grep -c '^= [0-9]* 2$' "$work/floor/heads.out" || true)
  dig=$(grep -ci '^docker-content-digest: sha256:' "$work/floor/heads.out" || true)
  if [ "$heads" -ne "$n" ] || [ "$h2" -ne "$n" ] || [ "$dig" -ne "$n" ]; then
    echo "bench: the floor's curl made $heads HEADs, $h2 over HTTP/2, $dig digests; wanted $n each" >&2
    return 1
  fi
}
