import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { eventually, kubectl, uniqueName } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, tallShot, watchConsole, expectMeshStateOfCluster } from './helpers.js';

const MINUTES = 60_000;
const CONTEXT = 'sandbox-admin';
/** The Istio this Meshdeck bundles: every new revision runs it. */
const BUNDLED = (JSON.parse(readFileSync('build/istio/istio.lock.json', 'utf8')) as { version: string }).version;

async function openOverview(page: Page): Promise<void> {
  await openApp(page);
  const row = page.getByTestId(`context-row-${CONTEXT}`);
  await expect(row).toBeVisible();
  await row.click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', CONTEXT);
  await expectMeshStateOfCluster(page);
}

/** The control planes in the sandbox, by revision ("default" for the unnamed one). */
function istiodRevisions(): string[] {
  const out = kubectl(['get', 'deployments', '-A', '-l', 'app=istiod', '-o', 'jsonpath={range .items[*]}{.metadata.labels.istio\\.io/rev}{"|"}{end}']);
  return out
    .split('|')
    .filter((_, i, all) => i < all.length - 1)
    .map((r) => r || 'default');
}

/** From the overview: Manage → Verify finishes → Uninstall → confirm, until the core says nothing is left; back on the overview. */
async function uninstallThroughManage(page: Page, stillLabelled?: string): Promise<void> {
  const open = page.getByTestId('open-install');
  await expect(open).toHaveText('Manage Istio');
  await open.click();
  await expect(page.getByTestId('install-step-verify')).toBeVisible();
  // The verification that opens with the page creates and removes a namespace of its own: let it finish.
  await expect(page.getByTestId('verify-rerun')).toHaveText('Verify again', { timeout: 2 * MINUTES });
  await page.getByTestId('uninstall-open').click();
  await expect(page.getByTestId('uninstall-dialog')).toBeVisible();
  await page.getByTestId('uninstall-confirm-input').fill('istio');
  await expect(page.getByTestId('uninstall-confirm')).toHaveAttribute('aria-disabled', 'false');
  await page.getByTestId('uninstall-confirm').click();
  await expect(page.getByTestId('uninstall-done')).toBeVisible({ timeout: 3 * MINUTES });
  if (stillLabelled) {
    // A namespace still pointing at the removed mesh is named, with the offer to clear its labels and restart it.
    await expect(page.getByTestId('uninstall-labelled')).toContainText(stillLabelled);
    await expect(page.getByTestId('uninstall-clear-labels')).toBeVisible();
  }
  await page.getByTestId('install-back-overview').click();
}

/** From the overview of a cluster without Istio: the wizard with its defaults (the default revision). */
async function installDefaultThroughWizard(page: Page): Promise<void> {
  const open = page.getByTestId('open-install');
  await expect(open).toHaveText('Install Istio');
  await open.click();
  await expect(page.getByTestId('install-step-precheck').getByTestId('precheck-summary')).toBeVisible({ timeout: 2 * MINUTES });
  await page.getByTestId('install-next').click();
  const options = page.getByTestId('install-step-options');
  await expect(options).toBeVisible();
  await expect(page.getByTestId('option-revision')).toHaveValue('');
  // The Prometheus checkbox sits on its label's line, left of it, and its description is not bold.
  const prometheus = page.getByTestId('option-prometheus');
  const box = (await prometheus.locator('input').boundingBox())!;
  const label = (await prometheus.locator('.choice-label').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(label.x);
  expect(Math.abs(box.y + box.height / 2 - (label.y + label.height / 2))).toBeLessThan(label.height);
  expect(Number(await prometheus.locator('.choice-description').evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { fontWeight: string } }).getComputedStyle(e).fontWeight))).toBeLessThan(600);
  // Tabbing down to the last field of the step scrolls it clear of the sticky footer (WCAG 2.4.11).
  await page.evaluate('window.scrollTo(0, 0)');
  await page.getByTestId('option-revision').focus();
  const advanced = options.locator('details.advanced > summary');
  const focused = () => advanced.evaluate((e) => (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement === e);
  for (let i = 0; i < 20 && !(await focused()); i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe(true);
  const footer = options.locator('.wizard-nav');
  await expect.poll(async () => (await footer.boundingBox())!.y - ((await advanced.boundingBox())!.y + (await advanced.boundingBox())!.height)).toBeGreaterThanOrEqual(0);
  await page.getByTestId('install-next').click();
  // Install stays disabled until the preview is rendered.
  const apply = page.getByTestId('install-apply');
  const disabledEarly = await apply.getAttribute('aria-disabled');
  if (!(await page.getByTestId('preview-counts').isVisible())) expect(disabledEarly).toBe('true');
  await expect(page.getByTestId('preview-counts')).toBeVisible({ timeout: 2 * MINUTES });
  await expect(apply).toHaveAttribute('aria-disabled', 'false');
  await apply.click();
  await expect(page.getByTestId('install-success')).toBeVisible({ timeout: 4 * MINUTES });
  await page.getByTestId('install-finish').click();
  await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'installed', { timeout: MINUTES });
}

test.describe('upgrade by revision (web mode, live sandbox)', () => {
  test('moves a namespace from the default revision to canary stage by stage, then removes the old one', async ({ page }) => {
    test.setTimeout(20 * MINUTES);
    const problems = watchConsole(page);
    await openOverview(page);

    // Start from exactly one control plane, the default revision: whatever else a stopped run left goes first.
    for (let i = 0; i < 3; i++) {
      const revisions = istiodRevisions();
      if (revisions.length === 0 || (revisions.length === 1 && revisions[0] === 'default')) break;
      await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'installed', { timeout: MINUTES });
      await uninstallThroughManage(page);
      await expectMeshStateOfCluster(page, MINUTES);
    }
    if (istiodRevisions().length === 0) {
      await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'not-installed', { timeout: MINUTES });
      await installDefaultThroughWizard(page);
    }
    expect(istiodRevisions()).toEqual(['default']);

    // A meshed workload on the default revision.
    const ns = uniqueName('e2e-upgrade');
    kubectl(['create', 'namespace', ns]);
    try {
      kubectl(['label', 'namespace', ns, 'istio-injection=enabled']);
      kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx']);
      await eventually(
        'pods with the proxy of the default revision',
        () => kubectl(['-n', ns, 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.annotations.sidecar\\.istio\\.io/status}']).includes('"revision":"default"'),
        3 * MINUTES,
        1000,
      );

      // --- Manage → Revisions
      await page.getByTestId('open-install').click();
      await expect(page.getByTestId('install-step-verify')).toBeVisible();
      // Manage is a page of its own, not the install's steps with their first-install defaults.
      await expect(page.getByTestId('install-stepper-verify')).toHaveCount(0);
      await expect(page.getByTestId('verify-rerun')).toHaveText('Verify again', { timeout: 2 * MINUTES });
      const section = page.getByTestId('revisions-section');
      await expect(section).toBeVisible();
      const oldRow = page.getByTestId('revision-row-default');
      await expect(oldRow).toHaveAttribute('data-ready', 'true');
      await expect(oldRow).toContainText(ns);

      // --- Upgrade: 1. install the new revision
      await page.getByTestId('upgrade-open').click();
      // Same bundled Istio on both revisions: the flow says it is a move to a new revision, naming the version.
      const version = page.getByTestId('upgrade-version');
      await expect(version).toHaveAttribute('data-change', 'revision-move');
      await expect(version).toContainText(BUNDLED);
      for (const stage of ['install', 'move', 'restart', 'tags', 'remove']) {
        await expect(page.getByTestId(`upgrade-stage-${stage}`)).toHaveAttribute('data-state', 'pending');
      }
      await expect(page.getByTestId('upgrade-undo')).toHaveCount(0);
      const name = page.getByTestId('upgrade-new-revision');
      await name.fill('canary');
      await tallShot(page, '30-upgrade-revisions');
      await expectAccessible(page);
      await page.getByTestId('upgrade-run').click();
      await expect(page.getByTestId('upgrade-stage-install')).toHaveAttribute('data-state', 'running');
      await expect(page.getByTestId('upgrade-stage-install')).toHaveAttribute('data-state', 'done', { timeout: 4 * MINUTES });
      await expect(page.getByTestId('revision-row-canary')).toHaveAttribute('data-ready', 'true', { timeout: MINUTES });
      // From here on, it can be undone.
      await expect(page.getByTestId('upgrade-undo')).toBeVisible();

      // --- 2. move the namespace
      await page.getByTestId(`upgrade-namespace-${ns}`).check();
      await page.getByTestId('upgrade-run').click();
      await expect(page.getByTestId('upgrade-stage-move')).toHaveAttribute('data-state', 'done', { timeout: MINUTES });
      expect(kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.istio\\.io/rev}'])).toBe('canary');
      await expect(page.getByTestId('revision-row-canary')).toContainText(ns);

      // --- 3. restart its workloads: the new pods carry canary's proxy
      await page.getByTestId('upgrade-run').click();
      const webRow = page.getByTestId(`restart-row-${ns}-web`);
      await expect(webRow).toBeVisible({ timeout: MINUTES });
      await expect(webRow).toHaveAttribute('data-proxy-revision', 'canary', { timeout: 4 * MINUTES });
      await expect(webRow).toHaveAttribute('data-state', 'ready');
      await expect(page.getByTestId('upgrade-stage-restart')).toHaveAttribute('data-state', 'done');
      await tallShot(page, '31-upgrade-restart');
      await expectAccessible(page);

      // --- 4. point the default tag at canary
      await expect(page.getByTestId('upgrade-tag-default')).toBeChecked();
      await page.getByTestId('upgrade-run').click();
      await expect(page.getByTestId('upgrade-stage-tags')).toHaveAttribute('data-state', 'done', { timeout: 2 * MINUTES });
      await expect(page.getByTestId('tag-row-default')).toHaveAttribute('data-revision', 'canary', { timeout: MINUTES });

      // --- 5. remove the old revision, after a confirmation
      await page.getByTestId('upgrade-run').click();
      await expect(page.getByTestId('upgrade-stage-remove')).toHaveAttribute('data-state', 'pending');
      await page.getByTestId('upgrade-remove-confirm').click();
      await expect(page.getByTestId('upgrade-done')).toBeVisible({ timeout: 3 * MINUTES });
      await expect(page.getByTestId('upgrade-stage-remove')).toHaveAttribute('data-state', 'done');
      await expect(page.getByTestId('upgrade-undo')).toHaveCount(0);
      await expect.poll(istiodRevisions, { timeout: MINUTES }).toEqual(['canary']);
      // The section read the status as the removal ended: read it again if istiod was still going then.
      await expect(async () => {
        if ((await page.getByTestId('revision-row-default').count()) > 0) await page.getByTestId('revisions-reload').click();
        await expect(page.getByTestId('revision-row-default')).toHaveCount(0, { timeout: 3000 });
      }).toPass({ timeout: MINUTES });
      await expect(page.getByTestId('revision-row-canary')).toContainText(ns);
      await tallShot(page, '32-upgrade-done');
      await expectAccessible(page);
      // The page has an address: a reload keeps it, and Back and Forward move within the app.
      const here = page.url();
      expect(new URL(here).hash).not.toBe('');
      await page.reload();
      await expect(page.getByTestId('revision-row-canary')).toContainText(ns, { timeout: MINUTES });
      expect(new URL(page.url()).hash).not.toBe('');
      await page.goBack();
      await expect.poll(() => page.url()).not.toBe(here);
      expect(page.url().startsWith(process.env.MESHDECK_E2E_URL!.replace(/\/$/, ''))).toBe(true);
      await page.goForward();
      await expect(page.getByTestId('revision-row-canary')).toContainText(ns, { timeout: MINUTES });
      await expect(page.getByTestId('verify-rerun')).toHaveText('Verify again', { timeout: 2 * MINUTES });

      // --- clean up, through the UI: uninstall what is left (canary)
      await page.getByTestId('install-back-overview').click();
      await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'installed', { timeout: MINUTES });
      await uninstallThroughManage(page, ns);
      await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'not-installed', { timeout: MINUTES });
      await expect.poll(istiodRevisions, { timeout: MINUTES }).toEqual([]);
      // Including the default validator that the default tag took over.
      expect(kubectl(['get', 'mutatingwebhookconfigurations,validatingwebhookconfigurations', '-o', 'name']).split('\n').filter((n) => n.includes('istio'))).toEqual([]);
    } finally {
      kubectl(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
    }
    expect(problems).toEqual([]);
  });
});
