#!/usr/bin/env bash
# Builds the release archive of kubectl-rsip for linux/amd64 and renders the krew manifest for it,
# then checks the archive on minimal Debian 11, 12 and 13 systems (scripts/release-check.sh).
#
#   scripts/release.sh --out DIR [--no-check]
#
# Writes
#   DIR/kubectl-rsip_linux_amd64.tar.gz  kubectl-rsip, kubectl_complete-rsip, LICENSE
#                                         (deterministic: sorted names, uid/gid 0, mtime 0, gzip -n)
#   DIR/plugin.yaml                       the repo's plugin.yaml with the version of
#                                         Sources/kubectl-rsip/App/RSIP.swift and the archive's
#                                         uri and sha256.
# and prints release notes: size, NEEDED libraries, the glibc floor.
#
# Portable: the binary is linked against a minimal Debian 11 system (glibc 2.31, libstdc++ 10,
# libcurl 7.74 headers) that this script makes with debootstrap into $work/sysroot and reuses
# afterwards; the Swift runtime, RE2, libyaml and zlib are linked statically (this machine's
# libre2.a, libyaml.a and libz.a, the versions the tests ran with); libcurl.so.4 stays shared and works
# from 7.68 on. Needs root (debootstrap, chroot), Debian's mirror, and scripts/setup.sh's packages.
# Reproducible: the build runs in one fixed folder, $work = /var/tmp/kubectl-rsip-release (a copy of
# the checkout in $work/src, the scratch path $work/scratch, so it never competes with .build),
# because swiftc writes the length of each source file's absolute path into the code (the
# location of withoutActuallyEscaping's check), so a build in another checkout would differ.
# One release build at a time (flock on $work.lock); the second run of a commit is incremental.
set -euo pipefail
trap 'echo "release.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# shellcheck source=scripts/lib/usage.sh
. "$(dirname "$0")/lib/usage.sh"
usage() { script_usage "$0"; }

out=""
check=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    --no-check) check=0; shift ;;
    -h|--help) script_help "$0"; exit 0 ;;
    *) echo "release.sh: unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$out" ] || usage

root="$(cd "$(dirname "$0")/.." && pwd)"
work=/var/tmp/kubectl-rsip-release
mkdir -p "$out"
out="$(cd "$out" && pwd)"

fail() { echo "release.sh: $*" >&2; exit 1; }

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) os=linux; arch=amd64 ;;
  *) fail "release archives are built on linux/amd64 (this is $(uname -s)/$(uname -m)); see docs/building.md, Other platforms, for how darwin and linux/arm64 archives would be built" ;;
esac
[ "$(id -u)" -eq 0 ] || fail "run as root: the Debian 11 sysroot is made with debootstrap and prepared with chroot"
for tool in debootstrap chroot strip readelf objdump pkg-config rsync flock; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/setup.sh"
done
for lib in /usr/lib/x86_64-linux-gnu/libre2.a /usr/lib/x86_64-linux-gnu/libyaml.a /usr/lib/x86_64-linux-gnu/libz.a \
           /usr/include/yaml.h /usr/include/re2/re2.h /usr/include/zlib.h /usr/include/zconf.h; do
  [ -f "$lib" ] || fail "$lib is missing: run scripts/setup.sh (libre2-dev, libyaml-dev, zlib1g-dev)"
done

mkdir -p "$work"
exec 9>"$work.lock"
flock -n 9 || { echo "release.sh: another release build holds $work.lock; waiting" >&2; flock 9; }

version_swift="$root/Sources/kubectl-rsip/App/RSIP.swift"
version="$(sed -n 's/^[[:space:]]*static let current = "\([^"]*\)".*/\1/p' "$version_swift" | head -n 1)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "could not read Version.current (x.y.z) from $version_swift (got '$version')"
tag="v$version"

manifest="$root/plugin.yaml"
[ -f "$manifest" ] || fail "missing $manifest"
[ -f "$root/LICENSE" ] || fail "missing $root/LICENSE"
old_tag="$(sed -n 's/^  version: \(v[^[:space:]]*\)[[:space:]]*$/\1/p' "$manifest" | head -n 1)"
[ -n "$old_tag" ] || fail "no '  version: vX.Y.Z' line in $manifest"

# 1. The sysroot: a minimal Debian 11 with the C and C++ development files and libcurl's headers.
# Made once, reused while its recipe is unchanged. Only `debootstrap` and `chroot` write into it
# (it holds absolute symlinks that point at the host's own libraries from outside), except for a
# copy into its plain /opt directory.
suite=bullseye
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
sysroot_packages="libc6-dev,libstdc++-10-dev,libcurl4-openssl-dev"
sysroot="$work/sysroot/debian-11"
swiftrt="$(dirname "$(command -v swiftc)")/../lib/swift_static/linux/x86_64/swiftrt.o"
[ -f "$swiftrt" ] || fail "no swiftrt.o at $swiftrt (is swiftc from a Swift toolchain for Linux?)"
recipe="$suite $mirror minbase $sysroot_packages swiftrt:$(sha256sum "$swiftrt" | cut -c1-16)"
if [ "$(cat "$sysroot.ready" 2>/dev/null)" != "$recipe" ]; then
  start=$SECONDS
  echo "release.sh: making the Debian 11 sysroot in $sysroot (debootstrap $suite from $mirror)" >&2
  rm -rf "$sysroot" "$sysroot.ready"
  mkdir -p "$(dirname "$sysroot")"
  debootstrap --variant=minbase --include="$sysroot_packages" "$suite" "$sysroot" "$mirror" \
    > "$sysroot.log" 2>&1 || fail "debootstrap $suite failed: $(tail -5 "$sysroot.log")"
  # The linker reads the tree from outside: its absolute symlinks (libpthread.so ->
  # /lib/x86_64-linux-gnu/libpthread.so.0) would lead to the host's glibc, so they become
  # relative, from inside.
  chroot "$sysroot" /bin/sh -c 'find /usr/lib /usr/lib64 -xdev -type l -lname "/*" | while read -r l; do
      ln -sfn "$(realpath -s --relative-to="$(dirname "$l")" "$(readlink "$l")")" "$l"; done' \
    || fail "could not make the sysroot's library symlinks relative"
  # swiftc looks for its start-up object under the SDK it links against.
  [ -d "$sysroot/opt" ] && [ ! -L "$sysroot/opt" ] || fail "$sysroot/opt is not a plain directory"
  mkdir -p "$sysroot/opt/swift-rt"
  cp "$swiftrt" "$sysroot/opt/swift-rt/swiftrt.o"
  chroot "$sysroot" /bin/sh -c 'mkdir -p /usr/lib/swift_static/linux/x86_64 && cp /opt/swift-rt/swiftrt.o /usr/lib/swift_static/linux/x86_64/' \
    || fail "could not place swiftrt.o in the sysroot"
  echo "$recipe" > "$sysroot.ready"
  echo "release.sh: sysroot ready in $((SECONDS - start))s" >&2
fi
glibc_sysroot="$(chroot "$sysroot" /usr/bin/ldd --version | awk 'NR == 1 {print $NF}')"
curl_headers="$(sed -n 's/^#define LIBCURL_VERSION "\(.*\)"/\1/p' "$sysroot/usr/include/x86_64-linux-gnu/curl/curlver.h")"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# 2. Static RE2, libyaml and zlib: this machine's archives and headers (the versions the test suite ran
# with), found through pkg-config files of our own, ahead of the system's (SwiftPM reads
# PKG_CONFIG_PATH itself); libcurl's headers are the sysroot's (7.74).
# A fixed folder, not the temp dir: its paths are part of the compiler flags, so the next run
# builds incrementally; cp -p keeps the headers' times for the same reason.
link="$work/link"
rm -rf "$link"
mkdir -p "$link/lib" "$link/include" "$link/pkgconfig"
cp -p /usr/lib/x86_64-linux-gnu/libre2.a /usr/lib/x86_64-linux-gnu/libyaml.a /usr/lib/x86_64-linux-gnu/libz.a "$link/lib/"
cp -p /usr/include/yaml.h /usr/include/zlib.h /usr/include/zconf.h "$link/include/"
cp -rp /usr/include/re2 "$link/include/"
re2_version="$(dpkg-query -W -f='${Version}' libre2-dev)"
yaml_version="$(dpkg-query -W -f='${Version}' libyaml-dev)"
zlib_version="$(dpkg-query -W -f='${Version}' zlib1g-dev)"
printf 'Name: yaml-0.1\nDescription: libyaml, linked statically\nVersion: %s\nCflags: -I%s/include\nLibs: -L%s/lib -lyaml\n' \
  "$yaml_version" "$link" "$link" > "$link/pkgconfig/yaml-0.1.pc"
# The sysroot has only libcurl's runtime libz.so.1, no headers: the CZlib shim takes ours.
printf 'Name: zlib\nDescription: zlib, linked statically\nVersion: %s\nCflags: -I%s/include\nLibs: -L%s/lib -lz\n' \
  "$zlib_version" "$link" "$link" > "$link/pkgconfig/zlib.pc"
printf 'Name: libcurl\nDescription: libcurl of the sysroot\nVersion: %s\nCflags: -I%s/usr/include/x86_64-linux-gnu\nLibs: -lcurl\n' \
  "$curl_headers" "$sysroot" > "$link/pkgconfig/libcurl.pc"
"$(dirname "$(command -v swiftc)")/clang++" --sysroot="$sysroot" -O2 -fPIC -c "$root/scripts/lib/glibcxx-shim.cpp" -o "$link/glibcxx-shim.o" \
  || fail "could not compile scripts/lib/glibcxx-shim.cpp against the sysroot"

# 3. The build.
# -disable-incremental-llvm-codegen: otherwise swiftc stamps each object (.swift_modhash) with an
# MD5 of its LLVM module, which holds source and include paths, so the binary and its build id
# differ between checkouts; only the compiler's incremental mode reads it, never the program.
# -gnone, -g0: the archive is stripped anyway, and the debug info would carry each imported
# Clang module's signature, which changes with the modification times of the copied sources.
flags=(-c release --static-swift-stdlib --scratch-path "$work/scratch"
       -Xswiftc -Xfrontend -Xswiftc -disable-incremental-llvm-codegen
       -Xswiftc -gnone -Xcc -g0 -Xcxx -g0
       -Xswiftc -sdk -Xswiftc "$sysroot" -Xcc "--sysroot=$sysroot" -Xcxx "--sysroot=$sysroot"
       -Xcc "-I$link/include" -Xcxx "-I$link/include"
       -Xcxx "-DCRE2_STATIC_VERSION=\"libre2.a $re2_version (static)\""
       -Xlinker "-L$link/lib" -Xlinker "$link/glibcxx-shim.o")
echo "release.sh: building kubectl-rsip $tag for $os/$arch against Debian 11 (glibc $glibc_sysroot, libcurl $curl_headers headers), in $work" >&2
start=$SECONDS
# rsync keeps unchanged files as they are (times, inodes), so SwiftPM rebuilds only what changed.
rsync -a --delete --exclude='/.build*' --exclude='/.git' "$root/" "$work/src/" \
  || fail "could not copy $root to $work/src"
(cd "$work/src" && PKG_CONFIG_PATH="$link/pkgconfig" swift build "${flags[@]}" --product kubectl-rsip >&2) \
  || fail "swift build -c release failed (see above)"
bindir="$(cd "$work/src" && PKG_CONFIG_PATH="$link/pkgconfig" swift build "${flags[@]}" --show-bin-path)"
echo "release.sh: build took $((SECONDS - start))s" >&2
[ -x "$bindir/kubectl-rsip" ] || fail "no executable at $bindir/kubectl-rsip after the build"

# What the binary asks of the system it runs on.
needed="$(readelf -d "$bindir/kubectl-rsip" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
floor() { objdump -T "$bindir/kubectl-rsip" | grep -oE "\b$1_[0-9.]+" | sort -uV | tail -n 1; }
glibc_floor="$(floor GLIBC)"
glibcxx_floor="$(floor GLIBCXX)"
for lib in $needed; do
  case "$lib" in
    libcurl.so.4|libstdc++.so.6|libgcc_s.so.1|libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|libutil.so.1|ld-linux-x86-64.so.2) ;;
    *) fail "the binary needs $lib, which the release does not ship or name as a requirement" ;;
  esac
done
newer() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" != "$2" ]; }
newer "${glibc_floor#GLIBC_}" 2.31 && fail "the binary needs $glibc_floor: Debian 11 and Ubuntu 20.04 have glibc 2.31"
newer "${glibcxx_floor#GLIBCXX_}" 3.4.28 && fail "the binary needs $glibcxx_floor: Debian 11 and Ubuntu 20.04 have GLIBCXX_3.4.28"

pack="$stage/pack"
mkdir -p "$pack"
# Symbols are not needed at run time; stripping takes the archive from ~80 MB to a fraction.
strip -o "$pack/kubectl-rsip" "$bindir/kubectl-rsip"
chmod 0755 "$pack/kubectl-rsip"
install -m 0644 "$root/LICENSE" "$pack/LICENSE"
files=(LICENSE kubectl-rsip)
completion="$root/completions/kubectl_complete-rsip"
if [ -f "$completion" ]; then
  install -m 0755 "$completion" "$pack/kubectl_complete-rsip"
  files+=(kubectl_complete-rsip)
else
  echo "release.sh: WARNING: $completion does not exist: the archive has no completion helper and" \
       "the rendered manifest drops its files entry for $os/$arch" >&2
fi

archive_name="kubectl-rsip_${os}_${arch}.tar.gz"
archive="$out/$archive_name"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    -C "$pack" -cf - "${files[@]}" | gzip -n -9 > "$archive.tmp"
mv "$archive.tmp" "$archive"
sha="$(sha256sum "$archive" | cut -d' ' -f1)"
[[ "$sha" =~ ^[a-f0-9]{64}$ ]] || fail "unexpected sha256sum output: $sha"

uri="https://github.com/kubectl-rsip/kubectl-rsip/releases/download/$tag/$archive_name"
have_completion=0; [ -f "$pack/kubectl_complete-rsip" ] && have_completion=1

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
echo
echo "release notes, kubectl-rsip $tag $os/$arch:"
echo "  archive     $archive_name, $(stat -c %s "$archive") bytes, sha256 $sha"
echo "  binary      stripped, $(stat -c %s "$pack/kubectl-rsip") bytes"
echo "  NEEDED      $needed"
echo "  glibc floor $glibc_floor and $glibcxx_floor (linked against Debian 11: glibc $glibc_sysroot, libstdc++ 10)"
echo "  runs on     Debian 11, 12, 13, Ubuntu 20.04 to 24.04 with libcurl4 (Debian 13, Ubuntu 24.04: libcurl4t64) and ca-certificates"
echo "  static      Swift runtime $(swift --version 2>/dev/null | awk '/Swift version/ {print $3; exit}'), RE2 (libre2.a $re2_version), libyaml (libyaml.a $yaml_version), zlib (libz.a $zlib_version)"
echo "  libcurl     shared (libcurl.so.4), 7.68 or later; built against $curl_headers headers; older than 7.85 it gets the"
echo "              CURLOPT_PROTOCOLS bitmask, older than 7.77/7.71 the CA and client key as files (kubectl rsip version says which)"

if [ "$check" -eq 1 ]; then
  echo
  "$root/scripts/release-check.sh" "$archive" || fail "scripts/release-check.sh $archive failed (see above)"
fi
