import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { eventually, kubectl, layout, uniqueName } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot, watchConsole, windowShot } from './helpers.js';

const MINUTES = 60_000;
const CONTEXT = 'sandbox-admin';
const NS = uniqueName('e2e-rt');

const meshdeck = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/meshdeck.ts', ...args], {
  encoding: 'utf8', env: { ...process.env, KUBECONFIG: layout.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'],
});
const istiodRunning = () => kubectl(['get', 'deployments', '-A', '-l', 'app=istiod', '-o', 'name']).trim() !== '';

/** A Service with two versions behind it (made with kubectl). */
const APP = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: ${NS} }
spec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: reviews, version: v1 } }
  template: { metadata: { labels: { app: reviews, version: v1 } }, spec: { containers: [{ name: app, image: registry.invalid/reviews:1 }] } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v2, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: reviews, version: v2 } }
  template: { metadata: { labels: { app: reviews, version: v2 } }, spec: { containers: [{ name: app, image: registry.invalid/reviews:2 }] } }
`;

/**
 * Its subsets, and a VirtualService: a header sends jason to v2, everyone else to v1. Made by Meshdeck (its
 * command line), so that Meshdeck owns their fields: an object another tool applied is refused, never taken over.
 */
const ROUTING = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: ${NS} }
spec:
  host: reviews
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: ${NS} }
spec:
  hosts: [reviews]
  http:
  - match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]
`;

const VS_REF = `networking.istio.io/VirtualService/${NS}/reviews`;
const objectUrl = (kind: string, name: string, group = 'networking.istio.io') => `${process.env.MESHDECK_E2E_URL!}#/routing/${CONTEXT}/object/${group}/${kind}/${NS}/${name}`;
const catchAllSubset = () => kubectl(['-n', NS, 'get', 'virtualservice', 'reviews', '-o', 'jsonpath={.spec.http[1].route[0].destination.subset}']);

async function openRoutingFromOverview(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId(`context-row-${CONTEXT}`).click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', CONTEXT);
  await page.getByTestId('open-routing').click();
  await expect(page.getByTestId('routing-page')).toBeVisible();
}

/**
 * Opens an object by its URL (the deep link), logged in, as the cluster has it: a draft an earlier test left (an
 * undone apply keeps the user's text as a draft) is let go first. Waits for the live check of its text.
 */
async function openObject(page: Page, kind = 'VirtualService', name = 'reviews'): Promise<void> {
  await openApp(page);
  await page.goto(objectUrl(kind, name));
  await expect(page.getByTestId('editor')).toHaveAttribute('data-state', 'ready', { timeout: MINUTES });
  if (await page.getByTestId('editor-restored').count()) {
    await page.getByTestId('editor-discard').click();
    await expect(page.getByTestId('editor-restored')).toHaveCount(0);
  }
  await expect(page.locator('[data-testid="yaml-editor"] .view-lines')).toContainText(`kind: ${kind}`, { timeout: MINUTES });
  await expect(page.getByTestId('problems-summary')).not.toHaveText('', { timeout: MINUTES });
}

/** A line of the editor by its text (Monaco draws spaces as no-break spaces: \s matches both). */
const editorLine = (page: Page, line: RegExp) => page.locator('[data-testid="yaml-editor"] .view-line').filter({ hasText: line }).first();

/** Puts the caret at the end of the first line that matches. */
async function caretAtEndOf(page: Page, line: RegExp): Promise<void> {
  await editorLine(page, line).click();
  await page.keyboard.press('End');
}

/** Puts text where the caret is (over the selection), pasted: no auto-closing or auto-indent on the way. */
async function paste(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => (globalThis as unknown as { navigator: { clipboard: { writeText(v: string): Promise<void> } } }).navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}

/** Replaces a value (a word Monaco draws as a token of its own) on the first line that matches: double-click, then type. */
async function replaceValue(page: Page, line: RegExp, value: string, next: string): Promise<void> {
  await editorLine(page, line).locator('span span', { hasText: new RegExp(`^${value}$`) }).first().dblclick();
  await page.keyboard.type(next);
}

test.describe('routing editor (web mode, live sandbox with the real istiod)', () => {
  let installedHere = false;
  test.beforeAll(async () => {
    test.setTimeout(10 * MINUTES);
    if (!istiodRunning()) {
      meshdeck('install', '--context', CONTEXT);
      installedHere = true;
    }
    kubectl(['create', 'namespace', NS]);
    kubectl(['apply', '-f', '-'], { input: APP });
    const file = join(mkdtempSync(join(tmpdir(), 'meshdeck-e2e-routing-')), 'routing.yaml');
    writeFileSync(file, ROUTING);
    meshdeck('config', 'apply', '-f', file, '--context', CONTEXT);
    // Another tool's object: kubectl owns its fields.
    kubectl(['apply', '-f', '-'], { input: `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: ratings, namespace: ${NS} }\nspec: { hosts: [ratings], http: [{ route: [{ destination: { host: ratings } }] }] }\n` });
    await eventually('the v1 and v2 pods', () => kubectl(['-n', NS, 'get', 'pods', '-l', 'app=reviews', '-o', 'name']).trim().split('\n').length >= 2, 2 * MINUTES);
  });
  test.afterAll(() => {
    kubectl(['delete', 'namespace', NS, '--wait=false']);
    if (installedHere) meshdeck('uninstall', '--context', CONTEXT, '--yes');
  });

  test('lists the routing objects and hosts live, and the simulator says where a request goes', async ({ page }) => {
    test.setTimeout(4 * MINUTES);
    const problems = watchConsole(page);
    await openRoutingFromOverview(page);
    await expect(page).toHaveURL(new RegExp(`#/routing/${CONTEXT}$`));

    await page.getByTestId('routing-filter').fill(NS);
    const rows = page.getByTestId('routing-row');
    await expect(rows).toHaveCount(3, { timeout: MINUTES });
    await expect(page.locator(`[data-testid="routing-row"][data-id="${VS_REF}"]`)).toContainText('reviews');
    // ratings routes to a host no Service has: its row says so, the finding in its tooltip.
    const ratings = page.locator('[data-testid="routing-row"][data-kind="VirtualService"][data-name="ratings"]').getByTestId('routing-errors');
    await expect(ratings).toBeVisible();
    await ratings.focus();
    await expect(page.locator('[role="tooltip"]:popover-open')).toContainText('MD101');
    // A new object shows up without a reload.
    kubectl(['apply', '-f', '-'], { input: `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ratings, namespace: ${NS} }\nspec: { host: ratings }\n` });
    await expect(rows).toHaveCount(4, { timeout: MINUTES });
    await page.getByTestId('routing-kind').selectOption('networking.istio.io/DestinationRule');
    await expect(rows).toHaveCount(2);
    await page.getByTestId('routing-kind').selectOption('all');
    await windowShot(page, '60-routing-objects');
    await expectAccessible(page);

    await page.getByTestId('routing-tab-hosts').click();
    await expect(page).toHaveURL(/\/hosts$/);
    const host = page.locator(`[data-testid="host-row"][data-host="reviews.${NS}.svc.cluster.local"]`);
    await expect(host).toHaveAttribute('data-governed-by', 'virtual-service');
    await expect(host.getByTestId('host-summary')).toContainText(`The VirtualService ${NS}/reviews routes traffic to reviews.${NS}.svc.cluster.local inside the mesh.`);

    // The simulator, from the host's row: jason goes to v2 by the first rule; the others fall through to v1.
    await host.getByRole('button', { name: /Simulate a request/ }).click();
    await expect(page.getByTestId('sim-host')).toHaveValue(`reviews.${NS}.svc.cluster.local`);
    await page.getByTestId('sim-source').fill(NS);
    await page.getByTestId('sim-headers').fill('end-user: jason');
    await page.getByTestId('sim-run').click();
    await expect(page.getByTestId('sim-summary')).toContainText(`Rule 0 of VirtualService ${NS}/reviews takes the request`);
    await expect(page.getByTestId('sim-destination')).toHaveAttribute('data-subset', 'v2');
    await expect(page.getByTestId('sim-destination')).toContainText('version=v2');
    await page.getByTestId('sim-headers').fill('');
    await page.getByTestId('sim-run').click();
    await expect(page.locator('[data-testid="sim-step"][data-rule="0"]')).toHaveAttribute('data-matched', 'false');
    await expect(page.locator('[data-testid="sim-step"][data-rule="0"]')).toContainText('header end-user is absent');
    await expect(page.getByTestId('sim-destination')).toHaveAttribute('data-subset', 'v1');
    await shot(page, '61-routing-hosts-simulator');
    await expectAccessible(page);

    // Back and Forward move between the routing pages.
    await page.goBack();
    await expect(page.getByTestId('routing-tab-objects')).toHaveAttribute('aria-selected', 'true');
    await page.goBack();
    await expect(page.getByTestId('overview')).toBeVisible();
    await page.goForward();
    await expect(page.getByTestId('routing-page')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('edits a VirtualService: completion and hover from the CRD, a bad subset marked MD102, the diff, apply and undo', async ({ page }) => {
    test.setTimeout(5 * MINUTES);
    const problems = watchConsole(page);
    await openObject(page);
    await expect(page.getByTestId('problems')).toHaveAttribute('data-errors', '0');

    // Hover on a field: the CRD's own documentation (once the cluster's schemas are in).
    await expect(page.getByTestId('editor')).toHaveAttribute('data-schemas', 'ready', { timeout: MINUTES });
    const hostsKey = page.locator('[data-testid="yaml-editor"] .view-line span', { hasText: /^hosts$/ }).first();
    const docs = page.locator('.monaco-hover').filter({ hasText: 'The destination hosts to which traffic is being sent.' });
    await expect(async () => {
      await page.mouse.move(0, 0);
      await hostsKey.hover();
      await expect(docs).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
    await page.mouse.move(0, 0);

    // Completion of a field of spec, from the schema the cluster serves.
    await caretAtEndOf(page, /^spec:$/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('gatew');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await expect(suggest).toContainText('gateways', { timeout: 30_000 });
    await windowShot(page, '62-editor-completion');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Z');
    await expect(page.locator('[data-testid="yaml-editor"] .view-lines')).not.toContainText('gatew');
    await expect(page.getByTestId('problems')).toHaveAttribute('data-errors', '0', { timeout: 30_000 });

    // A subset no DestinationRule defines: the core's MD102 at its line, underlined, and in the problems list.
    await replaceValue(page, /^\s+subset:\sv1$/, 'v1', 'v9');
    const md102 = page.locator('[data-testid="problem"][data-code^="MD102"]');
    await expect(md102).toBeVisible({ timeout: 30_000 });
    await expect(md102).toContainText('Subset v9');
    await expect(page.locator('[data-testid="yaml-editor"] .squiggly-error').first()).toBeAttached();
    await md102.click();

    // The cluster's own verdict: Istio's webhook in a dry run, and istioctl analyze (IST0101 at the same line).
    await page.getByTestId('editor-validate').click();
    await expect(page.locator('[data-testid="problem"][data-code^="IST0101"]')).toBeVisible({ timeout: 2 * MINUTES });
    await expect(page.getByTestId('editor-validated')).toBeVisible();

    // The simulator beside the editor takes the open document as if it were applied.
    const sim = page.getByTestId('simulator');
    await sim.getByTestId('sim-host').fill('reviews');
    await sim.getByTestId('sim-source').fill(NS);
    await sim.getByTestId('sim-run').click();
    await expect(sim.getByTestId('sim-destination')).toHaveAttribute('data-subset', 'v9');
    await expect(sim.getByTestId('sim-destination')).toContainText('defined in no DestinationRule');
    await windowShot(page, '63-editor-md102');
    await expectAccessible(page);

    // Fixed: v2. The diff against the live object, then apply.
    await replaceValue(page, /^\s+subset:\sv9$/, 'v9', 'v2');
    await expect(md102).toHaveCount(0, { timeout: 30_000 });
    await expect(sim.getByTestId('sim-destination')).toHaveAttribute('data-subset', 'v2', { timeout: 30_000 });
    await page.getByTestId('editor-review').click();
    const diff = page.getByTestId('review-diff');
    await expect(diff).toBeVisible({ timeout: MINUTES });
    await expect(diff.locator('.line-insert, .char-insert').first()).toBeAttached();
    await expect(page.getByTestId('review-entry')).toHaveAttribute('data-status', 'change');
    await windowShot(page, '64-review-diff');
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-applied')).toBeVisible({ timeout: MINUTES });
    expect(catchAllSubset()).toBe('v2');

    await page.getByTestId('undo').click();
    await expect(page.getByTestId('undo-done')).toBeVisible({ timeout: MINUTES });
    expect(catchAllSubset()).toBe('v1');
    expect(problems).toEqual([]);
  });

  test('a change made by someone else meanwhile is a conflict: the three texts, then keep mine over theirs', async ({ page }) => {
    test.setTimeout(4 * MINUTES);
    const problems = watchConsole(page);
    await openObject(page);
    await replaceValue(page, /^\s+subset:\sv1$/, 'v1', 'v2');
    // Someone else edits the VirtualService between open and apply.
    kubectl(['-n', NS, 'annotate', 'virtualservice', 'reviews', 'edited-by=someone-else', '--overwrite']);
    await page.getByTestId('editor-review').click();
    await expect(page.getByTestId('review-diff')).toBeVisible({ timeout: MINUTES });
    await page.getByTestId('apply').click();
    const conflict = page.getByTestId('conflict');
    await expect(conflict).toBeVisible({ timeout: MINUTES });
    await expect(conflict.getByTestId('conflict-theirs')).toContainText('edited-by');
    expect(catchAllSubset()).toBe('v1');
    await windowShot(page, '65-conflict');
    await expectAccessible(page);

    await conflict.getByTestId('conflict-keep-mine').click();
    await expect(page.getByTestId('review-diff')).toBeVisible({ timeout: MINUTES });
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-applied')).toBeVisible({ timeout: MINUTES });
    expect(catchAllSubset()).toBe('v2');
    await page.getByTestId('undo').click();
    await expect(page.getByTestId('undo-done')).toBeVisible({ timeout: MINUTES });
    expect(catchAllSubset()).toBe('v1');

    // An object kubectl applied: its fields are kubectl's, and Meshdeck names the owner rather than take them.
    await openObject(page, 'VirtualService', 'ratings');
    await caretAtEndOf(page, /^\s+host:\sratings$/);
    await page.keyboard.press('Enter');
    await paste(page, 'port: { number: 9080 }');
    await page.getByTestId('editor-review').click();
    await expect(page.getByTestId('review-diff')).toBeVisible({ timeout: MINUTES });
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-owned')).toContainText('kubectl-client-side-apply', { timeout: MINUTES });
    expect(kubectl(['-n', NS, 'get', 'virtualservice', 'ratings', '-o', 'jsonpath={.spec.http[0].route[0].destination.port}'])).toBe('');
    await windowShot(page, '66-owned');
    expect(problems).toEqual([]);
  });

  test('a wizard round-trips the object untouched, shows the effective split, and its edit survives a reload as a draft', async ({ page }) => {
    test.setTimeout(4 * MINUTES);
    const problems = watchConsole(page);
    await openObject(page);
    const before = await page.locator('[data-testid="yaml-editor"] .view-lines').innerText();

    await page.getByTestId('editor-wizards').click();
    const dialog = page.getByTestId('wizard-dialog');
    await expect(dialog.getByTestId('wizard-traffic-shift')).toHaveAttribute('data-available', 'true', { timeout: 30_000 });
    await expect(dialog.getByTestId('wizard-circuit-breaker')).toHaveAttribute('data-available', 'false');
    await dialog.getByTestId('wizard-traffic-shift').click();
    // Untouched: nothing to write.
    await expect(dialog.getByTestId('wizard-unchanged')).toBeVisible({ timeout: 30_000 });
    await expect(dialog.getByTestId('wizard-insert')).toBeDisabled();

    // Weights are relative: the core says what they make.
    await dialog.getByTestId('wizard-split-add').click();
    await dialog.getByTestId('wizard-split-subset-1').fill('v2');
    await dialog.getByTestId('wizard-split-weight-1').fill('10');
    await expect(dialog.getByTestId('wizard-split-effective')).toContainText('Effective split: v1 90.9%, v2 9.1%', { timeout: 30_000 });
    await expect(dialog.getByTestId('wizard-diff')).toBeVisible();
    await dialog.getByTestId('wizard-split-weight-0').fill('90');
    await expect(dialog.getByTestId('wizard-split-effective')).toContainText('Effective split: v1 90%, v2 10%', { timeout: 30_000 });
    await windowShot(page, '67-wizard-traffic-shift');
    await expectAccessible(page);
    await dialog.getByTestId('wizard-insert').click();
    await expect(dialog).toHaveCount(0);
    // The catch-all rule is the last: the editor draws only the lines in view.
    await page.locator('[data-testid="yaml-editor"] .view-lines').click();
    await page.keyboard.press('Control+End');
    await expect(page.locator('[data-testid="yaml-editor"] .view-lines')).toContainText('weight: 10');
    expect(await page.locator('[data-testid="yaml-editor"] .view-lines').innerText()).not.toBe(before);

    // The edit is kept by the core: a reload brings it back, marked as a restored draft.
    await expect(page.getByTestId('draft-status')).toContainText('draft kept', { timeout: 30_000 });
    await page.reload();
    await expect(page.getByTestId('editor-restored')).toBeVisible({ timeout: MINUTES });
    await page.locator('[data-testid="yaml-editor"] .view-lines').click();
    await page.keyboard.press('Control+End');
    await expect(page.locator('[data-testid="yaml-editor"] .view-lines')).toContainText('weight: 10', { timeout: MINUTES });
    // The other theme: the editor's colours follow the app's.
    await page.getByTestId('theme-toggle').click();
    await windowShot(page, '68-draft-restored-other-theme');
    await expectAccessible(page);
    await page.getByTestId('editor-discard').click();
    await expect(page.getByTestId('editor-restored')).toHaveCount(0);
    await expect(page.locator('[data-testid="yaml-editor"] .view-lines')).not.toContainText('weight: 10', { timeout: MINUTES });
    expect(catchAllSubset()).toBe('v1');
    expect(problems).toEqual([]);
  });

  test('bad input: broken YAML, an unserved version, 5,000 lines and a 10 MB paste get the core\'s words or a clear refusal, and nothing is applied', async ({ page }) => {
    test.setTimeout(5 * MINUTES);
    const problems = watchConsole(page);
    await openRoutingFromOverview(page);
    await page.getByTestId('routing-new').click();
    await page.getByTestId('routing-new-namespace').fill(NS);
    await page.getByTestId('routing-template-virtual-service').click();
    await expect(page.getByTestId('editor')).toHaveAttribute('data-state', 'ready', { timeout: MINUTES });
    await expect(page).toHaveURL(/#\/routing\/[^/]+\/draft\/n-/);
    await expect(page.locator('[data-testid="yaml-editor"] .view-lines')).toContainText('kind: VirtualService');
    const editor = page.locator('[data-testid="yaml-editor"] .view-lines');

    // Pasted, as a user would: the whole text at once through the clipboard.
    const replaceAll = async (text: string) => {
      await editor.click();
      await page.keyboard.press('Control+A');
      await paste(page, text);
    };
    await replaceAll('apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: broken\n');
    await expect(page.locator('[data-testid="problem"][data-code^="MD002"]').first()).toBeVisible({ timeout: 30_000 });

    await replaceAll(`apiVersion: networking.istio.io/v9\nkind: VirtualService\nmetadata: { name: future, namespace: ${NS} }\nspec: { hosts: [reviews] }\n`);
    await expect(page.locator('[data-testid="problem"][data-code^="MD003"]')).toContainText('v9 is not served', { timeout: 30_000 });

    // 5,000 lines: still checked, quickly enough to type on.
    const many = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: long, namespace: ${NS} }\nspec:\n  hosts: [reviews]\n  http:\n${Array.from({ length: 1665 }, (_, i) => `  - match: [{ uri: { prefix: /p${i} } }]\n    route: [{ destination: { host: reviews, subset: v${i % 2 ? 1 : 9} } }]\n    timeout: 2s`).join('\n')}\n`;
    expect(many.split('\n').length).toBeGreaterThan(5000);
    await replaceAll(many);
    await expect(page.locator('[data-testid="problem"][data-code^="MD102"]').first()).toBeVisible({ timeout: MINUTES });

    // 10 MB: refused here, before anything is sent; the editor stays usable and keeps the text; Apply waits.
    await replaceAll(`# ${'x'.repeat(100)}\n`.repeat(100_000));
    await expect(page.getByTestId('editor-too-large')).toContainText('too large to send', { timeout: MINUTES });
    await expect(page.getByTestId('editor-review')).toBeDisabled();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('# still typing ');
    await expect(editor).toContainText('# still typing', { timeout: 30_000 });
    await windowShot(page, '69-too-large');
    await replaceAll('apiVersion: networking.istio.io/v1\n');
    await expect(page.getByTestId('editor-too-large')).toHaveCount(0);
    expect(kubectl(['-n', NS, 'get', 'virtualservices', '-o', 'name']).trim().split('\n').sort()).toEqual(['virtualservice.networking.istio.io/ratings', 'virtualservice.networking.istio.io/reviews']);

    // The draft goes with the user's say-so.
    await page.getByTestId('editor-back').click();
    await expect(page.getByTestId('routing-drafts')).toBeVisible();
    const drafts = page.getByTestId('routing-draft');
    await expect(drafts.first()).toBeVisible();
    for (let i = 0; i < 100 && (await drafts.count()) > 0; i++) {
      const id = await drafts.first().getAttribute('data-id');
      await drafts.first().getByRole('button', { name: /Discard/ }).click();
      await expect(page.locator(`[data-testid="routing-draft"][data-id="${id}"]`)).toHaveCount(0);
    }
    await expect(page.getByTestId('routing-drafts')).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});
