import { expect, test, type Page } from '@playwright/test';
import { kubectl, uniqueName } from '../main/testing/sandbox.js';
import { expectAccessible, openApp, shot, tallShot, watchConsole } from './helpers.js';

const MINUTES = 60_000;
const CONTEXT = 'sandbox-admin';

/**
 * Live metrics in web mode against the sandbox's real Prometheus, which scrapes the traffic simulator: a namespace
 * labelled for traffic without sidecars, a front calling reviews (two versions, one failing a third of its requests)
 * and a TCP database; and an empty namespace for the graph's explanation.
 */
const ns = uniqueName('e2e-metrics');
const empty = uniqueName('e2e-quiet');

const APP = `
apiVersion: v1
kind: Namespace
metadata: { name: ${ns}, labels: { sandbox.meshdeck.io/traffic: always } }
---
apiVersion: v1
kind: Namespace
metadata: { name: ${empty} }
---
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "20" } }
spec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: front, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "5", sandbox.meshdeck.io/calls: "reviews=8,db=3" } }
spec: { selector: { app: front }, ports: [{ name: http, port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: ${ns}, annotations: { sandbox.meshdeck.io/rps: "3" } }
spec: { selector: { app: db }, ports: [{ name: tcp-db, port: 5432 }] }
${['reviews:v1:0.3:20', 'reviews:v2:0:120', 'front:v1:0:10', 'db:v1:0:5']
  .map((spec) => {
    const [app, version, err, lat] = spec.split(':');
    return `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app}-${version}, namespace: ${ns}, annotations: { sandbox.meshdeck.io/error-rate: "${err}", sandbox.meshdeck.io/latency-ms: "${lat}" } }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${app}, version: ${version} } }
  template: { metadata: { labels: { app: ${app}, version: ${version} } }, spec: { containers: [{ name: app, image: registry.invalid/${app}:1 }] } }`;
  })
  .join('\n')}
`;

async function openOverview(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId(`context-row-${CONTEXT}`).click();
  await page.getByTestId('context-connect').click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-context', CONTEXT);
}

const lastSample = async (page: Page, chart: string) => Number((await page.getByTestId(chart).getAttribute('data-last-sample')) || 0);

test.describe('live metrics (web mode, the sandbox\'s Prometheus scraping the traffic simulator)', () => {
  test.beforeAll(() => {
    kubectl(['apply', '-f', '-'], { input: APP });
  });
  test.afterAll(() => {
    kubectl(['delete', 'namespace', ns, empty, '--wait=false']);
  });

  test('a service page from the inventory: figures per version, charts that move live, both themes', async ({ page }) => {
    test.setTimeout(6 * MINUTES);
    const problems = watchConsole(page);
    await openOverview(page);
    await page.getByTestId('open-inventory').click();
    await page.getByTestId('inventory-tab-services').click();
    await page.getByTestId('inventory-filter').fill(ns);
    const reviews = page.locator(`[data-testid="inv-row"][data-id="${ns}/reviews"]`);
    await expect(reviews).toBeVisible({ timeout: MINUTES });

    // The Services tab's columns fill in from one summary call (read again every 30 s while the tab is open).
    await expect(reviews.getByTestId('metric-rps')).toContainText('req/s', { timeout: 3 * MINUTES });
    await expect(reviews.getByTestId('metric-success')).toContainText('%');
    await expect(reviews.getByTestId('metric-p99')).toContainText('ms');
    await page.getByTestId('inventory-sort-rps').click();
    await expect(page.getByTestId('inventory-sort-rps').locator('..')).toHaveAttribute('aria-sort', 'ascending');
    await shot(page, '74-inventory-services-metrics');
    await expectAccessible(page);

    await reviews.getByTestId('open-service').click();
    const servicePage = page.getByTestId('service-page');
    await expect(servicePage).toHaveAttribute('data-service', `${ns}/reviews`);
    await expect(page.getByTestId('metrics-source')).toContainText('monitoring/prometheus');

    // Both versions, each ratio with the requests behind it; v1 fails about a third of its requests.
    const v1 = page.locator('[data-testid="version-row"][data-version="v1"]');
    const v2 = page.locator('[data-testid="version-row"][data-version="v2"]');
    await expect(v1).toBeVisible({ timeout: 3 * MINUTES });
    await expect(v2).toBeVisible();
    await expect(v1).toContainText('of ');
    await expect(v1).toContainText('failed');
    for (const chart of ['chart-rps', 'chart-success', 'chart-latency']) {
      await expect(page.getByTestId(chart)).toHaveAttribute('data-lines', '2');
      // A line is drawn for each version (a flat one has no height, so its path is checked, not its box).
      await expect(page.getByTestId(chart).locator('path.recharts-line-curve[d^="M"]')).toHaveCount(2);
    }
    await expect(page.getByTestId('chart-success')).toContainText('5xx count as failures');

    // Live: a later refresh brings a later point, without a reload.
    const first = await lastSample(page, 'chart-rps');
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => lastSample(page, 'chart-rps'), { timeout: 2 * MINUTES, intervals: [2000] }).toBeGreaterThan(first);
    await expect(page.getByTestId('service-live')).toHaveAttribute('data-status', 'live');

    // Five minutes: the new namespace's few minutes of traffic fill more of the chart.
    await page.getByTestId('range-5m').check();
    await expect(page.getByTestId('chart-rps')).toHaveAttribute('data-lines', '2', { timeout: MINUTES });
    // A tooltip with units under the pointer.
    const plot = page.getByTestId('chart-rps').locator('.recharts-surface');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await expect(page.locator('.chart-tooltip').first()).toContainText('req/s');
    await shot(page, '70-service-page');
    await expectAccessible(page);

    // The other theme stays readable; counting 4xx re-reads the figures.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('count-4xx').check();
    await expect(page.getByTestId('chart-success')).toContainText('4xx and 5xx', { timeout: MINUTES });
    await page.getByTestId('range-1h').check();
    await expect(page.getByTestId('chart-rps')).toHaveAttribute('data-lines', '2', { timeout: MINUTES });
    await page.mouse.move(0, 0);
    await shot(page, '71-service-page-other-theme');
    await expectAccessible(page);
    await page.getByTestId('theme-toggle').click();
    expect(problems).toEqual([]);
  });

  test('the service graph: who calls whom with rate, errors and mTLS; a node opens its service; an empty namespace is explained', async ({ page }) => {
    test.setTimeout(5 * MINUTES);
    const problems = watchConsole(page);
    await openOverview(page);
    await page.getByTestId('open-graph').click();
    const graph = page.getByTestId('graph-page');
    await expect(graph).toBeVisible();
    await page.getByTestId('graph-namespace').fill(ns);
    await page.getByTestId('graph-namespace-show').click();
    await expect(graph).toHaveAttribute('data-namespace', ns);

    // Laid out by the layout library (in its worker): the front calls reviews and the database.
    const reviewsNode = page.locator(`[data-testid="graph-node"][data-id="service:${ns}/reviews"]`);
    await expect(async () => {
      await page.getByTestId('graph-namespace-show').click();
      await expect(reviewsNode).toBeVisible({ timeout: 5000 });
      await expect(page.locator(`[data-testid="graph-node"][data-id="service:${ns}/db"]`)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 3 * MINUTES, intervals: [5000] });
    await expect(page.locator(`[data-testid="graph-node"][data-id="workload:${ns}/front-v1"]`)).toBeVisible();
    await expect(page.getByTestId('graph-edge')).not.toHaveCount(0);
    // Every edge says its rate, errors and security; the table lists them for screen readers.
    const canvas = page.getByTestId('graph-canvas');
    await expect(canvas).toContainText('req/s');
    await expect(canvas).toContainText('errors');
    await expect(canvas).toContainText('(TCP)');
    await page.getByText('Every connection as a table').click();
    await expect(page.locator('[data-testid="graph-edge-row"]').first()).toBeVisible();
    await expect(page.getByTestId('mtls-table')).toBeVisible();
    await tallShot(page, '72-service-graph');
    await expectAccessible(page);

    // A service node opens its page; Back returns to the graph of the namespace.
    await reviewsNode.click();
    await expect(page.getByTestId('service-page')).toHaveAttribute('data-service', `${ns}/reviews`);
    await page.goBack();
    await expect(page.getByTestId('graph-page')).toHaveAttribute('data-namespace', ns);

    // A namespace without traffic: the core's diagnosis, in words, with what to do.
    await page.getByTestId('graph-namespace').fill(empty);
    await page.getByTestId('graph-namespace-show').click();
    const diagnosis = page.getByTestId('graph-diagnosis');
    await expect(diagnosis).toHaveAttribute('data-reason', 'no-traffic', { timeout: MINUTES });
    await expect(diagnosis).toContainText(empty);
    await expect(diagnosis).toContainText('What to do');
    await expect(page.getByTestId('graph-node')).toHaveCount(0);
    await shot(page, '73-service-graph-empty');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
