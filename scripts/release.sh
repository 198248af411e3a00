#!/usr/bin/env bash
# Builds the release archive of kubectl-rsip for this machine's platform and renders the krew
# manifest for it.
#
#   scripts/release.sh --out DIR
#
# Writes
#   DIR/kubectl-rsip_<os>_<arch>.tar.gz  kubectl-rsip, kubectl_complete-rsip, LICENSE
#                                         (deterministic: sorted names, uid/gid 0, mtime 0, gzip -n)
#   DIR/plugin.yaml                       the repo's plugin.yaml with the version of
#                                         Sources/kubectl-rsip/App/RSIP.swift and this platform's
#                                         uri and sha256; other platforms are kept as they are.
#
# The build uses its own scratch path (.build-release) so it never competes with `swift build`
# in .build. Linux only (GNU tar, sha256sum); the Swift runtime is linked statically, libcurl,
# libyaml and RE2 stay shared (see the manifest's caveats).
set -euo pipefail

usage() { echo "usage: scripts/release.sh --out DIR" >&2; exit 2; }

out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release.sh: unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$out" ] || usage

root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

fail() { echo "release.sh: $*" >&2; exit 1; }

case "$(uname -s)" in
  Linux) os=linux ;;
  *) fail "only Linux release builds are supported here (this is $(uname -s)); darwin archives are built by the release pipeline" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) fail "unsupported machine $(uname -m): krew platforms here are amd64 and arm64" ;;
esac

version_swift="$root/Sources/kubectl-rsip/App/RSIP.swift"
version="$(sed -n 's/^[[:space:]]*static let current = "\([^"]*\)".*/\1/p' "$version_swift" | head -n 1)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "could not read Version.current (x.y.z) from $version_swift (got '$version')"
tag="v$version"

manifest="$root/plugin.yaml"
[ -f "$manifest" ] || fail "missing $manifest"
[ -f "$root/LICENSE" ] || fail "missing $root/LICENSE"
old_tag="$(sed -n 's/^  version: \(v[^[:space:]]*\)[[:space:]]*$/\1/p' "$manifest" | head -n 1)"
[ -n "$old_tag" ] || fail "no '  version: vX.Y.Z' line in $manifest"

echo "release.sh: building kubectl-rsip $tag for $os/$arch (swift build -c release --static-swift-stdlib, scratch path .build-release)" >&2
start=$SECONDS
(cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-release --product kubectl-rsip >&2) \
  || fail "swift build -c release failed (see above)"
bindir="$(cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-release --show-bin-path)"
echo "release.sh: build took $((SECONDS - start))s" >&2
[ -x "$bindir/kubectl-rsip" ] || fail "no executable at $bindir/kubectl-rsip after the build"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# Symbols are not needed at run time; stripping takes the archive from ~80 MB to a fraction.
strip -o "$stage/kubectl-rsip" "$bindir/kubectl-rsip"
chmod 0755 "$stage/kubectl-rsip"
install -m 0644 "$root/LICENSE" "$stage/LICENSE"
files=(LICENSE kubectl-rsip)
completion="$root/completions/kubectl_complete-rsip"
if [ -f "$completion" ]; then
  install -m 0755 "$completion" "$stage/kubectl_complete-rsip"
  files+=(kubectl_complete-rsip)
else
  echo "release.sh: WARNING: $completion does not exist: the archive has no completion helper and" \
       "the rendered manifest drops its files entry for $os/$arch" >&2
fi

archive_name="kubectl-rsip_${os}_${arch}.tar.gz"
archive="$out/$archive_name"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    -C "$stage" -cf - "${files[@]}" | gzip -n > "$archive.tmp"
mv "$archive.tmp" "$archive"
sha="$(sha256sum "$archive" | cut -d' ' -f1)"
[[ "$sha" =~ ^[a-f0-9]{64}$ ]] || fail "unexpected sha256sum output: $sha"

uri="https://github.com/kubectl-rsip/kubectl-rsip/releases/download/$tag/$archive_name"
have_completion=0; [ -f "$stage/kubectl_complete-rsip" ] && have_completion=1

# Render: the version everywhere it appears (version, uris, caveats), then this platform's uri
# and sha256 (and, without a helper, its kubectl_complete-rsip files entry). The manifest's
# layout is fixed (block matchLabels with os and arch, then uri, sha256, files, bin);
# Tests/EndToEndTests/ReleaseTests.swift validates the result.
awk -v old="$old_tag" -v new="$tag" -v os="$os" -v arch="$arch" -v uri="$uri" -v sha="$sha" \
    -v have_completion="$have_completion" '
  function replace_all(s, a, b,   i, r) {
    r = ""
    while ((i = index(s, a)) > 0) { r = r substr(s, 1, i - 1) b; s = substr(s, i + length(a)) }
    return r s
  }
  { $0 = replace_all($0, old, new) }
  /^  - selector:/ { cur_os = ""; cur_arch = "" }
  /^        os: /  { cur_os = $2 }
  /^        arch: / { cur_arch = $2 }
  {
    mine = (cur_os == os && cur_arch == arch)
    if (mine && $0 ~ /^    uri: /)    { print "    uri: " uri; uris++; next }
    if (mine && $0 ~ /^    sha256: /) { print "    sha256: " sha; shas++; next }
    if (mine && !have_completion && $0 ~ /^    - from: kubectl_complete-rsip$/) { skip_to = 1; next }
    if (skip_to && $0 ~ /^      to: /) { skip_to = 0; next }
    skip_to = 0
    print
  }
  END {
    if (uris != 1 || shas != 1) {
      printf "release.sh: plugin.yaml has %d uri and %d sha256 lines for %s/%s (want 1 each)\n", uris, shas, os, arch > "/dev/stderr"
      exit 1
    }
  }' "$manifest" > "$out/plugin.yaml.tmp" || fail "could not render $out/plugin.yaml from $manifest"
mv "$out/plugin.yaml.tmp" "$out/plugin.yaml"

echo "wrote $archive"
echo "  sha256  $sha"
echo "  size    $(stat -c %s "$archive") bytes"
tar -tzvf "$archive" | sed 's/^/  /'
echo "wrote $out/plugin.yaml"
echo "  version $tag, $os/$arch uri $uri"
