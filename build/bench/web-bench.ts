import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createCore } from '../../main/core.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { startWebServer } from '../../main/server/web-server.js';
import { median, ms, rawApi, timed } from './raw-api.js';

/**
 * Web mode, measured in real Chromium against the sandbox, each next to the raw API calls the same
 * screen needs, made directly (the baseline), in the same run:
 *  - start → context list drawn, the current context checked        vs  /version + an authorized GET
 *    (only the context shown is checked: a check may run its credential plugin)
 *  - "connect" → overview drawn                                    vs  /version + LIST nodes, namespaces, istiod, CRDs
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const l = sandboxLayout();
const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const env = { ...process.env, KUBECONFIG: l.kubeconfig, HOME: '/nonexistent' };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const get = rawApi(l);
const appList: number[] = [];
const appOverview: number[] = [];
const rawList: number[] = [];
const rawOverview: number[] = [];

for (let run = 0; run < RUNS; run++) {
  // Baselines: the same API calls, straight to the API server.
  rawList.push((await timed(() => Promise.all([get('/version'), get('/apis/authorization.k8s.io/v1')])))[0]);
  rawOverview.push((await timed(() => Promise.all([get('/version'), get('/api/v1/nodes'), get('/api/v1/namespaces'),
    get('/apis/apps/v1/deployments?labelSelector=app%3Distiod'), get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')])))[0]);

  const page = await browser.newPage();
  const t0 = performance.now();
  const core = await createCore({ env });
  const server = await startWebServer({ handlers: core.handlers, staticDir });
  await page.goto(server.loginUrl);
  await page.locator('[data-testid="context-status-sandbox-admin"][data-status="reachable"]').waitFor();
  appList.push(performance.now() - t0);

  const t1 = performance.now();
  await page.getByTestId('context-row-sandbox-admin').click();
  await page.getByTestId('context-connect').click();
  await page.locator('[data-testid="overview-nodes"][data-total]').waitFor();
  await page.locator('[data-testid="mesh-status"]:not([data-state="loading"])').waitFor();
  await page.getByTestId('namespace-row-default').waitFor();
  appOverview.push(performance.now() - t1);
  await page.close();
  await server.close();
  await core.dispose();
}
await browser.close();

const line = (what: string, app: number[], raw: number[]) =>
  console.log(`${what.padEnd(44)} app ${ms(median(app)).padStart(7)}   raw API ${ms(median(raw)).padStart(6)}   ratio ${(median(app) / median(raw)).toFixed(1)}×`);
console.log(`web mode in Chromium, median of ${RUNS} runs`);
line('start → context list, current context checked', appList, rawList);
line('connect → overview drawn', appOverview, rawOverview);
console.log('(the app figure includes core start, page load, bundle parse and rendering; the raw one is the API calls alone)');
process.exit(0);
