#!/usr/bin/env bash
# Installs `uet` the way a release ships it: published for this machine's runtime and compiled ahead of time
# (ReadyToRun), so a run does not spend its first second JIT-compiling MassTransit, EF Core and our code.
#
#   scripts/install.sh [--prefix DIR] [--artifacts DIR]
#
# --prefix     where it goes (default ~/.local): DIR/lib/uet/ holds the published files, DIR/bin/uet starts them.
# --artifacts  build in DIR instead of the repository's bin/ and obj/ folders (a clean build that leaves a checkout's
#              own build output alone, e.g. while tests run from it).
# Needs the .NET 10 SDK; the target machine needs only the .NET 10 runtime. Running it again replaces the install.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
prefix=$HOME/.local
artifacts=

die() { printf 'install: %s\n' "$*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --artifacts) [ $# -ge 2 ] || die "--artifacts needs a directory"; artifacts=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: scripts/install.sh [--prefix DIR] [--artifacts DIR])" ;;
  esac
done

command -v dotnet >/dev/null || die "dotnet is not on PATH: install the .NET 10 SDK"
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
lib=$prefix/lib/uet
bin=$prefix/bin

# Published beside the install first, then swapped in, so a failed build leaves the previous install working.
staging=$(mktemp -d "$prefix/.uet-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT

publish=(dotnet publish "$repo/services/Cli/Uet.Cli.csproj" -c Release --use-current-runtime --self-contained false
  -p:PublishReadyToRun=true -o "$staging/uet" --nologo -v q)
if [ -n "$artifacts" ]; then
  mkdir -p "$artifacts"
  publish+=(--artifacts-path "$(cd "$artifacts" && pwd)")
fi
"${publish[@]}" >&2 || die "the build failed; nothing was installed"

mkdir -p "$prefix/lib" "$bin"
rm -rf "$lib"
mv "$staging/uet" "$lib"
cat >"$bin/uet" <<EOF
#!/bin/sh
exec "$lib/uet" "\$@"
EOF
chmod +x "$bin/uet"

printf 'installed %s as %s\n' "$("$bin/uet" --version)" "$bin/uet"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) printf 'add %s to PATH to run it as `uet`\n' "$bin" ;;
esac
