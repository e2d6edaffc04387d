#!/usr/bin/env bash
# Debian packages the testbed and the browser tests use; installs only what is missing.
set -euo pipefail
need=()
for pair in prometheus:prometheus docker-registry:docker-registry chromium:chromium ip:iproute2 tcpdump:tcpdump openssl:openssl; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
[ ${#need[@]} -eq 0 ] && { echo "[deps] Debian packages present"; exit 0; }
if [ "$(id -u)" != 0 ]; then
  echo "[deps] missing Debian packages: ${need[*]} — install them as root (apt-get install ${need[*]})" >&2
  exit 1
fi
echo "[deps] installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
