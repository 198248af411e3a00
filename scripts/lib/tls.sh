# shellcheck shell=bash
# Throw-away TLS material for scripts (the API emulator, benchmark registries), made by openssl at
# run time and never committed. Source this file, then
#   tls_make DIR CA SERVER CA_CN SERVER_CN
# writes DIR/CA.crt and DIR/CA.key (an EC P-256 CA valid for 2 days) and DIR/SERVER.crt and
# DIR/SERVER.key, a server certificate for 127.0.0.1 and localhost signed by it.

tls_make() {
  local dir=$1 ca=$2 server=$3 ca_cn=$4 server_cn=$5
  (
    cd "$dir" || exit 1
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -keyout "$ca.key" -out "$ca.crt" -days 2 -subj "/CN=$ca_cn" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$server.ext"
    openssl req "${ec[@]}" -keyout "$server.key" -out "$server.csr" -subj "/CN=$server_cn" 2>/dev/null
    openssl x509 -req -in "$server.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial -days 2 \
      -extfile "$server.ext" -out "$server.crt" 2>/dev/null
  )
}
