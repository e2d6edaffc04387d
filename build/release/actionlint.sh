#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint, built once from its Go module (github.com/rhysd/actionlint at
# ACTIONLINT_VERSION in build/testbed/pins.env) into the testbed cache, like the sandbox's binaries.
# shellcheck and pyflakes integrations are off, so the result is the same on every machine (neither is installed here).
# Usage: actionlint.sh [workflow.yml ...]   (default: .github/workflows/*.yml)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../testbed/pins.env
source "$root/build/testbed/pins.env"
cache=${MESHDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshdeck}/testbed
out=$cache/actionlint-$ACTIONLINT_VERSION
if [ ! -x "$out/actionlint" ]; then
  echo "[actionlint] building $ACTIONLINT_VERSION from its Go module"
  t0=$SECONDS
  mkdir -p "$out.tmp"
  CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local GOBIN="$out.tmp" \
    go install -trimpath -ldflags '-s -w' "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  rm -rf "$out"; mv "$out.tmp" "$out"
  echo "[actionlint] built in $((SECONDS - t0)) s"
fi
cd "$root"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(.github/workflows/*.yml)
"$out/actionlint" -shellcheck= -pyflakes= "${files[@]}"
echo "[actionlint] ${#files[@]} workflow(s): no problems"
