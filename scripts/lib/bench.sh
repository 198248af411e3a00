# Shared by bench/*.sh. `bench_prepare TOOL...` runs scripts/setup.sh, installs with apt-get each
# TOOL that is missing (hyperfine, time: the Debian package has the tool's name), and builds the
# release binary into .build-bench (the normal .build is left alone); it sets BENCH_BIN to the
# folder holding kubectl-rsip. With BENCH_BIN=/path/to/dir already set and $BENCH_BIN/kubectl-rsip
# present, the build is skipped and that binary is used (e.g. while someone else builds in the tree);
# then BENCH_PREBUILT=1, so a report can say the binary need not match the checked-out commit.

bench_prepare() {
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  "$root/scripts/setup.sh"
  local need=() tool
  for tool in "$@"; do
    case "$tool" in
      time) [ -x /usr/bin/time ] || need+=(time) ;;
      *) command -v "$tool" >/dev/null || need+=("$tool") ;;
    esac
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]}"
    local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ -n "${BENCH_BIN:-}" ] && [ -x "$BENCH_BIN/kubectl-rsip" ]; then
    BENCH_BIN=$(cd "$BENCH_BIN" && pwd) BENCH_PREBUILT=1
    echo "bench: using the existing $BENCH_BIN/kubectl-rsip (BENCH_BIN set; no build)"
    return 0
  fi
  [ -z "${BENCH_BIN:-}" ] || echo "bench: BENCH_BIN=$BENCH_BIN has no executable kubectl-rsip; building instead" >&2
  BENCH_PREBUILT=0
  echo "bench: building release into .build-bench"
  swift build -c release --scratch-path "$root/.build-bench" 2>&1 | grep -E '^(error|Build|Compiling kubectl)' || true
  BENCH_BIN=$(swift build -c release --scratch-path "$root/.build-bench" --show-bin-path)
  [ -x "$BENCH_BIN/kubectl-rsip" ] || { echo "bench: $BENCH_BIN/kubectl-rsip was not built" >&2; return 1; }
}
