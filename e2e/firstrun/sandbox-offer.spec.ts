import { expect, test } from '@playwright/test';
import { expectAccessible, openApp, shot } from '../helpers.js';

test('with no reachable cluster, the app offers the sandbox, starts it with live progress and opens it', async ({ page }) => {
  await openApp(page);
  const offer = page.getByTestId('sandbox-offer');
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sandbox-state')).toHaveAttribute('data-state', 'stopped');
  await shot(page, '10-first-run-offer');
  await expectAccessible(page);
  await page.getByTestId('sandbox-start').click();
  const progress = page.getByTestId('sandbox-progress');
  await expect(progress).toContainText('kube-apiserver', { timeout: 60_000 });
  await shot(page, '11-first-run-progress');
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', 'sandbox-admin', { timeout: 120_000 });
  await expect(page.getByTestId('overview-nodes')).toHaveAttribute('data-ready', '3');
  await expect(page.getByTestId('namespace-row-monitoring')).toBeVisible();
  await shot(page, '12-first-run-sandbox-open');
});
