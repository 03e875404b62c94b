#!/usr/bin/env bash
# Lint gate for the sample: every shell file given parses (bash -n).
set -euo pipefail
for f in "$@"; do bash -n "$f"; done
echo "lint ok: $*"
