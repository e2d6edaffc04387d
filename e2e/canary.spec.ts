import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { kubectl, layout } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot, tallShot, watchConsole } from './helpers.js';

const MINUTES = 60_000;
const CONTEXT = 'sandbox-admin';
/** The sample app (main/canary/sample.ts): what the "Try it" button deploys. */
const SAMPLE_NS = 'meshdeck-sample';

const meshdeck = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, KUBECONFIG: layout.kubeconfig },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const istiodRunning = () => kubectl(['get', 'deployments', '-A', '-l', 'app=istiod', '-o', 'name']).trim() !== '';

/** Records desktop notifications instead of showing them (permission granted), for the test to read. */
const NOTIFICATION_RECORDER = `
  window.__notifications = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { window.__notifications.push({ title, ...(options || {}) }); }
  };
`;
const notifications = (page: Page) => page.evaluate(() => (globalThis as unknown as { __notifications: { title: string; body?: string }[] }).__notifications);

async function openOverview(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId(`context-row-${CONTEXT}`).click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', CONTEXT);
  await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', 'installed', { timeout: MINUTES });
}

/** The plan for the test: steps 25, 50, 100, each held 15 s; preview it (nothing changes), then start it. */
async function planAndStart(page: Page, screenshot?: string): Promise<void> {
  const form = page.getByTestId('plan-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('plan-namespace')).toHaveValue(SAMPLE_NS);
  await expect(page.getByTestId('plan-service')).toHaveValue('helloworld');
  await expect(page.getByTestId('plan-stable')).toHaveValue('v1');
  await expect(page.getByTestId('plan-canary')).toHaveValue('v2');
  await page.getByTestId('plan-steps-custom').check();
  await page.getByTestId('plan-custom-steps').fill('25, 50, 100');
  await page.getByTestId('plan-hold').fill('15');
  await expect(page.getByTestId('plan-start')).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('plan-preview-button').click();
  const preview = page.getByTestId('plan-preview');
  await expect(preview).toHaveAttribute('data-problems', '0', { timeout: MINUTES });
  await expect(page.getByTestId('plan-yaml')).toContainText('helloworld');
  await expect(page.getByTestId('plan-start')).toHaveAttribute('aria-disabled', 'false');
  if (screenshot) {
    await tallShot(page, screenshot);
    await expectAccessible(page);
  }
  await page.getByTestId('plan-start').click();
  await expect(page.getByTestId('rollout-view')).toHaveAttribute('data-phase', 'progressing', { timeout: MINUTES });
}

test.describe('canary rollouts (web mode, the sample app on the sandbox with the real istiod and Prometheus)', () => {
  let installedHere = false;
  test.beforeAll(() => {
    if (!istiodRunning()) {
      meshdeck('install', '--context', CONTEXT);
      installedHere = true;
    }
    // A fresh sample: no rollout left by an earlier run.
    kubectl(['delete', 'namespace', SAMPLE_NS, '--ignore-not-found', '--wait=true', '--timeout=180s']);
  });
  test.afterAll(() => {
    kubectl(['delete', 'namespace', SAMPLE_NS, '--ignore-not-found', '--wait=false']);
    if (installedHere) meshdeck('uninstall', '--context', CONTEXT, '--yes');
  });

  test('the sample app: a rollout steps up, the canary turns bad and it rolls back with the reason; another is aborted', async ({ page }) => {
    test.setTimeout(10 * MINUTES);
    const problems = watchConsole(page);
    await page.addInitScript(NOTIFICATION_RECORDER);
    await openOverview(page);

    // "Try it": the sample deploys and the canary page opens prefilled.
    await page.getByTestId('overview-try-sample').getByTestId('try-sample').click();
    const canaryPage = page.getByTestId('canary-page');
    await expect(canaryPage).toHaveAttribute('data-target', `${SAMPLE_NS}/helloworld`, { timeout: MINUTES });
    await expect(canaryPage).toHaveAttribute('data-state', 'planning');
    await planAndStart(page, '80-canary-plan-preview');

    // This page drives it (nobody else does) and says so; it steps up on live metrics.
    const rollout = page.getByTestId('rollout-view');
    await expect(page.getByTestId('canary-driver')).toHaveAttribute('data-here', 'true');
    await expect(page.locator('[data-testid="timeline-step"][data-state="current"]')).toContainText('25%');
    await expect(page.getByTestId('canary-action-pause')).toHaveAttribute('aria-disabled', 'false');
    await expect(page.getByTestId('canary-action-finalize')).toHaveAttribute('aria-disabled', 'true');
    await expect(rollout).toHaveAttribute('data-weight', '50', { timeout: 4 * MINUTES });
    await expect(page.locator('[data-testid="timeline-step"][data-state="current"]')).toContainText('50%');
    await expect(page.locator('[data-testid="decision"][data-action="promote"]').first()).toContainText('Gates passed');
    await expect.poll(async () => (await notifications(page)).map((n) => n.title)).toContain('helloworld: v2 promoted to 50%');

    // Turn the canary bad at once (before the 50% step is judged): its gates fail and it rolls back.
    await page.getByTestId('sample-bad').check();
    await expect(page.getByTestId('sample-switch')).toHaveAttribute('data-bad', 'true');
    await expect(page.getByTestId('canary-hold')).toBeVisible();
    await expect(page.getByTestId('canary-chart-rps')).toHaveAttribute('data-lines', '2', { timeout: 2 * MINUTES });
    await expect(page.getByTestId('canary-chart-success')).toContainText('Gate: success rate at least 99%');
    await shot(page, '81-canary-progressing');
    await expectAccessible(page);

    await expect(rollout).toHaveAttribute('data-phase', 'rolled-back', { timeout: 3 * MINUTES });
    await expect(rollout).toHaveAttribute('data-weight', '0');
    const rollback = page.locator('[data-testid="decision"][data-action="rollback"]');
    await expect(rollback).toHaveCount(1);
    await expect(rollback).toContainText('Gate failed');
    await expect(rollback).toContainText('back to stable');
    await expect(page.locator('[data-testid="timeline-step"][data-state="stopped"]')).toContainText('50%');
    await expect.poll(async () => (await notifications(page)).map((n) => n.title)).toContain('helloworld rolled back to v1');
    for (const action of ['pause', 'resume', 'promote', 'promote-full', 'abort', 'finalize', 'approve']) {
      await expect(page.getByTestId(`canary-action-${action}`)).toHaveAttribute('aria-disabled', 'true');
    }
    await shot(page, '82-canary-rolled-back');
    await expectAccessible(page);

    // Another rollout of the same service, healthy again, aborted by a person after a confirmation.
    await page.getByTestId('sample-bad').uncheck();
    await expect(page.getByTestId('sample-switch')).toHaveAttribute('data-bad', 'false');
    await page.getByTestId('canary-plan-again').click();
    await planAndStart(page);
    await expect(page.getByTestId('canary-action-abort')).toHaveAttribute('aria-disabled', 'false');
    await page.getByTestId('canary-action-abort').click();
    const confirm = page.getByTestId('canary-confirm');
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('All traffic goes back to v1');
    await shot(page, '83-canary-abort-confirm');
    await expectAccessible(page);
    await page.getByTestId('canary-confirm-ok').click();
    await expect(rollout).toHaveAttribute('data-phase', 'aborted', { timeout: MINUTES });
    await expect(page.locator('[data-testid="decision"][data-action="abort"]')).toContainText('Aborted by a person');
    await expect(page.getByTestId('canary-weights')).toHaveAttribute('data-weight', '0');
    await shot(page, '84-canary-aborted');
    await expectAccessible(page);

    // The list of rollouts, in the other theme.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('canary-all').click();
    await expect(page.locator('[data-testid="rollout-row"][data-phase="aborted"]')).toContainText('helloworld');
    await shot(page, '85-canary-rollouts-other-theme');
    await expectAccessible(page);
    await page.getByTestId('theme-toggle').click();
    expect(problems).toEqual([]);
  });
});
