import { expect, test } from '@playwright/test';
import { kubectl, uniqueName } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot, watchConsole, expectMeshStateOfCluster } from './helpers.js';

test.describe('contexts and overview (web mode, live sandbox)', () => {
  test('lists contexts and checks each one the user opens, explained, without CSP or page errors', async ({ page }) => {
    const problems = watchConsole(page);
    await openApp(page);
    const list = page.getByTestId('context-list');
    await expect(list.getByTestId('context-row-sandbox-admin')).toBeVisible();
    // Only the context shown is checked (a check may run a credential plugin): the current one at first.
    await expect(page.getByTestId('context-status-sandbox-admin')).toHaveAttribute('data-status', 'reachable');
    await expect(page.getByTestId('context-status-sandbox-extra')).toHaveAttribute('data-status', 'unchecked');
    await page.getByTestId('context-row-sandbox-extra').click();
    await expect(page.getByTestId('context-status-sandbox-extra')).toHaveAttribute('data-status', 'reachable');
    await page.getByTestId('context-row-sandbox-unreachable').click();
    await expect(page.getByTestId('context-status-sandbox-unreachable')).toHaveAttribute('data-status', 'unreachable');
    await expect(page.getByTestId('context-details')).toContainText('Nothing answered at https://127.0.0.1:6999');
    await shot(page, '01-context-list');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  test('opens a context with the keyboard; the overview updates live when a namespace is created', async ({ page }) => {
    await openApp(page);
    const admin = page.getByTestId('context-row-sandbox-admin');
    await expect(admin).toBeVisible();
    await admin.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const overview = page.getByTestId('overview');
    await expect(overview).toBeVisible();
    await expect(page.getByTestId('overview-version')).toContainText('v1.36.3');
    await expect(page.getByTestId('overview-nodes')).toHaveAttribute('data-total', /^[1-9]\d*$/);
    await expect(page.getByTestId('namespace-row-kube-system')).toBeVisible();
    await expectMeshStateOfCluster(page);
    const ns = uniqueName('e2e-live');
    kubectl(['create', 'namespace', ns]);
    kubectl(['label', 'namespace', ns, 'istio-injection=enabled']);
    const row = page.getByTestId(`namespace-row-${ns}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('enabled');
    await shot(page, '02-overview-live');
    await expectAccessible(page);
    kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  test("explains the viewer's 403: which verb on which resource", async ({ page }) => {
    await openApp(page);
    await page.getByTestId('context-row-sandbox-viewer').click();
    await page.getByTestId('context-connect').click();
    const problem = page.getByTestId('problem-nodes');
    await expect(problem).toContainText('not allowed to list nodes');
    await expect(problem).toContainText('sandbox-viewer');
    await expect(page.getByTestId('namespace-row-default')).toBeVisible();
    await shot(page, '03-viewer-forbidden');
    await expectAccessible(page);
  });

  test('command palette switches context from the keyboard; the dark theme is accessible too', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('context-row-sandbox-admin')).toBeVisible();
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    await expect(palette).toBeVisible();
    await page.keyboard.type('extra');
    await shot(page, '04-command-palette');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('overview')).toHaveAttribute('data-context', 'sandbox-extra');
    await expect(page.getByTestId('overview-version')).toContainText('v1.36.3');
    // With a cluster open, the palette offers its tasks and objects, and not the context already open.
    await page.keyboard.press('Control+k');
    await expect(palette).toBeVisible();
    await page.keyboard.type('install');
    await expect(palette.locator('[data-testid^="palette-action-istio:"]').first()).toBeVisible();
    await expect(palette.getByTestId('palette-action-context:sandbox-extra')).toHaveCount(0);
    await palette.getByRole('combobox').fill('kube-system');
    await expect(palette.getByTestId('palette-action-namespace:kube-system')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    const before = await page.locator('html').getAttribute('data-theme');
    expect(['dark', 'light']).toContain(before);
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', before === 'dark' ? 'light' : 'dark');
    await shot(page, '05-overview-other-theme');
    await expectAccessible(page);
  });
});
