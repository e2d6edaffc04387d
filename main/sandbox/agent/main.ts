import { createServer } from 'node:http';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { PORTS, sandboxLayout } from '../layout.js';
import { serveInside } from './bridge.js';
import { trafficState, watchCluster, type ClusterWatch } from './cluster-state.js';
import { IstiodSupervisor } from './istiod-supervisor.js';
import { TrafficCounters, type TrafficState } from './traffic-model.js';

/**
 * The sandbox agent, run inside the sandbox's network namespace: the inside half of the host bridge,
 * the istiod supervisor and the traffic simulator that Prometheus scrapes.
 */
const layout = sandboxLayout();
const log = (msg: string) => process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
const adminKubeconfig = join(layout.pki, 'admin.kubeconfig');

const bridges = serveInside(join(layout.runtime, 'bridge'), [PORTS.apiServer, PORTS.registry]);

const kc = new KubeConfig();
kc.loadFromFile(adminKubeconfig);

const supervisor = new IstiodSupervisor({
  pilotDiscovery: layout.bin.pilotDiscovery, kubeconfig: adminKubeconfig, stateDir: layout.runtime,
  logsDir: layout.logs, pidsFile: layout.pidsFile, log,
});
const counters = new TrafficCounters();
// Filled right below; the watch's first callbacks may fire before the assignment completes.
const cluster: { watch?: ClusterWatch } = {};
let state: TrafficState = { services: [], workloads: [], routes: [], destinationRules: [] };
let stale = true;
let lastAccrual = Date.now();
let syncQueued = false;

function accrue() {
  const now = Date.now();
  counters.accrue(state, (now - lastAccrual) / 1000);
  lastAccrual = now;
}

/** Rebuilding the state walks every pod: do it once per burst of changes, not per event. */
function refresh() {
  if (!stale || !cluster.watch) return;
  accrue();
  state = trafficState(cluster.watch);
  stale = false;
}

cluster.watch = watchCluster(kc, () => {
  if (!stale) {
    // Count the traffic that flowed under the old state; the new one applies from the refresh (<= 200 ms).
    accrue();
    stale = true;
    setTimeout(refresh, 200);
  }
  if (!syncQueued) {
    syncQueued = true;
    setTimeout(() => {
      syncQueued = false;
      supervisor.sync(cluster.watch?.deployments.items() ?? []).catch((e) => log(`istiod sync: ${String(e)}`));
    }, 100);
  }
}, log);

// Keeps liveness checks of istiod processes going even when nothing in the cluster changes.
const resync = setInterval(() => void supervisor.sync(cluster.watch?.deployments.items() ?? []).catch(() => {}), 5000);

const metrics = createServer((req, res) => {
  if (req.url?.startsWith('/metrics')) {
    refresh();
    accrue();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(counters.render());
  } else {
    res.writeHead(404).end();
  }
}).listen(PORTS.simulator, '127.0.0.1', () => log(`traffic simulator on 127.0.0.1:${PORTS.simulator}/metrics`));

async function shutdown() {
  clearInterval(resync);
  cluster.watch?.stop();
  metrics.close();
  bridges.forEach((b) => b.close());
  await supervisor.stopAll();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
log('sandbox agent running');
