#!/usr/bin/env bash
# Unit gate for the sample: checks one module's functions. Usage: check.sh <module>
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
case "${1:?module}" in
  core)   source "$root/lib/core.sh";   [ "$(add 2 3)" = 5 ] && [ "$(mul 4 5)" = 20 ] ;;
  parse)  source "$root/lib/parse.sh";  [ "$(first_operand '7 + 8')" = 7 ] ;;
  format) source "$root/lib/format.sh"; [ "$(format_result 42)" = "= 42" ] ;;
  cli)    [ "$(bash "$root/bin/calc" 6 '*' 7)" = "= 42" ] ;;
  *) echo "unknown module $1" >&2; exit 2 ;;
esac
echo "ok: $1"
