#!/usr/bin/env bash
# Builds the bundled istioctl from the pinned istio.io/istio module for each target into
# resources/istio/<os>-<arch>/, then checks each against build/istio/istio.lock.json
# (or records it with --update-lock). Go builds with -trimpath and these flags are reproducible for
# one Go version, which the lock pins too.
# Usage: bundle-istioctl.sh [--update-lock] [os/arch ...]   (default: this machine's target)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/build/testbed/pins.env"
update=0
[ "${1:-}" = --update-lock ] && { update=1; shift; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("$(go env GOOS)/$(go env GOARCH)")
mod=$(mktemp -d /tmp/meshdeck-istioctl.XXXX)
trap 'rm -rf "$mod"' EXIT
(cd "$mod" && go mod init meshdeck.local/build/istioctl >/dev/null 2>&1 && echo "require istio.io/istio $ISTIO_MODULE_VERSION" >> go.mod && GOFLAGS=-mod=mod go mod download >/dev/null 2>&1 || true)
v=istio.io/istio/pkg/version
ld="-s -w -X $v.buildVersion=$ISTIO_LABEL -X $v.buildTag=$ISTIO_LABEL -X $v.buildHub=docker.io/istio -X $v.buildGitRevision=$ISTIO_COMMIT -X $v.buildStatus=Clean"
for t in "${targets[@]}"; do
  os=${t%/*}; arch=${t#*/}
  out="$root/resources/istio/$os-$arch"
  exe=istioctl; [ "$os" = windows ] && exe=istioctl.exe
  mkdir -p "$out"
  t0=$SECONDS
  echo "[istioctl] $os/$arch: building"
  (cd "$mod" && CGO_ENABLED=0 GOOS=$os GOARCH=$arch GOFLAGS=-mod=mod GOTOOLCHAIN=local \
    go build -trimpath -tags=vtprotobuf,disable_pgv -ldflags "$ld" -o "$out/$exe" istio.io/istio/istioctl/cmd/istioctl)
  echo "[istioctl] $os/$arch: built in $((SECONDS - t0)) s"
done
# The Prometheus add-on the wizard offers, from the same module.
mkdir -p "$root/resources/istio/addons"
cp "$(go env GOMODCACHE)/istio.io/istio@$ISTIO_MODULE_VERSION/samples/addons/prometheus.yaml" "$root/resources/istio/addons/prometheus.yaml"
node "$here/lock.mjs" $([ $update = 1 ] && echo --update) "${targets[@]}"
