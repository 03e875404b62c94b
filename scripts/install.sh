#!/usr/bin/env bash
# Installs `uet` the way a release ships it: published for this machine and compiled ahead of time, so a run does
# not spend its first second JIT-compiling MassTransit, EF Core and our code.
#
#   scripts/install.sh [--prefix DIR] [--artifacts DIR] [--framework-dependent]
#
# --prefix               where it goes (default ~/.local): DIR/lib/uet/ holds the published files, DIR/bin/uet
#                        starts them.
# --artifacts            build in DIR instead of the repository's bin/ and obj/ folders (a clean build that leaves a
#                        checkout's own build output alone, e.g. while tests run from it).
# --framework-dependent  the small form (about 50 MB instead of 190): runs on the machine's shared .NET 10 runtime
#                        and takes its updates, but starts slower (each assembly precompiled on its own).
# By default uet carries its own runtime, and it, the framework and every dependency are compiled into one image
# for this machine's CPU (ReadyToRun composite): code that crosses assemblies (EF Core over our entities,
# MassTransit over our messages) is precompiled too. That takes a few minutes; bench/README.md has the figures.
# Needs the .NET 10 SDK; the default form needs nothing else on the target machine, the small one the .NET 10
# runtime. Running it again replaces the install.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
prefix=$HOME/.local
artifacts=
framework_dependent=

die() { printf 'install: %s\n' "$*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
    --artifacts) [ $# -ge 2 ] || die "--artifacts needs a directory"; artifacts=$2; shift 2 ;;
    --framework-dependent) framework_dependent=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: scripts/install.sh [--prefix DIR] [--artifacts DIR] [--framework-dependent])" ;;
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

publish=(dotnet publish "$repo/services/Cli/Uet.Cli.csproj" -c Release --use-current-runtime
  -p:PublishReadyToRun=true -o "$staging/uet" --nologo -v q)
if [ -n "$framework_dependent" ]; then
  publish+=(--self-contained false)
else
  # The instruction set of this machine: the image is built where it runs. On a CPU without those instructions
  # the runtime ignores the image and compiles as it goes (slower, still correct).
  publish+=(--self-contained true -p:PublishReadyToRunComposite=true "-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:native")
fi
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
