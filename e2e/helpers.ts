import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { kubectl } from '../main/testing/sandbox.js';
import type { WebSessionCookie } from './web-login.js';

export const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SCREENSHOTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/**
 * What the window shows, nothing more: for pages whose scrolling area is sized to the window, which a
 * full-page shot would stretch (the window grows to the page, the area to the window, and so on).
 */
export async function windowShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
}

/**
 * A full-page shot taken with the window as tall as the page, so that sticky bars (the header, a step's
 * Back/Next footer) sit where they belong instead of being drawn mid-page. The window size is restored after.
 */
export async function tallShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1360, height: 860 };
  await page.evaluate('window.scrollTo(0, 0)');
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  await shot(page, name);
  await page.setViewportSize(size);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Fails the test on any CSP violation or page error. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return problems;
}

/** Opens the app logged in with the run's session (see global-setup.ts). */
export async function openApp(page: Page): Promise<void> {
  const { name, value } = JSON.parse(process.env.MESHDECK_E2E_SESSION!) as WebSessionCookie;
  await page.context().addCookies([{ name, value, url: process.env.MESHDECK_E2E_URL!, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(process.env.MESHDECK_E2E_URL!);
  await expect(page).toHaveURL(process.env.MESHDECK_E2E_URL!);
}

/**
 * The mesh state the overview must show for the sandbox as kubectl sees it now: installed when an istiod
 * Deployment runs, crds-only when only Istio's CRDs are there, not-installed otherwise. (An incomplete
 * install is its own state; the specs that make one wait for it explicitly.)
 */
export function meshStateOfCluster(): string {
  if (kubectl(['get', 'deployments', '-A', '-l', 'app=istiod', '-o', 'name']).trim()) return 'installed';
  if (kubectl(['get', 'crd', '-o', 'name']).split('\n').some((n) => /istio\.io$/.test(n))) return 'crds-only';
  return 'not-installed';
}

/** Waits until the overview shows the mesh as the cluster really is (not merely any state at all). */
export async function expectMeshStateOfCluster(page: Page, timeout?: number): Promise<void> {
  await expect(page.getByTestId('mesh-status')).toHaveAttribute('data-state', meshStateOfCluster(), { timeout });
}
