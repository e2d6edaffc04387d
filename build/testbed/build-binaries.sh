#!/usr/bin/env bash
# Builds the testbed's binaries from the Go module proxy into a cache outside the repository,
# one folder per component and version, so a second run rebuilds nothing.
# Usage: build-binaries.sh [etcd|kwok|kubernetes|istio ...]   (default: all)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pins.env
source "$here/pins.env"
cache=${MESHDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshdeck}/testbed
mkdir -p "$cache"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

start_all=$SECONDS
# Prints a heartbeat while a long build runs, so a person watching knows it is alive.
with_progress() {
  local label=$1; shift
  local t0=$SECONDS
  echo "[build] $label: starting"
  "$@" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null && echo "[build] $label: still building, $((SECONDS - t0)) s elapsed"
  done
  wait "$pid"
  echo "[build] $label: done in $((SECONDS - t0)) s"
  echo "$label $((SECONDS - t0))" >> "$cache/build-times.txt"
}

wrapper_module() { # name -> fresh temporary module dir
  local dir; dir=$(mktemp -d "/tmp/meshdeck-build-$1.XXXX")
  (cd "$dir" && go mod init "meshdeck.local/build/$1" >/dev/null 2>&1)
  echo "$dir"
}

build_etcd() {
  local out=$cache/etcd-$ETCD_VERSION
  [ -x "$out/etcd" ] && { echo "[build] etcd $ETCD_VERSION: cached"; return; }
  local mod; mod=$(wrapper_module etcd)
  cat > "$mod/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (cd "$mod" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>&1 && go mod tidy >/dev/null 2>&1)
  mkdir -p "$out.tmp"
  with_progress "etcd $ETCD_VERSION" bash -c "cd '$mod' && go build -trimpath -ldflags '-s -w' -o '$out.tmp/etcd' ."
  rm -rf "$out"; mv "$out.tmp" "$out"; rm -rf "$mod"
}

build_kwok() {
  local out=$cache/kwok-$KWOK_VERSION
  [ -x "$out/kwok" ] && { echo "[build] kwok $KWOK_VERSION: cached"; return; }
  mkdir -p "$out.tmp/stages"
  with_progress "kwok $KWOK_VERSION" env GOBIN="$out.tmp" GOFLAGS= go install -trimpath -ldflags '-s -w' "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # The binary has no default stages; take the ones its module ships.
  local src; src=$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage
  cp "$src/node/fast/node-initialize.yaml" "$out.tmp/stages/node-initialize.yaml"
  cp "$src/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" "$out.tmp/stages/node-heartbeat-with-lease.yaml"
  for f in "$src"/pod/fast/*.yaml; do
    case $(basename "$f") in kustomization.yaml) ;; *) cp "$f" "$out.tmp/stages/";; esac
  done
  rm -rf "$out"; mv "$out.tmp" "$out"
}

build_kubernetes() {
  local out=$cache/kubernetes-$K8S_VERSION
  [ -x "$out/kube-apiserver" ] && [ -x "$out/kubectl" ] && { echo "[build] kubernetes $K8S_VERSION: cached"; return; }
  local mod; mod=$(wrapper_module kubernetes)
  (cd "$mod" && GOFLAGS= go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >/dev/null)
  local upstream_mod; upstream_mod=$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$K8S_VERSION.mod
  {
    echo "require k8s.io/kubernetes $K8S_VERSION"
    # Same staging modules the upstream go.mod replaces with local paths, at the matching tag.
    sed -n '/^replace (/,/^)/p' "$upstream_mod" | grep -oE '^\s*k8s\.io/[a-z0-9-]+' | sort -u |
      while read -r m; do echo "replace $m => $m $K8S_STAGING_VERSION"; done
  } >> "$mod/go.mod"
  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  mkdir -p "$out.tmp"
  (cd "$mod" && go mod download >/dev/null 2>&1 || true)
  with_progress "kubernetes $K8S_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl)" \
    bash -c "cd '$mod' && go build -trimpath -ldflags '$ld' -o '$out.tmp/' k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl"
  rm -rf "$out"; mv "$out.tmp" "$out"; rm -rf "$mod"
}

build_istio() {
  local out=$cache/istio-$ISTIO_LABEL
  [ -x "$out/istioctl" ] && [ -x "$out/pilot-discovery" ] && { echo "[build] istio $ISTIO_LABEL: cached"; return; }
  local mod; mod=$(wrapper_module istio)
  (cd "$mod" && echo "require istio.io/istio $ISTIO_MODULE_VERSION" >> go.mod && go mod download >/dev/null 2>&1 || true)
  local v=istio.io/istio/pkg/version
  local ld="-s -w -X $v.buildVersion=$ISTIO_LABEL -X $v.buildTag=$ISTIO_LABEL -X $v.buildHub=docker.io/istio -X $v.buildGitRevision=$ISTIO_COMMIT -X $v.buildStatus=Clean"
  mkdir -p "$out.tmp"
  with_progress "istio $ISTIO_LABEL (pilot-discovery, istioctl)" \
    bash -c "cd '$mod' && go build -trimpath -tags=vtprotobuf,disable_pgv -ldflags '$ld' -o '$out.tmp/' istio.io/istio/pilot/cmd/pilot-discovery istio.io/istio/istioctl/cmd/istioctl"
  rm -rf "$out"; mv "$out.tmp" "$out"; rm -rf "$mod"
}

build_gateway_api() {
  local out=$cache/gateway-api-$GATEWAY_API_VERSION
  [ -s "$out/crds.yaml" ] && { echo "[build] gateway-api $GATEWAY_API_VERSION: cached"; return; }
  # The version Istio's own go.mod requires is the one to serve: a pin that drifted from it is an error.
  local istio_mod; istio_mod=$(go env GOMODCACHE)/cache/download/istio.io/istio/@v/$ISTIO_MODULE_VERSION.mod
  [ -f "$istio_mod" ] || (cd "$(wrapper_module istio-mod)" && GOFLAGS= go mod download -json "istio.io/istio@$ISTIO_MODULE_VERSION" >/dev/null)
  local wanted; wanted=$(grep -oE 'sigs\.k8s\.io/gateway-api v[^ ]+' "$istio_mod" | head -1 | cut -d' ' -f2)
  if [ "$wanted" != "$GATEWAY_API_VERSION" ]; then
    echo "[build] gateway-api: pins.env says $GATEWAY_API_VERSION but istio.io/istio@$ISTIO_MODULE_VERSION requires $wanted" >&2
    return 1
  fi
  local dir; dir=$(GOFLAGS= go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  mkdir -p "$out.tmp"
  # The standard channel's CRDs only (its admission policy is left out).
  for f in "$dir"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
    case $f in *_vap_*) ;; *) cat "$f"; echo "---" ;; esac
  done > "$out.tmp/crds.yaml"
  rm -rf "$out"; mv "$out.tmp" "$out"
  echo "[build] gateway-api $GATEWAY_API_VERSION: CRDs from the module"
}

targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(etcd kwok kubernetes istio gateway_api)
for t in "${targets[@]}"; do "build_$t"; done
echo "[build] all requested binaries ready under $cache ($((SECONDS - start_all)) s)"
