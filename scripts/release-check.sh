#!/usr/bin/env bash
# Checks a release archive where users run it: on minimal Debian 11, 12 and 13 systems that hold
# nothing but what the README's Install section names (libcurl4, or libcurl4t64 on 13, and
# ca-certificates).
#
#   scripts/release-check.sh ARCHIVE [SUITE...]     # SUITEs: bullseye bookworm trixie (default: all)
#
# For each suite: debootstrap --variant=minbase from the machine's Debian mirror (DEBIAN_MIRROR),
# copy the unpacked archive and the check's inputs into the tree's /opt, mount proc, and run from
# inside (chroot):
#   kubectl-rsip --help, kubectl-rsip version (it must name the system's libcurl),
#   kubectl-rsip diff -f provider.yaml --tags-file tags.txt   (offline: filters, semver, RE2)
#   kubectl-rsip get -A -o json                                (TLS and a token, against the API
#                                                               emulator on 127.0.0.1)
# Each output must equal the same command's output on this machine. The trees are removed at the
# end (proc unmounted first). Takes about a minute per suite, most of it debootstrap.
#
# Care: a debootstrap tree holds absolute symlinks (usr/lib/x86_64-linux-gnu/libmvec.so ->
# /lib/x86_64-linux-gnu/libmvec.so.1) that, followed from outside, point at this machine's own
# files. This script writes into a tree only through debootstrap, chroot, and copies into the
# tree's plain /opt directory.
set -euo pipefail
trap 'echo "release-check: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# shellcheck source=scripts/lib/usage.sh
. "$(dirname "$0")/lib/usage.sh"
usage() { script_usage "$0"; }
[ $# -ge 1 ] || usage
case "$1" in -h|--help) script_help "$0"; exit 0 ;; esac
archive="$1"; shift
[ -f "$archive" ] || { echo "release-check: no archive at $archive" >&2; exit 2; }
archive="$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")"
suites=("$@"); [ ${#suites[@]} -gt 0 ] || suites=(bullseye bookworm trixie)
root="$(cd "$(dirname "$0")/.." && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ "$(id -u)" -eq 0 ] || { echo "release-check: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "release-check: debootstrap is missing: run scripts/setup.sh" >&2; exit 2; }

work="$(mktemp -d)"
trees=()
. "$root/scripts/lib/emulator.sh"
cleanup() {
  emulator_stop
  jobs -p | xargs -r kill 2>/dev/null || true
  local t
  for t in "${trees[@]}"; do
    if mountpoint -q "$t/proc"; then umount "$t/proc" || umount -l "$t/proc" || true; fi
    # rm never follows the tree's symlinks; it refuses to remove a tree whose proc is still mounted.
    if mountpoint -q "$t/proc"; then echo "release-check: $t/proc is still mounted; left $t in place" >&2; else rm -rf "$t"; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "release-check: $*" >&2; exit 1; }
begin=$SECONDS

# The check's inputs and this machine's answers.
mkdir -p "$work/pkg" "$work/check/home"
tar -xzf "$archive" -C "$work/pkg"
[ -x "$work/pkg/kubectl-rsip" ] || fail "$archive holds no kubectl-rsip"
cat > "$work/check/provider.yaml" <<'YAML'
apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSetInputProvider
metadata:
  name: apps
  namespace: flux-system
spec:
  type: OCIArtifactTag
  url: oci://registry.example/apps
  filter:
    includeTag: '^v?\d+\.\d+\.\d+(-rc\.\d+)?$'
    excludeTag: '-rc\.'
    semver: '>=1.2.0 <3.0.0'
    limit: 3
status:
  exportedInputs:
  - id: "48955639"
    tag: 1.2.0
    digest: sha256:1111111111111111111111111111111111111111111111111111111111111111
  - id: "48692582"
    tag: 2.0.0
    digest: sha256:2222222222222222222222222222222222222222222222222222222222222222
YAML
cat > "$work/check/tags.txt" <<'TAGS'
1.1.9 sha256:0000000000000000000000000000000000000000000000000000000000000000
1.2.0 sha256:1111111111111111111111111111111111111111111111111111111111111111
v2.0.0 sha256:2222222222222222222222222222222222222222222222222222222222222222
2.1.0-rc.1 sha256:3333333333333333333333333333333333333333333333333333333333333333
2.1.0 sha256:4444444444444444444444444444444444444444444444444444444444444444
2.2.0 sha256:5555555555555555555555555555555555555555555555555555555555555555
3.0.0 sha256:6666666666666666666666666666666666666666666666666666666666666666
latest sha256:7777777777777777777777777777777777777777777777777777777777777777
TAGS
emulator_start "$work/check" --seed "$root/Tests/Emulator/seed" > /dev/null
# The kubeconfig as the trees see it: the CA under /opt/check.
sed "s#certificate-authority: .*#certificate-authority: /opt/check/ca.crt#" "$work/check/kubeconfig" > "$work/check/kubeconfig.opt"
rm -f "$work/check/ca.key" "$work/check/server.key"   # the trees need the CA certificate only

# run WHERE NAME ARGS...: WHERE is "host" or a tree; env is the same minimal one in both.
run() {
  local where=$1 name=$2; shift 2
  local rc=0
  if [ "$where" = host ]; then
    env -i HOME="$work/check/home" PATH=/usr/bin:/bin KUBECONFIG="$work/check/kubeconfig" \
      "$work/pkg/kubectl-rsip" "$@" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
    sed -i "s#$work/check/#/opt/check/#g" "$work/$name.out"
  else
    chroot "$where" /usr/bin/env -i HOME=/opt/check/home PATH=/usr/bin:/bin KUBECONFIG=/opt/check/kubeconfig.opt \
      /opt/kubectl-rsip/kubectl-rsip "$@" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
  fi
  echo "$rc" > "$work/$name.rc"
}
checks=(help version diff get)
args_help=(--help)
args_version=(version)
args_diff=(diff -f /opt/check/provider.yaml --tags-file /opt/check/tags.txt)
args_get=(get -A -o json)
host_args() { sed "s#/opt/check/#$work/check/#g" <<<"$1"; }
for c in "${checks[@]}"; do
  declare -n a="args_$c"
  mapfile -t h < <(for x in "${a[@]}"; do host_args "$x"; done)
  run host "host-$c" "${h[@]}"
  unset -n a
done
[ "$(cat "$work/host-diff.rc")" = 1 ] || fail "on this machine, the offline diff exited $(cat "$work/host-diff.rc") (want 1: differences): $(cat "$work/host-diff.err")"
grep -q '^+ 2.2.0' "$work/host-diff.out" || fail "on this machine, the offline diff does not add 2.2.0: $(cat "$work/host-diff.out")"
[ "$(cat "$work/host-get.rc")" = 0 ] || fail "on this machine, get -A exited $(cat "$work/host-get.rc"): $(cat "$work/host-get.err")"
providers=$(grep -c '"kind": "ResourceSetInputProvider"' "$work/host-get.out" || true)
[ "$providers" -gt 0 ] || fail "on this machine, get -A -o json listed no provider"
echo "release-check: on this machine: offline diff exit 1 with $(grep -c '^[-+~] ' "$work/host-diff.out" || true) changes, get -A -o json: $providers providers"

declare -A libcurl_package=([bullseye]=libcurl4 [bookworm]=libcurl4 [trixie]=libcurl4t64)
declare -A release=([bullseye]=11 [bookworm]=12 [trixie]=13)
summary=()
for suite in "${suites[@]}"; do
  [ -n "${libcurl_package[$suite]:-}" ] || fail "unknown suite $suite (bullseye, bookworm or trixie)"
  t0=$SECONDS
  tree="$work/$suite"
  trees+=("$tree")
  echo "release-check: Debian ${release[$suite]} ($suite): debootstrap --variant=minbase --include=${libcurl_package[$suite]},ca-certificates"
  debootstrap --variant=minbase --include="${libcurl_package[$suite]},ca-certificates" "$suite" "$tree" "$mirror" \
    > "$work/$suite-debootstrap.log" 2>&1 || fail "debootstrap $suite failed: $(tail -5 "$work/$suite-debootstrap.log")"
  t1=$SECONDS
  [ -d "$tree/opt" ] && [ ! -L "$tree/opt" ] || fail "$tree/opt is not a plain directory"
  mkdir -p "$tree/opt/kubectl-rsip" "$tree/opt/check/home"
  cp -a "$work/pkg/." "$tree/opt/kubectl-rsip/"
  cp "$work/check/provider.yaml" "$work/check/tags.txt" "$work/check/ca.crt" "$work/check/kubeconfig.opt" "$tree/opt/check/"
  mount -t proc proc "$tree/proc"
  glibc="$(chroot "$tree" /usr/bin/ldd --version | awk 'NR == 1 {print $NF}')"
  curl_pkg="$(chroot "$tree" /usr/bin/dpkg-query -W -f='${Version}' "${libcurl_package[$suite]}")"
  for c in "${checks[@]}"; do
    declare -n a="args_$c"
    run "$tree" "$suite-$c" "${a[@]}"
    unset -n a
    rc="$(cat "$work/$suite-$c.rc")"; want="$(cat "$work/host-$c.rc")"
    [ "$rc" = "$want" ] || fail "Debian ${release[$suite]}: '$c' exited $rc (on this machine $want): $(head -c 2000 "$work/$suite-$c.err")"
    if [ "$c" = version ]; then
      grep -q "^libcurl: *libcurl/${curl_pkg%%-*}" "$work/$suite-$c.out" \
        || fail "Debian ${release[$suite]}: version does not name libcurl ${curl_pkg%%-*}: $(cat "$work/$suite-$c.out")"
      grep -q "^RE2: *libre2.a" "$work/$suite-$c.out" || fail "Debian ${release[$suite]}: version does not name the static RE2"
    elif ! cmp -s "$work/host-$c.out" "$work/$suite-$c.out"; then
      diff -u "$work/host-$c.out" "$work/$suite-$c.out" >&2 || true
      fail "Debian ${release[$suite]}: '$c' printed something else than on this machine (above)"
    fi
  done
  fallbacks="$(grep -c '^ *instead:' "$work/$suite-version.out" || true)"
  sed -n '/^libcurl:/,/^libyaml:/p' "$work/$suite-version.out" | sed '$d; s/^/    /'
  umount "$tree/proc"
  rm -rf "$tree"
  line="Debian ${release[$suite]} ($suite): glibc $glibc, libcurl $curl_pkg ($fallbacks fallbacks): --help, version, offline diff, get -A: ok (debootstrap $((t1 - t0))s, checks $((SECONDS - t1))s)"
  summary+=("$line")
  echo "release-check: $line"
done
echo "release-check: $archive passed on ${#summary[@]} systems in $((SECONDS - begin))s"
for l in "${summary[@]}"; do echo "  $l"; done
