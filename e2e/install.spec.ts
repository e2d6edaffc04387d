import { expect, test, type Page } from '@playwright/test';
import { kubectl } from '../main/testing/sandbox.js';
import { expectAccessible, expectMeshStateOfCluster, meshStateOfCluster, openApp, shot, watchConsole } from './helpers.js';

const MINUTES = 60_000;

/** Namespaces, not being deleted, whose labels still ask for a mesh (as kubectl reads them). */
function stillLabelledForMesh(): string[] {
  const list = JSON.parse(kubectl(['get', 'namespaces', '-o', 'json'])) as { items: { metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string } }[] };
  return list.items
    .filter((n) => !n.metadata.deletionTimestamp && ['istio.io/rev', 'istio-injection', 'istio.io/dataplane-mode'].some((k) => n.metadata.labels?.[k] !== undefined && n.metadata.labels[k] !== 'disabled'))
    .map((n) => n.metadata.name);
}

async function openOverview(page: Page, context: string): Promise<void> {
  await openApp(page);
  const row = page.getByTestId(`context-row-${context}`);
  await expect(row).toBeVisible();
  await row.click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', context);
  await expectMeshStateOfCluster(page);
}

/** From the overview of a cluster with Istio: Manage → Uninstall → confirm, until the core says nothing is left. */
async function uninstallThroughManage(page: Page): Promise<void> {
  const open = page.getByTestId('open-install');
  await expect(open).toHaveText('Manage Istio');
  await open.click();
  await expect(page.getByTestId('install-step-verify')).toBeVisible();
  // Manage is a page of its own: none of the install's steps (nor their first-install defaults).
  await expect(page.getByTestId('install-stepper-verify')).toHaveCount(0);
  // Let the verification that opens with the page finish first (it creates and removes a namespace of its own).
  await expect(page.getByTestId('verify-rerun')).toHaveText('Verify again', { timeout: 2 * MINUTES });
  await page.getByTestId('uninstall-open').click();
  const dialog = page.getByTestId('uninstall-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('every Istio object');
  const confirm = page.getByTestId('uninstall-confirm');
  await expect(confirm).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('uninstall-confirm-input').fill('istio');
  await expect(confirm).toHaveAttribute('aria-disabled', 'false');
}

test.describe('install wizard (web mode, live sandbox)', () => {
  test('installs Istio step by step, verifies it, then uninstalls it leaving nothing behind', async ({ page }) => {
    test.setTimeout(8 * MINUTES);
    const problems = watchConsole(page);
    await openOverview(page, 'sandbox-admin');

    // A run that stopped half-way may have left an Istio behind: remove it first, through the same UI.
    if (meshStateOfCluster() !== 'not-installed') {
      await uninstallThroughManage(page);
      await page.getByTestId('uninstall-confirm').click();
      await expect(page.getByTestId('uninstall-done')).toBeVisible({ timeout: 2 * MINUTES });
      await page.getByTestId('install-back-overview').click();
      await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'not-installed', { timeout: MINUTES });
    }

    // --- 1. Precheck
    const open = page.getByTestId('open-install');
    await expect(open).toHaveText('Install Istio');
    await open.click();
    await expect(page.getByTestId('install-wizard')).toBeVisible();
    await expect(page.getByTestId('install-stepper-precheck')).toHaveAttribute('aria-current', 'step');
    const precheck = page.getByTestId('install-step-precheck');
    await expect(precheck.getByTestId('precheck-summary')).toBeVisible({ timeout: 2 * MINUTES });
    const checks = precheck.locator('[data-testid^="precheck-check-"]');
    expect(await checks.count()).toBeGreaterThanOrEqual(5);
    for (const check of await checks.all()) await expect(check).toHaveAttribute('data-status', 'pass');
    await shot(page, '20-install-precheck');
    await expectAccessible(page);
    await page.getByTestId('install-next').click();

    // --- 2. Options: the defaults (minimal profile, default revision, public images)
    const optionsStep = page.getByTestId('install-step-options');
    await expect(optionsStep).toBeVisible();
    await expect(page.getByTestId('install-stepper-options')).toHaveAttribute('aria-current', 'step');
    await expect(optionsStep.getByRole('radio', { name: /Minimal/ })).toBeChecked();
    await expect(optionsStep.getByRole('radio', { name: /Public registry/ })).toBeChecked();
    // A wrong revision is refused in words, and Escape does not lose what was typed.
    const revision = page.getByTestId('option-revision');
    await revision.fill('Canary_1');
    await revision.press('Escape');
    await expect(revision).toHaveValue('Canary_1');
    await revision.blur();
    await expect(optionsStep).toContainText('lower-case');
    await revision.fill('');
    await expectAccessible(page);
    await page.getByTestId('install-next').click();

    // --- 3. Preview
    const previewStep = page.getByTestId('install-step-preview');
    await expect(previewStep).toBeVisible();
    const counts = page.getByTestId('preview-counts');
    await expect(counts).toBeVisible({ timeout: 2 * MINUTES });
    await expect(page.getByTestId('preview-count-CustomResourceDefinition').locator('td')).toHaveText('15');
    await expect(page.getByTestId('preview-yaml')).toContainText('kind: CustomResourceDefinition');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('preview-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^istio-.+-default\.yaml$/);
    // Clicking Export scrolled the page: a full-page shot from there draws the sticky header mid-page.
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, '21-install-preview');
    await expectAccessible(page);

    // --- 4. Apply
    await page.getByTestId('install-apply').click();
    const applyStep = page.getByTestId('install-step-apply');
    await expect(applyStep).toBeVisible();
    await expect(page.getByTestId('install-stepper-apply')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('install-phase-crds')).toHaveAttribute('data-state', /running|done/);
    // The control plane's phase is reached (it may already be done: the sandbox's istiod starts fast).
    await expect(page.getByTestId('install-phase-control-plane')).toHaveAttribute('data-state', /running|done/, { timeout: MINUTES });
    await shot(page, '22-install-apply');
    await expectAccessible(page);

    // --- 5. Verify
    await expect(page.getByTestId('install-success')).toBeVisible({ timeout: 2 * MINUTES });
    await expect(page.getByTestId('install-stepper-verify')).toHaveAttribute('aria-current', 'step');
    const verifyChecks = page.getByTestId('install-step-verify').locator('[data-testid^="verify-check-"]');
    expect(await verifyChecks.count()).toBeGreaterThanOrEqual(3);
    for (const check of await verifyChecks.all()) await expect(check).toHaveAttribute('data-status', 'pass');
    if (!(await page.getByTestId('install-step-apply').isVisible())) {
      // The apply went too fast for a shot while it ran: show how it ended.
      await page.getByTestId('install-stepper-apply').click();
      await expect(page.getByTestId('install-phase-webhooks')).toHaveAttribute('data-state', 'done');
      await shot(page, '22-install-apply');
      await page.getByTestId('install-stepper-verify').click();
      await expect(page.getByTestId('install-success')).toBeVisible();
    }
    await shot(page, '23-install-verified');
    await expectAccessible(page);

    // --- Manage → Uninstall
    await page.getByTestId('install-finish').click();
    await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'installed', { timeout: MINUTES });
    await uninstallThroughManage(page);
    await expectAccessible(page);
    await page.getByTestId('uninstall-confirm').click();
    await expect(page.getByTestId('uninstall-dialog')).toBeHidden();
    await expect(page.getByTestId('uninstall-done')).toBeVisible({ timeout: 2 * MINUTES });
    // Every Istio object is gone; namespaces other suites left labelled for a mesh are named, not cleared unasked.
    const done = page.getByTestId('uninstall-done');
    await expect(done).toContainText('a final check found none of them');
    const labelled = stillLabelledForMesh();
    if (labelled.length === 0) await expect(done).toContainText('Nothing left behind');
    else for (const ns of labelled) await expect(done).toContainText(ns);
    await shot(page, '24-uninstalled');
    await expectAccessible(page);

    await page.getByTestId('install-back-overview').click();
    await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'not-installed', { timeout: MINUTES });
    expect(problems).toEqual([]);
  });
});
