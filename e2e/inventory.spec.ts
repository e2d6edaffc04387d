import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { eventually, kubectl, layout, uniqueName } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot, watchConsole, windowShot } from './helpers.js';

const MINUTES = 60_000;
const CONTEXT = 'sandbox-admin';
/** How large a cluster the scrolling test generates (1 = 10,000 pods; the benchmark runs that). */
const SCALE = process.env.E2E_INVENTORY_SCALE ?? '0.2';

const meshdeck = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], {
  encoding: 'utf8', env: { ...process.env, KUBECONFIG: layout.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'],
});
/** The bundled Istio's minor version ("1.31"), as a newcomer types it into the filter. */
const istioMinor = /^\d+\.\d+/.exec((JSON.parse(readFileSync('build/istio/istio.lock.json', 'utf8')) as { version: string }).version)![0];
const istiodRunning = () => kubectl(['get', 'deployments', '-A', '-l', 'app=istiod', '-o', 'name']).trim() !== '';

async function openInventory(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId(`context-row-${CONTEXT}`).click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', CONTEXT);
  await page.getByTestId('open-inventory').click();
  await expect(page.getByTestId('inventory-page')).toBeVisible();
}

const row = (page: Page, id: string) => page.locator(`[data-testid="inv-row"][data-id="${id}"]`);

test.describe('mesh inventory (web mode, live sandbox with the real istiod)', () => {
  let installedHere = false;
  test.beforeAll(() => {
    // The default revision, installed by the CLI (the wizard has its own tests).
    if (!istiodRunning()) {
      meshdeck('install', '--context', CONTEXT);
      installedHere = true;
    }
  });
  test.afterAll(() => {
    // The generated cluster goes (other suites count nodes and namespaces).
    kubectl(['delete', 'namespace,node', '-l', 'meshdeck.io/generated', '--wait=false']);
    // Leave the cluster as the next suites expect it: without Istio.
    if (installedHere) meshdeck('uninstall', '--context', CONTEXT, '--yes');
  });

  test('brings a namespace into the mesh, restarts it and shows 2/2 containers without a reload', async ({ page }) => {
    test.setTimeout(6 * MINUTES);
    const problems = watchConsole(page);
    const ns = uniqueName('e2e-inv');
    // A namespace like Meshdeck's own probe's: never the user's, never shown.
    const probe = `${ns}-probe`;
    kubectl(['create', 'namespace', ns]);
    kubectl(['create', 'namespace', probe]);
    try {
      kubectl(['label', 'namespace', probe, 'meshdeck.io/purpose=probe']);
      kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=example/web:1', '--replicas=2']);
      await openInventory(page);

      const nsRow = row(page, ns);
      await page.getByTestId('inventory-filter').fill(ns);
      await expect(nsRow).toBeVisible({ timeout: MINUTES });
      await expect(row(page, probe)).toHaveCount(0);
      await expect(nsRow).toContainText('0/2');
      await shot(page, '40-inventory-namespace-outside');
      await expectAccessible(page);

      // The change, shown before it is made: labels, checks, the workloads to restart.
      await nsRow.getByTestId('mesh-change').click();
      const dialog = page.getByTestId('mesh-dialog');
      await expect(dialog).toBeVisible();
      // No ztunnel runs in the sandbox: ambient cannot be chosen, and says what is missing and that Meshdeck cannot add it yet.
      const ambient = dialog.getByTestId('mesh-target-ambient');
      await expect(ambient).toBeDisabled();
      await expect(ambient).toHaveAccessibleName(/Not available\. Ambient needs istio-cni and a ztunnel .* Meshdeck cannot install them yet/);
      await dialog.getByTestId('mesh-target-sidecar-default').check();
      const plan = dialog.getByTestId('mesh-plan');
      await expect(plan).toContainText('istio-injection', { timeout: MINUTES });
      await expect(plan).toContainText('The sidecar injector of revision default answers');
      await expect(plan).toContainText('web');
      await expect(dialog.getByTestId('mesh-refusal')).toHaveCount(0);
      await shot(page, '41-mesh-change-preview');
      await expectAccessible(page);
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).not.toContain('istio-injection');

      await dialog.getByTestId('mesh-apply').click();
      await expect(dialog.getByTestId('mesh-restart')).toBeVisible({ timeout: MINUTES });
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.istio-injection}'])).toBe('enabled');
      await dialog.getByTestId('mesh-restart').click();
      const web = dialog.locator('[data-testid="mesh-restart-row"][data-name="web"]');
      await expect(web).toHaveAttribute('data-state', 'ready', { timeout: 3 * MINUTES });
      await shot(page, '42-mesh-restart-done');
      await dialog.getByTestId('mesh-done').click();
      await expect(dialog).toHaveCount(0);

      // The same page, never reloaded: the live inventory now shows the injected pods.
      await expect(nsRow).toContainText('2/2', { timeout: MINUTES });
      await page.getByTestId('inventory-tab-pods').click();
      const pods = page.locator('[data-testid="inv-row"]');
      await expect(pods).toHaveCount(2, { timeout: MINUTES });
      for (const p of await pods.all()) await expect(p.getByTestId('containers')).toHaveText('2/2', { timeout: MINUTES });
      // Istio's injector put the proxy there, not the test.
      const statuses = kubectl(['-n', ns, 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.annotations.sidecar\\.istio\\.io/status}']);
      expect(statuses).toContain('"revision":"default"');
      await shot(page, '43-inventory-pods-2of2');
      await expectAccessible(page);
      // The filter finds pods by the Istio version their proxy runs, as the placeholder promises.
      await page.getByTestId('inventory-filter').fill(`${ns} ${istioMinor}`);
      await expect(pods).toHaveCount(2);

      // istiod is the mesh itself: no mesh action (no "Opt back in"), and never counted as missing its proxy.
      await page.getByTestId('inventory-tab-workloads').click();
      await page.getByTestId('inventory-filter').fill(`istiod ${istioMinor}`);
      const istiod = page.locator('[data-testid="inv-row"][data-id^="istio-system/Deployment/istiod"]').first();
      await expect(istiod.getByTestId('mesh-no-action')).toBeVisible({ timeout: MINUTES });
      await expect(istiod.getByTestId('mesh-optout')).toHaveCount(0);
      await page.getByTestId('inventory-toggle-without-proxy').click();
      await expect(istiod).toHaveCount(0);
      expect(problems).toEqual([]);
    } finally {
      kubectl(['delete', 'namespace', ns, probe, '--wait=false']);
    }
  });

  test('scrolls and filters the inventory of a large cluster', async ({ page }) => {
    test.setTimeout(10 * MINUTES);
    const problems = watchConsole(page);
    execFileSync(process.execPath, ['--import', 'tsx', 'build/bench/generate-large-cluster.ts'], { env: { ...process.env, SCALE }, stdio: 'inherit' });
    const expected = Math.round(2000 * Number(SCALE)) * 5;
    await eventually(`${expected} generated pods`, () => {
      const out = kubectl(['get', 'pods', '-A', '-l', 'app', '-o', 'name', '--chunk-size=5000']);
      return out.split('\n').filter((l) => l.startsWith('pod/svc-')).length >= expected;
    }, 5 * MINUTES, 2000);

    await openInventory(page);
    await page.getByTestId('inventory-tab-pods').click();
    const count = page.getByTestId('inventory-count');
    const total = async () => Number(await count.getAttribute('data-total'));
    const shown = async () => Number(await count.getAttribute('data-shown'));
    // The generated pods and the cluster's own (istiod, Prometheus, other tests').
    await expect.poll(total, { timeout: MINUTES }).toBeGreaterThanOrEqual(expected);
    expect(await shown()).toBe(await total());
    // A virtualized list: a screenful of rows in the document, however many there are.
    const rendered = await page.locator('[data-testid="inv-row"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    await windowShot(page, '44-inventory-large-top');

    // Scroll to the end with the keyboard and the wheel.
    const grid = page.locator('[data-testid="inventory-page"] [role="grid"], [data-testid="inventory-page"] table').first();
    await grid.hover();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 4000);
    await expect(page.locator('[data-testid="inv-row"]').last()).toBeVisible();
    // The table scrolled to its last row; the window itself stayed put.
    await expect.poll(async () => Number(await page.locator('[data-testid="inv-row"]').last().getAttribute('aria-rowindex'))).toBe(await total() + 1);
    expect(await page.evaluate('window.scrollY')).toBe(0);
    await windowShot(page, '45-inventory-large-scrolled');

    await page.getByTestId('inventory-filter').fill('svc-17-');
    await expect(page.locator('[data-testid="inv-row"]')).toHaveCount(5);
    expect(await shown()).toBe(5);
    await windowShot(page, '46-inventory-large-filtered');

    await page.getByTestId('inventory-filter').fill('');
    await page.getByTestId('inventory-tab-services').click();
    await page.getByTestId('inventory-toggle-unclassified').click();
    // Every tenth generated service names its port "web": Istio cannot classify it.
    await expect.poll(shown, { timeout: 30_000 }).toBeGreaterThanOrEqual(Math.round(2000 * Number(SCALE) / 10));
    expect(await shown()).toBeLessThan(await total());
    await windowShot(page, '47-inventory-unclassified-ports');
    await expectAccessible(page);

    // A hint's tooltip sits in the top layer: it follows its row when the table scrolls, and closes once the row is gone.
    const hint = page.locator('[data-testid="inv-row"] .hint').nth(4);
    await hint.focus();
    const tip = page.locator('[role="tooltip"]:popover-open');
    await expect(tip).toHaveCount(1);
    const gap = async () => Math.round((await tip.boundingBox())!.y - (await hint.boundingBox())!.y);
    const gapBefore = await gap();
    const rowBefore = (await hint.boundingBox())!.y;
    // The pointer on the table's first column, clear of the tooltip (a wheel over the tooltip scrolls the window).
    await grid.hover({ position: { x: 20, y: 60 } });
    await page.mouse.wheel(0, 60);
    await expect.poll(async () => (await hint.boundingBox())!.y).toBeLessThan(rowBefore - 30);
    await expect.poll(gap).toBe(gapBefore);
    await page.mouse.wheel(0, 4000);
    await expect(tip).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});
