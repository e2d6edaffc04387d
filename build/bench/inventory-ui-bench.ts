import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { createCore } from '../../main/core.js';
import { sandboxLayout } from '../../main/sandbox/layout.js';
import { startWebServer } from '../../main/server/web-server.js';
import { median } from './raw-api.js';

/**
 * The inventory page in Debian's Chromium (web mode) on the sandbox filled by `npm run sandbox:generate`:
 *  - snapshot received → first rows drawn (goal ≤ 300 ms)
 *  - Pods tab (10,000 rows) clicked → its rows drawn
 *  - one filter keystroke on the Pods tab → rows drawn (goal ≤ 50 ms)
 * Each "→ drawn" waits two animation frames after the event, so it includes React, layout and paint.
 * Baseline in the same page: two animation frames with no work (the floor any update pays).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const l = sandboxLayout();
const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const core = await createCore({ env: { ...process.env, KUBECONFIG: l.kubeconfig, HOME: '/nonexistent' } });
const server = await startWebServer({ handlers: core.handlers, staticDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

type Act = { kind: 'none' } | { kind: 'click'; testId: string } | { kind: 'type'; testId: string; value: string };

/**
 * Does `act` in the page, then waits two frames; returns the milliseconds in between. Plain page
 * script in a string: the TypeScript loader would wrap a function's inner closures in helpers the
 * page does not have.
 */
const IN_PAGE = `async (a) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const el = a.kind === 'none' ? undefined : document.querySelector('[data-testid="' + a.testId + '"]');
  const t0 = performance.now();
  if (a.kind === 'click') el.click();
  if (a.kind === 'type') {
    // React listens for input events; set the value the way typing does.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, a.value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await frame();
  await frame();
  return performance.now() - t0;
}`;
const framed = (page: Page, act: Act) => page.evaluate(`(${IN_PAGE})(${JSON.stringify(act)})`) as Promise<number>;

const firstRows: number[] = [];
const toSnapshot: number[] = [];
const toRows: number[] = [];
const podsTab: number[] = [];
const keys: number[] = [];
const floor: number[] = [];
let podRows = '';
for (let run = 0; run < RUNS; run++) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(server.newLoginUrl()); // each login URL works once
  await page.getByTestId('context-row-sandbox-admin').click();
  await page.getByTestId('context-connect').click();
  await page.getByTestId('open-inventory').waitFor();
  const opened = await page.evaluate(() => performance.now());
  await page.getByTestId('open-inventory').click();
  await page.waitForFunction(() => performance.getEntriesByName('inventory:first-rows').length > 0, undefined, { timeout: 120_000 });
  const marks = await page.evaluate(() => ({
    snapshot: performance.getEntriesByName('inventory:snapshot')[0]!.startTime,
    rows: performance.getEntriesByName('inventory:first-rows')[0]!.startTime,
  }));
  toSnapshot.push(marks.snapshot - opened);
  toRows.push(marks.rows - opened);
  firstRows.push(marks.rows - marks.snapshot);
  floor.push(await framed(page, { kind: 'none' }));
  podsTab.push(await framed(page, { kind: 'click', testId: 'inventory-tab-pods' }));
  podRows = (await page.getByTestId('inventory-count').textContent()) ?? '';
  const text = 'svc-1234';
  for (let i = 1; i <= text.length; i++) {
    keys.push(await framed(page, { kind: 'type', testId: 'inventory-filter', value: text.slice(0, i) }));
  }
  await page.close();
}
await browser.close();
await server.close();
await core.dispose();

const f = (x: number) => `${x.toFixed(0)} ms`.padStart(7);
const fl = median(floor);
console.log(`inventory page in Chromium, median of ${RUNS} runs; Pods tab: ${podRows}; baseline (two empty frames) ${f(fl)}`);
console.log(`open page → snapshot received and validated (core lists, transport, zod)   ${f(median(toSnapshot))}`);
console.log(`open page → first rows drawn (all of it)                ${f(median(toRows))}`);
console.log(`snapshot → first rows drawn                              ${f(median(firstRows))}   ratio to baseline ${(median(firstRows) / fl).toFixed(1)}×  (goal ≤ 300 ms)`);
console.log(`Pods tab → rows drawn                                    ${f(median(podsTab))}   ratio to baseline ${(median(podsTab) / fl).toFixed(1)}×`);
console.log(`filter keystroke → rows drawn (median / max of ${keys.length})   ${f(median(keys))} / ${f(Math.max(...keys))}   ratio to baseline ${(median(keys) / fl).toFixed(1)}×  (goal ≤ 50 ms)`);
process.exit(0);
