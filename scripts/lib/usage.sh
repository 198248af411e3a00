# shellcheck shell=bash
# A script's help and usage come from its header comment (the comment lines after the shebang, up
# to the first line that is not a comment), so they are written once, there. Source this file, then
#   script_help FILE    prints the whole header without its "# " prefixes (for --help; exit 0)
#   script_usage FILE   prints "usage:" and the header's example lines that run FILE ("#   scripts/NAME ...")
#                       to stderr and exits 2 (for a wrong or missing argument)

script_help() {
  awk 'NR == 1 { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$1"
}

script_usage() {
  local name; name=$(basename "$1")
  script_help "$1" | awk -v name="$name" '$1 ~ ("(^|/)" name "$") { sub(/^ +/, ""); print "usage: " $0 }' >&2
  exit 2
}
