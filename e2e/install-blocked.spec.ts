import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { kubectl, layout } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot } from './helpers.js';

const MINUTES = 60_000;
const meshdeck = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: layout.kubeconfig } });

test('the wizard explains FailedScheduling on tainted nodes, names the taint and the nodes, and finishes once it is fixed', async ({ page }) => {
  test.setTimeout(6 * MINUTES);
  meshdeck('uninstall', '--context', 'sandbox-admin', '--yes');
  const nodes = kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}']).split(' ');
  try {
    await openApp(page);
    await page.getByTestId('context-row-sandbox-admin').click();
    await page.getByTestId('context-connect').click();
    await page.getByTestId('open-install').click();
    await expect(page.getByTestId('precheck-summary')).toBeVisible({ timeout: 2 * MINUTES });
    await page.getByTestId('install-next').click();
    await page.getByTestId('install-next').click();
    await expect(page.getByTestId('preview-counts')).toBeVisible({ timeout: 2 * MINUTES });

    // The nodes get a taint between the checks and the install: the rollout cannot schedule istiod.
    kubectl(['taint', 'nodes', ...nodes, 'dedicated=infra:NoSchedule', '--overwrite']);
    await page.getByTestId('install-apply').click();
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
