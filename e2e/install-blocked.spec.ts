import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { kubectl, layout } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot } from './helpers.js';

const MINUTES = 60_000;
const meshdeck = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: layout.kubeconfig } });

/** From a cluster without Istio: the wizard to its preview, then the nodes tainted and Install clicked. */
async function installOnTaintedNodes(page: Page, nodes: string[]): Promise<void> {
  await openApp(page);
  await page.getByTestId('context-row-sandbox-admin').click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'not-installed', { timeout: MINUTES });
  await page.getByTestId('open-install').click();
  await expect(page.getByTestId('precheck-summary')).toBeVisible({ timeout: 2 * MINUTES });
  await page.getByTestId('install-next').click();
  await page.getByTestId('install-next').click();
  await expect(page.getByTestId('preview-counts')).toBeVisible({ timeout: 2 * MINUTES });
  kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule', '--overwrite']);
  await page.getByTestId('install-apply').click();
}

test('the wizard explains FailedScheduling on tainted nodes, names the taint and the nodes, and finishes once it is fixed', async ({ page }) => {
  test.setTimeout(6 * MINUTES);
  meshdeck('uninstall', '--context', 'sandbox-admin', '--yes');
  const nodes = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
  try {
    // The nodes get a taint between the checks and the install: the rollout cannot schedule istiod.
    await installOnTaintedNodes(page, nodes);
    const blocker = page.locator('[data-testid="install-blocker"][data-reason="taint"]').first();
    await expect(blocker).toBeVisible({ timeout: 2 * MINUTES });
    await expect(blocker).toContainText('dedicated=infra:NoSchedule');
    await expect(blocker).toContainText('sandbox-node-0');
    await expect(blocker).toContainText('values.pilot.tolerations');
    await shot(page, '25-install-blocked-by-taint');
    await expectAccessible(page);

    kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule-']);
    await expect(page.getByTestId('install-success')).toBeVisible({ timeout: 3 * MINUTES });
    await shot(page, '26-install-unblocked');
  } finally {
    try { kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule-']); } catch { /* already removed */ }
    meshdeck('uninstall', '--context', 'sandbox-admin', '--yes');
  }
});

test('an install cancelled half-way shows as incomplete on the overview, and Resume takes it to a verified mesh', async ({ page }) => {
  test.setTimeout(8 * MINUTES);
  meshdeck('uninstall', '--context', 'sandbox-admin', '--yes');
  const nodes = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
  try {
    // istiod cannot schedule, so the install waits on the control plane: cancelled there, its webhooks never exist.
    await installOnTaintedNodes(page, nodes);
    await expect(page.locator('[data-testid="install-blocker"][data-reason="taint"]').first()).toBeVisible({ timeout: 2 * MINUTES });
    await page.getByTestId('install-cancel').click();
    await expect(page.getByTestId('install-cancelled')).toBeVisible({ timeout: MINUTES });
    expect(kubectl(['get', 'mutatingwebhookconfigurations', '-o', 'name'])).not.toContain('istio-sidecar-injector');
    kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule-']);

    // The overview says what is really there (a control plane without its webhooks), not "installed".
    await page.getByTestId('install-back-overview').click();
    await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'incomplete', { timeout: MINUTES });
    const resume = page.getByTestId('open-install');
    await expect(resume).toHaveText('Resume');
    await shot(page, '27-install-incomplete');
    await expectAccessible(page);

    // Resume opens the preview of the options the install was started with, and ends verified.
    await resume.click();
    await expect(page.getByTestId('install-step-preview')).toBeVisible();
    await expect(page.getByTestId('preview-counts')).toBeVisible({ timeout: 2 * MINUTES });
    await page.getByTestId('install-apply').click();
    await expect(page.getByTestId('install-step-apply')).toBeVisible({ timeout: MINUTES });
    await expect(page.getByTestId('install-success')).toBeVisible({ timeout: 3 * MINUTES });
    const verifyChecks = page.getByTestId('install-step-verify').locator('[data-testid^="verify-check-"]');
    expect(await verifyChecks.count()).toBeGreaterThanOrEqual(3);
    for (const check of await verifyChecks.all()) await expect(check).toHaveAttribute('data-status', 'pass');
    await page.getByTestId('install-finish').click();
    await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'installed', { timeout: MINUTES });
  } finally {
    try { kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule-']); } catch { /* already removed */ }
    meshdeck('uninstall', '--context', 'sandbox-admin', '--yes');
  }
});
